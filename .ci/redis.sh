#!/usr/bin/env bash
# Starts a throwaway Redis server for the test run and prints its URL. Installs
# Debian's redis-server when it is missing. The server keeps nothing on disk, is
# bounded in memory (evicting the least recently used keys, as a production
# cache should be set up) and stops when CI's machine does.
set -euo pipefail
PORT=${REDIS_PORT:-63790}
if ! command -v redis-server >/dev/null; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --maxmemory 64mb --maxmemory-policy allkeys-lru --daemonize yes >/dev/null
for _ in $(seq 50); do
    if redis-cli -p "$PORT" ping >/dev/null 2>&1; then
        echo "redis://127.0.0.1:$PORT/0"
        exit 0
    fi
    sleep 0.1
done
echo "Redis did not start on port $PORT" >&2
exit 1
