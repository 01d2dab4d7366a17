#!/usr/bin/env bash
# `npm run bench:scale`: throughput of this package in n8n's queue mode with 1 and then 2 workers
# (executions/s, images/s, peak RSS per worker, Postgres growth per 100 images). Installs what it
# needs first (as scripts/scale.sh); flags go to scripts/bench-scale.cts (--calls, --latency-ms, --concurrency).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh
bash scripts/scale-install.sh
bash scripts/e2e-install.sh >/dev/null
exec node_modules/.bin/tsx scripts/bench-scale.cts "$@"
