#!/usr/bin/env bash
# Start the machine's PostgreSQL 15 server and make sure the test role exists.
# Prints the DATABASE_URL to use.
set -euo pipefail

cluster_status() { pg_lsclusters --no-header 15 main 2>/dev/null | awk '{print $4}'; }
if [ "$(cluster_status)" != "online" ]; then
    pg_ctlcluster 15 main start
fi
for _ in $(seq 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
done
pg_isready -q -h 127.0.0.1 -p 5432

# CREATEDB: pytest-django creates and drops its own test database.
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portfolio') THEN
    CREATE ROLE portfolio LOGIN PASSWORD 'portfolio' CREATEDB;
  END IF;
END
$$;
SQL
echo "postgres://portfolio:portfolio@127.0.0.1:5432/portfolio"
