#!/usr/bin/env bash
# The property-based tests of tests/reliability with random seeds and SCALE times the CI example counts (default 20:
# about 40,000 generated inputs, 30-60 minutes on 2 cores). The last line of pytest's summary reports the count:
# "reliability: N generated inputs tried (...)"; it is also saved in benchmarks/reliability/results/.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p benchmarks/reliability/results
export DIDBAN_FUZZ_PROFILE=reliability-long DIDBAN_FUZZ_SCALE="${SCALE:-20}"
python -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning \
  tests/reliability/test_reliability_inputs.py \
  "tests/reliability/test_reliability_server.py::test_random_filter_strings_never_fail_the_server" \
  "tests/reliability/test_reliability_server.py::test_openapi_no_5xx_and_one_error_shape" "$@" \
  | tee /dev/stderr | grep -E "^reliability: |passed|failed" > benchmarks/reliability/results/hypothesis-long-last.txt
