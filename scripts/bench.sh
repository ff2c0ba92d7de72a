#!/usr/bin/env bash
# `make bench`: install the benchmark tools (wrk), start a throw-away PostgreSQL, run everything.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null && [ "$(id -u)" = "0" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null || apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
source scripts/postgres.sh
export BENCH_POSTGRES_URL="$DATABASE_URL"
unset DATABASE_URL
.venv/bin/python -m benchmarks.run
