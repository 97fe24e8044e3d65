#!/usr/bin/env bash
# test/check.sh: run every test of the project.
#
# On a fresh Debian 12 machine, as root, this installs what is missing,
# builds the core's unit tests (plain and under AddressSanitizer and
# UndefinedBehaviorSanitizer), builds and installs the extension, starts a
# throwaway cluster, runs the pg_regress suite against it, and, when the
# development corpus is present beside the project (../shared/corpus),
# prints the conformance report.  It exits non-zero on any failure.
#
# Usage: bash test/check.sh

source "$(dirname "$0")/lib.sh"
cd "$BOUNCE_TOP"

ensure_packages
find_postgres
export BOUNCE_WERROR=${BOUNCE_WERROR:--Werror}

say "core unit tests"
make -s test/bin/unit test/bin/unit-san >&2
test/bin/unit
say "core unit tests under ASan and UBSan"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 test/bin/unit-san

build_and_install
start_cluster

say "regression tests"
if ! make -s PG_CONFIG="$PG_CONFIG" installcheck; then
    [ -f regression.diffs ] && head -n 300 regression.diffs >&2
    die "regression tests failed"
fi

corpus="$BOUNCE_TOP/../shared/corpus"
if [ -d "$corpus/bsd" ] && [ -f "$corpus/expected.json" ]; then
    say "conformance on $corpus"
    bash test/conformance.sh --floor "$corpus"
else
    say "no corpus at $corpus: conformance report skipped"
fi
say "all tests passed"
