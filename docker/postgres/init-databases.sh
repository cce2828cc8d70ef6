#!/bin/bash
# Runs once, when the postgres container starts on an empty data volume (the image's /docker-entrypoint-initdb.d):
# one role and one database for the gateway nodes, one for Keycloak. Their passwords come from the environment
# (docker/.env), read by psql's \getenv, so that they appear on no command line.
set -euo pipefail
: "${BRIDGEWAY_DB_PASSWORD:?set BRIDGEWAY_DB_PASSWORD in docker/.env}"
: "${KEYCLOAK_DB_PASSWORD:?set KEYCLOAK_DB_PASSWORD in docker/.env}"
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres <<'SQL'
\getenv bridgeway_password BRIDGEWAY_DB_PASSWORD
\getenv keycloak_password KEYCLOAK_DB_PASSWORD
CREATE ROLE bridgeway LOGIN PASSWORD :'bridgeway_password';
CREATE DATABASE bridgeway OWNER bridgeway;
REVOKE ALL ON DATABASE bridgeway FROM PUBLIC;
CREATE ROLE keycloak LOGIN PASSWORD :'keycloak_password';
CREATE DATABASE keycloak OWNER keycloak;
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;
SQL
