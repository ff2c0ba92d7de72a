#!/usr/bin/env bash
# `make bench`: install the benchmark tools (wrk), start a throw-away PostgreSQL, run everything.
set -euo pipefail
cd "$(dirname "$0")/.."
# wrk (load generator) and R's survey package (the reference for the survey benchmark)
want=()
command -v wrk >/dev/null || want+=(wrk)
Rscript -e 'library(survey)' >/dev/null 2>&1 || want+=(r-base-core r-cran-survey)
if [ ${#want[@]} -gt 0 ] && [ "$(id -u)" = "0" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
fi
# the survey benchmark's Python peers (svy, samplics), kept out of the runtime dependencies
.venv/bin/pip install --quiet -e '.[dev,bench]'
source scripts/postgres.sh
export BENCH_POSTGRES_URL="$DATABASE_URL"
unset DATABASE_URL
.venv/bin/python -m benchmarks.run
.venv/bin/python -m benchmarks.trend_bench  # issue 15: two waves of 300,000 against R
# search with Danish compound words and synonyms: bench-results/search.md
.venv/bin/python -m benchmarks.search_bench
# 500 activity sign-ups at once across 20 activities: bench-results/activities.md
.venv/bin/python -m benchmarks.activities_load
