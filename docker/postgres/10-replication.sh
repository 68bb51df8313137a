#!/usr/bin/env bash
# Primary side of the optional read replica (compose `--profile replica`): a replication role and the
# pg_hba line that lets the replica stream WAL. Runs once, when the database is first created (Docker's
# postgres image runs /docker-entrypoint-initdb.d/*); on an existing database run it by hand:
#   docker compose exec -e REPLICATION_PASSWORD=... postgres bash /docker-entrypoint-initdb.d/10-replication.sh
set -euo pipefail
if [ -z "${REPLICATION_PASSWORD:-}" ]; then
  echo "REPLICATION_PASSWORD unset: no read replica"
  exit 0
fi
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
  -v password="$REPLICATION_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE replicator WITH REPLICATION LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replicator')\gexec
ALTER ROLE replicator WITH PASSWORD :'password';
SQL
hba="${PGDATA:-/var/lib/postgresql/data}/pg_hba.conf"
grep -q "^host replication replicator" "$hba" || echo "host replication replicator all scram-sha-256" >> "$hba"
psql --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" -c "SELECT pg_reload_conf()" >/dev/null
