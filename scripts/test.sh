#!/usr/bin/env bash
# The whole test suite: unit + lab integration (pytest), molecule (every role), ansible-lint (production
# profile), ansible-test sanity, the collection build, the docs linter and galaxy-importer,
# then the unit + lab integration tests again in the second environment
# (Python 3.13, ansible-core 2.21: scripts/test-current.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PATH="$PWD/$BIN:$PATH"
start=$(date +%s)
"$BIN/pytest" -q -n "${PYTEST_WORKERS:-2}" tests
# one molecule scenario per role against one lab (extensions/molecule); full output in build/molecule.log
mkdir -p build; stage=$(date +%s)
molecule test --all >build/molecule.log 2>&1 || { tail -80 build/molecule.log; exit 1; }
echo "molecule: every scenario passed in $(( $(date +%s) - stage )) s"
"$BIN/ansible-lint" --profile production --offline
bash scripts/sanity.sh
bash scripts/build.sh
# the docsite linter, then the checks Galaxy / Automation Hub run on upload, on the built tarball
antsibull-docs lint-collection-docs --plugin-docs .
(cd build && python -m galaxy_importer.main pfne-netops-*.tar.gz >galaxy-importer.log 2>&1) \
  || { tail -40 build/galaxy-importer.log; exit 1; }
bash scripts/test-current.sh
echo "test: all gates passed in $(( $(date +%s) - start )) s"
