#!/usr/bin/env bash
# Installs the real n8n app that the end-to-end tests drive (test/e2e/package.json + its lockfile)
# into a cache outside the clone, then links test/e2e/node_modules to it. Re-runs, and fresh clones
# on the same machine, reuse the cached install; a brand-new machine builds it from the registry.
#
#   bash scripts/e2e-install.sh              # the n8n app (and playwright-core)
#   bash scripts/e2e-install.sh --chromium   # also Debian's chromium, when /usr/bin/chromium is missing
#   bash scripts/e2e-install.sh --update-lock  # after editing test/e2e/package.json: a new lockfile
#   bash scripts/e2e-install.sh --app n8n-1  # another app of the version matrix: test/e2e/apps/n8n-1
#                                            # (prints its folder; test/e2e/node_modules is not relinked)
#
# The app is installed with the `node` first on PATH after sourcing scripts/node24.sh, unless
# E2E_NODE names another node binary (the matrix runs n8n 1.x on the machine's Node 20).
#
# Cache root: $N8N_E2E_CACHE_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-octoai.
# Prints the install folder as its last line of stdout; everything else goes to stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
e2e="$root/test/e2e"
with_chromium=0
update_lock=0
app=""
while [ $# -gt 0 ]; do
  case "$1" in
    --chromium) with_chromium=1 ;;
    --update-lock) update_lock=1 ;;
    --app) app="$2"; shift ;;
    *) echo "e2e-install: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
# The folder whose package.json + lockfile pin the app: test/e2e (the suite's app) or a matrix app.
pkg_dir="$e2e"
if [ -n "$app" ]; then
  pkg_dir="$e2e/apps/$app"
  [ -f "$pkg_dir/package.json" ] || { echo "e2e-install: no $pkg_dir/package.json" >&2; exit 2; }
fi

log() { echo "[e2e-install] $*" >&2; }

# shellcheck source=scripts/node24.sh
source "$root/scripts/node24.sh"
if [ -n "${E2E_NODE:-}" ]; then
  # npm and node-gyp run under this node too, so the native addons match the node that runs n8n.
  export PATH="$(dirname "$E2E_NODE"):$PATH"
  unset npm_config_nodedir
fi

install_chromium() {
  if [ -x /usr/bin/chromium ]; then
    log "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
    return
  fi
  local sudo=""
  [ "$(id -u)" = "0" ] || sudo="sudo -n"
  log "installing Debian's chromium"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >&2
}

n8n_version="$(node -p 'require(process.argv[1]).dependencies.n8n' "$pkg_dir/package.json")"
cache_root="${N8N_E2E_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-octoai}"
mkdir -p "$cache_root"

# The install folder for the current package.json + lockfile. The native addons (sqlite3,
# isolated-vm) are built for one Node ABI, so the Node version is part of the key too.
install_dir() {
  local key
  key="$( (cat "$pkg_dir/package.json" "$pkg_dir/package-lock.json"; node -v) | sha256sum | cut -c1-12)"
  echo "$cache_root/n8n-$n8n_version-$key"
}

partial=""
trap '[ -z "$partial" ] || rm -rf "$partial"' EXIT

# Installs test/e2e's package into $1, from the lockfile, or (with $2 = relock) writing a new one.
install_into() {
  local target="$1" mode="$2"
  rm -rf "$target"
  mkdir -p "$target"
  cp "$pkg_dir/package.json" "$target/"
  [ "$mode" = relock ] || cp "$pkg_dir/package-lock.json" "$target/"
  log "installing n8n@$n8n_version in $target (cold: several minutes)"
  # `npm install` with the lockfile rather than `npm ci`: the lockfile names optional platform
  # packages (msgpackr-extract's darwin/win32 builds) that the registry does not have, which
  # `npm ci` refuses and `npm install` skips. --ignore-scripts: some of n8n's dependencies run
  # install scripts that fetch binaries from outside the npm registry; the two addons n8n needs
  # are rebuilt explicitly below.
  (cd "$target" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  # sqlite3 compiles from source against $npm_config_nodedir (set by node24.sh); isolated-vm
  # ships Node 24 prebuilds.
  # The addons the app loads: package.json's "nativeAddons" (n8n 1.x has no use for isolated-vm,
  # which ships no Node 20 build), by default both.
  local addons
  addons="$(node -p '(require(process.argv[1]).nativeAddons || ["sqlite3", "isolated-vm"]).join(" ")' "$pkg_dir/package.json")"
  # shellcheck disable=SC2086
  (cd "$target" && npm rebuild $addons --ignore-scripts=false --loglevel=error >&2)
  (cd "$target" && node -e 'for (const a of process.argv.slice(1)) require(a)' $addons) \
    || { log "native addons ($addons) failed to load under $(node -v)"; exit 1; }
  local got
  got="$(cd "$target" && node node_modules/n8n/bin/n8n --version 2>/dev/null | tail -n 1)"
  [ "$got" = "$n8n_version" ] || { log "n8n --version printed '$got', expected $n8n_version"; exit 1; }
  date -u +%FT%TZ >"$target/.complete"
}

# Moves a finished install into place; a concurrent run may have finished first, and its install
# is as good as ours.
publish() {
  if mv -T "$partial" "$1" 2>/dev/null; then partial=""; else log "another run installed $1 first; using it"; fi
}

if [ "$with_chromium" = 1 ]; then install_chromium; fi

start=$SECONDS
if [ "$update_lock" = 1 ]; then
  partial="$cache_root/update.partial.$$"
  install_into "$partial" relock
  cp "$partial/package-lock.json" "$pkg_dir/package-lock.json"
  log "wrote ${pkg_dir#"$root/"}/package-lock.json"
  dir="$(install_dir)"
  [ -f "$dir/.complete" ] || publish "$dir"
else
  dir="$(install_dir)"
  if [ -f "$dir/.complete" ]; then
    log "reusing $dir"
  else
    partial="$dir.partial.$$"
    install_into "$partial" locked
    publish "$dir"
  fi
fi
touch "$dir/.complete"

# test/e2e/node_modules is a symlink into the cache; a real folder there (a manual npm install) is left alone.
link="$e2e/node_modules"
if [ -n "$app" ]; then
  : # a matrix app is used through N8N_E2E_APP_DIR (scripts/matrix.sh); the suite's link stays
elif [ -L "$link" ] || [ ! -e "$link" ]; then
  ln -sfn "$dir/node_modules" "$link"
else
  log "warning: $link is a real folder, not a link to the cache; the tests will use it as it is"
fi

# Drop cached installs (of other lockfiles) unused for two weeks, and partial builds left by killed runs.
find "$cache_root" -mindepth 2 -maxdepth 2 -name .complete -mtime +14 -printf '%h\n' 2>/dev/null \
  | while read -r old; do [ "$old" = "$dir" ] || rm -rf "$old"; done
find "$cache_root" -mindepth 1 -maxdepth 1 -type d -name '*.partial.*' -mmin +120 -exec rm -rf {} + 2>/dev/null || true

log "n8n $n8n_version ready in $((SECONDS - start))s"
echo "$dir"
