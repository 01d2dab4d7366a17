#!/usr/bin/env bash
# Installs the project's npm packages under the pinned Node 24, skipping the work when
# package-lock.json has not changed since the last install. Source it (it also sets up PATH).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node24.sh"
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_stamp="$_root/node_modules/.octoai-install-stamp"
_want="$(node -p 'process.version')-$(sha256sum "$_root/package-lock.json" | cut -c1-16)"
if [ ! -f "$_stamp" ] || [ "$(cat "$_stamp")" != "$_want" ]; then
  echo "[install] npm ci (Node $(node -v))" >&2
  (cd "$_root" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$_want" > "$_stamp"
fi
