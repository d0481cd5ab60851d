#!/bin/sh
# Creates the restricted role the platform's processes use (docker-compose only).
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE vigil_app LOGIN PASSWORD '${VIGIL_APP_PASSWORD:-change-me-app}';
SQL
