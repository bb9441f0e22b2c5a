#!/usr/bin/env bash
# Every benchmark in bench/, one after the other. Each names its baseline, measures it in the same
# run with the same repetitions and statistic as our side, and prints the same-run ratio; the exit
# status is the first failing benchmark's (all of them run).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
status=0
run() {
  echo "== $*"
  .venv/bin/python "$@" || { rc=$?; echo "== $1 failed (exit $rc)"; [ "$status" -ne 0 ] || status=$rc; }
}
run bench/lab_scale.py
run bench/asa_capture_bench.py
run bench/wlc_audit_bench.py
run bench/ios_crypto_model_bench.py
run bench/l2tp_fingerprint_bench.py
run bench/report_bench.py
run bench/site_scale.py --hosts 50 --forks 20
run bench/tunnel_doctor.py --pairs 200 --forks 20
exit $status
