#!/usr/bin/env bash
# `npm run test:reliability`: the reliability suites (test/reliability: concurrency, bad input, faults,
# token hygiene, load at CI size), then the benchmark and the 1,000-item load run (scripts/reliability.cts),
# then one summary: cases tried, faults injected and survived, items lost, token hits, peak memory.
# RELIABILITY_ITEMS sets the load script's size (default 1000); other flags go to scripts/reliability.cts.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/node24.sh
set +e

report="$(mktemp -d)"
trap 'rm -rf "$report"' EXIT
export RELIABILITY_REPORT_DIR="$report"

echo "=== build"
npm run build --silent || exit 1

echo; echo "=== reliability suites (jest, test/reliability)"
NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning" \
  npx jest test/reliability --ci --json --outputFile="$report/jest.json"
jest_status=$?

echo; echo "=== benchmark and load (scripts/reliability.cts)"
npx tsx scripts/reliability.cts --items "${RELIABILITY_ITEMS:-1000}" "$@"
load_status=$?

node scripts/reliability-summary.mjs "$report"
summary_status=$?
[ "$jest_status" -eq 0 ] && [ "$load_status" -eq 0 ] && [ "$summary_status" -eq 0 ]
