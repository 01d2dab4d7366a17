#!/usr/bin/env bash
# Runs the scale tier (test/scale/): n8n in queue mode with this package. Installs what it needs first
# (Debian's redis-server and postgresql, the n8n app; cached), then jest with the scale config. Extra
# arguments go to jest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/node24.sh
source scripts/node24.sh
bash scripts/scale-install.sh
bash scripts/e2e-install.sh >/dev/null
exec npx jest --config test/scale/jest.config.js "$@"
