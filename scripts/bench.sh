#!/usr/bin/env bash
# `npm run bench`: packs the package, installs it into the cached n8n app (scripts/e2e-install.sh),
# and compares our node with the hand-built HTTP Request chain and a bare Node client; then times
# fitting a 12-megapixel photo (test/bench/fit-photo.cts). Method and figures: docs/benchmark.md.
# `npm run bench -- --quick` runs the same harness with tiny images in a minute or two.
# `npm run bench -- --realistic [--quick]`: at the service's real pace instead (test/bench/realistic.cts,
# docs/benchmark-realistic.md): latency, a rate limit and GPUs that queue; --quick runs 32 prompts only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/node24.sh
source scripts/node24.sh
bash scripts/e2e-install.sh >/dev/null
for arg in "$@"; do
	if [ "$arg" = "--realistic" ]; then exec npx tsx test/bench/realistic.cts "$@"; fi
done
npx tsx test/bench/bench.cts "$@"
# Fitting a 12-megapixel photo: time and peak memory of decode, fit and encode (issue 29).
exec npx tsx test/bench/fit-photo.cts
