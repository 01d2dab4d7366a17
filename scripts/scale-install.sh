#!/usr/bin/env bash
# Installs what queue mode needs besides n8n, when missing: Debian's redis-server (the job broker)
# and postgresql (workflows, executions and binary data). Nothing is started or enabled here:
# scripts/scale.sh and the scale tests start their own throwaway instances on loopback.
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
[ "${#need[@]}" -gt 0 ] || exit 0
sudo=""
[ "$(id -u)" = "0" ] || sudo="sudo -n"
echo "[scale-install] installing Debian's ${need[*]}" >&2
# Other jobs may hold apt's lock (a parallel install): wait for it rather than fail.
$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${need[@]}" >&2
