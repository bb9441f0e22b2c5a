#!/usr/bin/env bash
# Every molecule scenario against one fresh lab (extensions/molecule). Molecule keeps its state under
# ~/.ansible/tmp/molecule.<hash of the checkout folder's *name*>, so two checkouts called "main" share
# it: a run stopped halfway in one leaves "created" there and the next run in the other skips create
# and talks to the wrong lab. Each run here gets its own state directory instead (build/molecule).
# Output goes to build/molecule.log; on failure the failing tasks and the log's end are printed.
#   scripts/molecule.sh                      every scenario (molecule test --all)
#   scripts/molecule.sh ipsec_doctor [...]   only these (the default scenario still starts and stops the lab)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export MOLECULE_EPHEMERAL_DIRECTORY="$PWD/build/molecule"
rm -rf "$MOLECULE_EPHEMERAL_DIRECTORY"
mkdir -p build
select=(--all)
if [ $# -gt 0 ]; then
  select=()
  for name in "$@"; do select+=(-s "$name"); done
fi
if ! molecule test "${select[@]}" >build/molecule.log 2>&1; then
  echo "molecule failed; failing tasks (build/molecule.log):"
  grep -n -A12 -E 'fatal:|FAILED!|failed: \[|Idempotence test failed' build/molecule.log | head -120 || true
  tail -40 build/molecule.log
  exit 1
fi
grep -A8 'SCENARIO RECAP' build/molecule.log || true
