#!/usr/bin/env bash
# The whole test suite, stage by stage (each prints its wall time): pytest (unit, conformance, lab
# integration), molecule (every role) with beside it ansible-lint (production profile), ansible-test sanity,
# the collection build, the docs linter and galaxy-importer, the second environment (Python 3.13,
# ansible-core 2.21: scripts/test-current.sh), then the tool image (scripts/image.sh, tests/image).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PATH="$PWD/$BIN:$PATH"
start=$(date +%s)
stage() {   # stage NAME COMMAND...: run it, print its wall time
  local name=$1 began
  shift
  began=$(date +%s)
  "$@"
  echo "stage ${name}: passed in $(( $(date +%s) - began )) s"
}
galaxy_importer() {   # the checks Galaxy / Automation Hub run on upload, on the built tarball
  (cd build && python -m galaxy_importer.main pfne-netops-*.tar.gz >galaxy-importer.log 2>&1) \
    || { tail -40 build/galaxy-importer.log; return 1; }
}
# test_awx_runner (site.yml over every role through ansible-runner, two minutes) runs once, in the
# python3.13 stage: the AWX path on the newest ansible-core; the roles on 2.18 are the lab suites here
stage pytest "$BIN/pytest" -q -n "${PYTEST_WORKERS:-2}" tests --ignore=tests/integration/test_awx_runner.py \
  --ignore=tests/image --durations=15
# the static checks (no lab; one process at a time, mostly one core) run beside molecule, which plays one
# scenario at a time against its lab and leaves the second core mostly idle; their output follows molecule's
static_checks() {
  stage ansible-lint "$BIN/ansible-lint" --profile production --offline
  stage sanity bash scripts/sanity.sh
  stage build bash scripts/build.sh
  stage docs-lint antsibull-docs lint-collection-docs --plugin-docs .
  stage galaxy-importer galaxy_importer
}
mkdir -p build
static_checks </dev/null >build/static-checks.log 2>&1 &
static_pid=$!
stage molecule bash scripts/molecule.sh
static_status=0
wait "$static_pid" || static_status=$?
cat build/static-checks.log
[ "$static_status" = 0 ] || { echo "static checks failed (build/static-checks.log)"; exit 1; }
# the tool image (base and unchanged image reused) is built in the background from here on: most of its
# time is downloads and single-threaded installs, which overlap the python3.13 stage instead of adding to
# it (it rebuilds build/pfne-netops-*.tar.gz, so it starts after the stages that read that tarball)
image_began=$(date +%s)
bash scripts/image.sh all </dev/null >build/image-build.log 2>&1 &
image_pid=$!
stage python3.13 bash scripts/test-current.sh
wait_image() {   # the background build's result; its log's tail on failure
  wait "$image_pid" || { tail -60 build/image-build.log; return 1; }
  echo "image built in $(( $(date +%s) - image_began )) s from its start (overlapping the stages above)"
}
stage image wait_image
# smoke test inside the image, then site.yml from inside it against the lab on loopback
stage image-test "$BIN/pytest" -q -s -p no:randomly -n 0 tests/image
echo "test: all gates passed in $(( $(date +%s) - start )) s"
