#!/usr/bin/env bash
# Start the device lab (unless one runs already), run playbooks/site.yml against it, stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
started=0
if [ ! -f lab/run/lab.pid ]; then
  "$BIN/python" -m lab start
  started=1
fi
trap '[ "$started" = 1 ] && "$BIN/python" -m lab stop' EXIT
start=$(date +%s)
PATH="$PWD/$BIN:$PATH" "$BIN/ansible-playbook" playbooks/site.yml "$@"
echo "demo: playbooks/site.yml against the lab took $(( $(date +%s) - start )) s"
