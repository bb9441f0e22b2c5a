#!/usr/bin/env bash
# Start the device lab (unless one runs already), run playbooks/site.yml against it, stop it;
# then print the paths of the run's three reports (WLC audit, ASA capture, IPsec).
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
marker=$(mktemp)
PATH="$PWD/$BIN:$PATH" "$BIN/ansible-playbook" playbooks/site.yml "$@"
echo "demo: playbooks/site.yml against the lab took $(( $(date +%s) - start )) s"
# the reports this run wrote (newer than the marker), under the default artifacts directory
echo "demo: reports written by this run:"
find "${PFNE_ARTIFACTS_DIR:-artifacts}" -newer "$marker" \( -name '*-report.html' -o -name '*-report.txt' \) -print | sort | sed 's/^/  /'
rm -f "$marker"
