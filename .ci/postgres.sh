#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the test suite and print its
# DATABASE_URL on stdout (everything else goes to stderr).
#
# The server gets a fresh data directory of its own, so the result does not
# depend on the machine's packaged cluster being present, configured or
# running. The server binaries come from Debian's postgresql package, which is
# installed when missing.
set -euo pipefail

PORT=${PORTFOLIO_PG_PORT:-54329}
DATA=${PORTFOLIO_PG_DATA:-/tmp/portfolio-ci-postgres}
# The folder is deleted and made afresh: only a throwaway folder under /tmp will do.
case "$DATA" in
    /tmp/?*) ;;
    *) echo "PORTFOLIO_PG_DATA must be a folder under /tmp, not $DATA" >&2; exit 1 ;;
esac

find_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BIN=$(find_bindir)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    echo "Installing PostgreSQL from Debian's packages" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    BIN=$(find_bindir)
fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2
    exit 1
fi

# PostgreSQL refuses to run as root: run it as the postgres system user.
if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

# Stop a server left over from an earlier run, then start from scratch.
if [ -f "$DATA/postmaster.pid" ]; then
    as_postgres "$BIN/pg_ctl" -D "$DATA" -m immediate stop >&2 || true
fi
rm -rf "$DATA"
mkdir -p "$DATA"
chown postgres "$DATA"
chmod 700 "$DATA"

# Over TCP every role needs its password; the superuser connects only through the
# socket, which lives in the data folder that only the postgres user can open.
as_postgres "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --no-sync \
    --auth-local=trust --auth-host=scram-sha-256 >&2
if ! as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
        -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2; then
    cat "$DATA/server.log" >&2 || true
    exit 1
fi

# CREATEDB: pytest-django creates and drops its own test database.
as_postgres "$BIN/psql" -q -h "$DATA" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE portfolio LOGIN PASSWORD 'portfolio' CREATEDB" >&2

echo "postgres://portfolio:portfolio@127.0.0.1:$PORT/portfolio"
