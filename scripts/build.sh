#!/usr/bin/env bash
# Build the collection tarball (galaxy.yml build_ignore keeps the lab, tests and dev files out)
# and check that nothing of the lab or the tests slipped in.
set -euo pipefail
cd "$(dirname "$0")/.."
# ansible-galaxy only: the development venv's when there is one, else a build venv from requirements.txt
galaxy=.venv/bin/ansible-galaxy
if [ ! -x "$galaxy" ]; then
  galaxy=.venv-build/bin/ansible-galaxy
  if [ ! -x "$galaxy" ]; then
    "${PYTHON:-python3}" -m venv .venv-build
    .venv-build/bin/pip install -q -r requirements.txt
  fi
fi
mkdir -p build
rm -f build/pfne-netops-*.tar.gz
"$galaxy" collection build --force --output-path build . >/dev/null
tarball=$(ls build/pfne-netops-*.tar.gz)
if tar tzf "$tarball" | grep -E '^(lab/|tests/unit|tests/integration|\.venv|\.collections|Makefile)'; then
  echo "build: $tarball carries files it must not" >&2
  exit 1
fi
echo "build: $tarball ($(tar tzf "$tarball" | wc -l) files)"
