#!/usr/bin/env bash
# Starts the OctoAI API emulator from a fresh clone: installs what it needs first. Flags pass through.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh
bash scripts/ffmpeg.sh
exec npx tsx test/emulator/cli.cts "$@"
