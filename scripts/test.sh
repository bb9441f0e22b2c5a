#!/usr/bin/env bash
# The whole test suite: unit + lab integration (pytest), ansible-lint (production
# profile), ansible-test sanity, and the collection build.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PATH="$PWD/$BIN:$PATH"
start=$(date +%s)
"$BIN/pytest" -q -n "${PYTEST_WORKERS:-2}" tests
"$BIN/ansible-lint" --profile production --offline
bash scripts/sanity.sh
bash scripts/build.sh
echo "test: all gates passed in $(( $(date +%s) - start )) s"
