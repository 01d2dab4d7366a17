#!/usr/bin/env bash
# The n8n editor with this package, for trying it by hand: installs what it needs (cached), starts
# the OctoAI emulator and `n8n start` on localhost with the package installed as a community
# package, the examples' credential pointing at the emulator and every example imported, then
# prints the URL and the login. Ctrl-C stops both.
#
#   bash scripts/dev.sh                  # editor on http://127.0.0.1:5678
#   bash scripts/dev.sh --port 5800      # another port
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install.sh
bash scripts/e2e-install.sh >/dev/null
bash scripts/ffmpeg.sh
exec node_modules/.bin/tsx scripts/demo-editor.cts "$@"
