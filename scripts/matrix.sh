#!/usr/bin/env bash
# The version matrix: the part of the end-to-end suite that covers what users run (install of the
# packed tarball, the credential test, text-to-image, image-to-image with a binary input, a webhook
# answering with the image, video, Image Tools, the Asset Library, the agent tool) on each n8n the
# package supports, each on the Node version it needs and in its binary data modes. Prints a summary
# table (the README's Compatibility table is copied from it).
#
#   bash scripts/matrix.sh                 # every lane
#   bash scripts/matrix.sh n8n-1.123       # named lanes only (the test command runs the oldest this way;
#                                          # the newest, 2.41.1 filesystem, is the whole e2e suite there)
#   bash scripts/matrix.sh --quick n8n-1.123  # the quick set (what scripts/test.sh runs, about 4 min):
#                                          # install + credential test + SDXL + 401 (smoke), the agent tool
#                                          # (Asset Library), the webhook, examples 02 (image to image),
#                                          # 10 (FLUX: 1.x once could not resolve its fields), 12 (video)
#                                          # and 42 (Image Tools). Not 09: on n8n 1.x its execution (the
#                                          # LoRA file in memory) is large enough that `n8n execute`
#                                          # sometimes exits before its log holds it (test/e2e/README.md)
#   bash scripts/matrix.sh -- -t 'SDXL'    # extra arguments after -- go to jest
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/node24.sh
source scripts/node24.sh
bash scripts/ffmpeg.sh

# lane name | app (test/e2e/apps/<app>, or "suite" for test/e2e's own) | node ("24" or a binary) | binary data mode
LANES=(
  "n8n-1.123|n8n-1|24|default"
  "n8n-2.41-filesystem|suite|24|filesystem"
  "n8n-2.41-database|suite|24|database"
)
# The matrix part of the e2e suite (test/e2e/README.md says what each file covers).
FILES=(smoke examples triggers agent image-sources)

QUICK_FILES=(smoke agent triggers examples)
QUICK_TESTS='the packed package|AI Agent|as agent tools|webhook example|^(02|10|12|42)-.* runs in n8n'

wanted=()
jest_args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; jest_args+=("$@"); break; fi
  if [ "$1" = "--quick" ]; then FILES=("${QUICK_FILES[@]}"); jest_args=(-t "$QUICK_TESTS"); shift; continue; fi
  wanted+=("$1"); shift
done

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
rows=()
failed=0
for lane in "${LANES[@]}"; do
  IFS='|' read -r name app node mode <<<"$lane"
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then continue; fi
  echo "=== matrix lane $name (binary data mode $mode)"
  start=$SECONDS
  node_bin="$(command -v node)"
  [ "$node" = 24 ] || node_bin="$node"
  if [ "$app" = suite ]; then
    dir="$(bash scripts/e2e-install.sh)"
  else
    dir="$(E2E_NODE="$node_bin" bash scripts/e2e-install.sh --app "$app")"
  fi
  version="$(node -p 'require(process.argv[1]).version' "$dir/node_modules/n8n/package.json")"
  node_version="$("$node_bin" -v)"
  pattern="test/e2e/($(IFS='|'; echo "${FILES[*]}"))\\.test\\.cts$"
  status=0
  N8N_E2E_APP_DIR="$dir" N8N_E2E_NODE="$node_bin" N8N_E2E_BINARY_MODE="$mode" \
    npx jest --config test/e2e/jest.config.js --json --outputFile="$results/$name.json" "$pattern" ${jest_args[@]+"${jest_args[@]}"} || status=$?
  counts="$(node -e 'const r=require(process.argv[1]);console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$results/$name.json" 2>/dev/null || echo 'no result')"
  [ "$status" = 0 ] || failed=1
  rows+=("| $version | $node_version | $mode | $counts | $((SECONDS - start)) s |")
done

echo
echo "| n8n | Node | Binary data mode | Matrix tests | Time |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit "$failed"
