"""The data layer: tables, the engine, migrations, record reads, writes and checks, the audit log,
accounts, settings and backups. The importer (`importing/`) and the demo data (`demo/`) sit above
it and write through it."""
