-- The database of a district and its two roles; run once as the PostgreSQL superuser:
--   sudo -u postgres psql -v owner=streetdash_owner -v owner_password='…' \
--        -v app=streetdash_app -v app_password='…' -v database=streetdash -f create.sql
-- The owner role owns the database and every table and runs `streetdash migrate`; the app
-- processes and the report timer connect as the app role, which owns nothing and may only read
-- and write rows (grants.sql, after the first migrate). Neither role is a superuser.
\set ON_ERROR_STOP on

CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'app_password';
CREATE DATABASE :"database" OWNER :"owner" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"app";

\connect :"database"
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
