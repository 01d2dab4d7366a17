#!/usr/bin/env bash
# The demo, the README's first command. From a fresh clone it installs what it needs (the pinned
# Node 24, the npm packages, the n8n app; all cached after the first run), starts the OctoAI
# emulator, runs every example workflow of examples/ in the real n8n app, writes their images to
# demo-output/, prints what it made, and stops what it started (also on Ctrl-C or a failure).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh
bash scripts/e2e-install.sh >/dev/null
bash scripts/ffmpeg.sh
exec node_modules/.bin/tsx scripts/demo.cts
