#!/usr/bin/env bash
# Benchmarks (figures and ratios against a baseline measured in the same run).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
.venv/bin/python bench/lab_scale.py "$@"
.venv/bin/python bench/asa_capture_bench.py
.venv/bin/python bench/wlc_audit_bench.py
.venv/bin/python bench/report_bench.py
