#!/usr/bin/env bash
# n8n in queue mode on this machine, with this package on every process: installs what is missing
# (Debian's redis-server and postgresql, the pinned n8n app), then starts Postgres and Redis on
# 127.0.0.1 with throwaway data folders, an n8n main instance, N workers (default 2), each with the
# package installed as a community package, and the OctoAI emulator; imports the examples and their
# credential; prints the editor URL. Ctrl-C stops everything it started.
#
#   bash scripts/scale.sh                 # 2 workers
#   bash scripts/scale.sh --workers 4 --concurrency 5 --port 5800 --latency-ms 2000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh
bash scripts/scale-install.sh
bash scripts/e2e-install.sh >/dev/null
exec node_modules/.bin/tsx scripts/scale.cts "$@"
