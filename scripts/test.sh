#!/usr/bin/env bash
# The test command (README, CI): installs what it needs, builds, lints, then runs every test tier.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh
# The emulator encodes Stable Video Diffusion answers with Debian's ffmpeg; tests read them with ffprobe.
bash scripts/ffmpeg.sh

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
step() { echo; echo "=== $*"; }

step "build"
npm run build --silent

step "type check (sources and tests)"
npx tsc -p tsconfig.test.json

step "lint: n8n's official lint in strict mode (@n8n/node-cli's unmodified eslint.config.mjs; rules on the shipped .ts, tests and scripts are .cts)"
npx n8n-node lint

step "lint: node and credential descriptions as n8n loads them (eslint-plugin-n8n-nodes-base)"
node scripts/lint-descriptions.mjs

step "lint: n8n community-package scanner rules on source and tarball"
node scripts/lint.mjs --tarball

step "unit, emulator, conformance, engine and reliability tests (jest)"
export RELIABILITY_REPORT_DIR="$results/reliability"
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning"
JEST_PACED=skip npx jest --ci --json --outputFile="$results/jest.json"

step "timing tests, alone (Concurrency Auto against the emulator's rate limit and GPUs; jest.config.js PACED)"
npx jest --ci --runInBand --json --outputFile="$results/jest-paced.json" test/nodes/auto-concurrency
unset NODE_OPTIONS

node scripts/reliability-summary.mjs "$results/reliability"

step "end to end: the packed package in the real n8n app (installs n8n and Chromium, cached)"
bash scripts/e2e-install.sh --chromium >/dev/null
# The e2e code imports the app's packages (playwright-core), so it is type-checked once they are installed.
npx tsc -p test/e2e/tsconfig.json
bash scripts/e2e-test.sh --ci --json --outputFile="$results/e2e.json"

step "version matrix, oldest lane: the quick set of the matrix on n8n 1.123.81 (in-memory binaries; the newest, 2.41.1, ran above); bash scripts/matrix.sh runs every lane"
bash scripts/matrix.sh --quick n8n-1.123 -- --ci

step "scale: n8n in queue mode (Postgres, Redis, a main instance, workers) with the package (installs redis-server and postgresql)"
bash scripts/scale-test.sh --ci --json --outputFile="$results/scale.json"

node scripts/summarize-tests.mjs "$results"/*.json
