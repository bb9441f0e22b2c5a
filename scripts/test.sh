#!/usr/bin/env bash
# The whole test suite: unit + lab integration (pytest), ansible-lint (production
# profile), ansible-test sanity, the collection build, then the unit + lab integration tests again
# in the second environment (Python 3.13, ansible-core 2.21: scripts/test-current.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PATH="$PWD/$BIN:$PATH"
start=$(date +%s)
"$BIN/pytest" -q -n "${PYTEST_WORKERS:-2}" tests
"$BIN/ansible-lint" --profile production --offline
bash scripts/sanity.sh
bash scripts/build.sh
bash scripts/test-current.sh
echo "test: all gates passed in $(( $(date +%s) - start )) s"
