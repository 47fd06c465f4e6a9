"""The data layer: tables, the engine, migrations, queries, importers and the demo street."""
