-- What the app role may do: rows only. Run as the owner role after the first
-- `streetdash migrate` (and again after an upgrade's; it is safe to repeat):
--   psql 'postgresql://streetdash_owner:…@127.0.0.1/streetdash' -v app=streetdash_app -f grants.sql
-- The audit log is append-only for it (its triggers refuse UPDATE and DELETE in any case, and
-- only the owner could disable them), and it reads the schema version but never writes it: at
-- start the app and the CLI find the schema at head, which needs no more than reading it.
\set ON_ERROR_STOP on

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM :"app";
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM :"app";
-- Tables a later migration adds are readable and writable at once, so an upgrade that forgot
-- this file leaves the app working; run it anyway for the two revocations above.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";
