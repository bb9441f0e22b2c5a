#!/usr/bin/env bash
# Second test environment: Python 3.13 with the newest Ansible that installs there
# (requirements-current.txt: ansible 14.x = ansible-core 2.21), in .venv-current.
# cisco.asa left the Ansible package after 11.x and Galaxy is not reachable here: its files are
# taken from the 11.13.0 package in .venv (make setup), packed as a collection artifact
# (scripts/pack_installed_collection.py) and installed with ansible-galaxy into
# .venv-current/collections, which ANSIBLE_COLLECTIONS_PATH below puts on the search path.
# Runs the unit tests and the version-sensitive lab integration tests there (see below).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# python3.13 on PATH may be a pyenv shim that refuses to run: take the first candidate that runs.
PY=""
for candidate in ${PYTHON313:-} "$(command -v python3.13 || true)" /root/.pyenv/versions/3.13.*/bin/python3.13 \
                 /usr/bin/python3.13 /usr/local/bin/python3.13; do
  if [ -n "$candidate" ] && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null; then
    PY=$candidate
    break
  fi
done
[ -n "$PY" ] || { echo "test-current: no Python 3.13 found (set PYTHON313=/path/to/python3.13)" >&2; exit 1; }
VENV=.venv-current
stamp="$VENV/.installed-$(cksum requirements-current.txt | cut -d' ' -f1)"
if [ ! -f "$stamp" ]; then
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q -r requirements-current.txt
  touch "$stamp"
fi
coll="$VENV/collections"
if [ ! -f "$coll/ansible_collections/cisco/asa/MANIFEST.json" ]; then
  asa_src=$(ls -d .venv/lib/python3.*/site-packages/ansible_collections/cisco/asa | head -1)
  tarball=$(.venv/bin/python scripts/pack_installed_collection.py "$asa_src" "$VENV/artifacts")
  "$VENV/bin/ansible-galaxy" collection install --offline "$tarball" -p "$coll" >/dev/null
fi
export ANSIBLE_COLLECTIONS_PATH="$root/.collections:$root/$coll"
export PATH="$root/$VENV/bin:$PATH"
"$VENV/bin/ansible" --version | sed -n 1p
start=$(date +%s)
# What differs between ansible-core releases is the connection stack (network_cli, cliconf/terminal
# plugins, the persistent connection's logging and its answers on a dropped channel), packaging and
# the runner: every unit test, plus the integration tests of exactly those, and site.yml over every
# role (the ASA capture included) through ansible-runner, which runs here only. The per-role lab
# suites (converge/idempotence on every release) run in the main environment only, to keep
# `make test` within its time budget.
"$VENV/bin/pytest" -q -n "${PYTEST_WORKERS:-2}" tests/unit \
  tests/integration/test_connection_stack.py tests/integration/test_awx_runner.py \
  tests/integration/test_secret_refusal.py tests/integration/test_fault_matrix.py \
  tests/integration/test_packaging.py "$@"
echo "test-current: Python 3.13 / $("$VENV/bin/ansible" --version | sed -n 1p) passed in $(( $(date +%s) - start )) s"
