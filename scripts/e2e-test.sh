#!/usr/bin/env bash
# Runs the end-to-end tests (test/e2e/) against the real n8n app: installs the app and Debian's
# Chromium first (both cached, see scripts/e2e-install.sh), then jest with the e2e config. Extra
# arguments go to jest. Screenshots of the browser test land in test-output/e2e/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/node24.sh
source scripts/node24.sh
bash scripts/e2e-install.sh --chromium >/dev/null
# The emulator encodes Stable Video Diffusion answers with ffmpeg; the tests read them with ffprobe.
bash scripts/ffmpeg.sh
exec npx jest --config test/e2e/jest.config.js "$@"
