#!/usr/bin/env bash
# test/check.sh: run every test of the project.
#
# On a fresh Debian 12 machine, as root, this installs what is missing and
# runs, stopping at the first failure:
#
#   - the core's unit tests, plain and under AddressSanitizer and
#     UndefinedBehaviorSanitizer;
#   - a short run of each fuzz harness, after replaying the inputs that once
#     crashed (test/fuzz);
#   - the pg_regress suite against a throwaway cluster;
#   - the SQL examples of README.md and doc/*.md, whose output must be the
#     one the documents print (test/doc_examples.sh);
#   - pg_dump and pg_restore of a database using the extension;
#   - ALTER EXTENSION bounce UPDATE from every older version, compared with
#     a fresh install;
#   - the mailbox loader's tests;
#   - a load test (pgbench writers and view readers at once) and a crash
#     test (immediate shutdown in the middle of a load);
#   - when the development corpus is present beside the project
#     (../shared/corpus), the conformance report with its floors.
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

say "short fuzzing run"
make -s fuzz-short >&2

build_and_install
start_cluster

say "regression tests"
if ! make -s PG_CONFIG="$PG_CONFIG" installcheck; then
    [ -f regression.diffs ] && head -n 300 regression.diffs >&2
    die "regression tests failed"
fi

say "documentation examples"
bash test/doc_examples.sh

say "pg_dump and pg_restore"
bash test/dump_restore.sh
say "updates from older versions"
bash test/upgrade_test.sh
say "mailbox loader"
bash test/loader_test.sh
say "load test"
bash test/load_test.sh
say "crash test"
bash test/crash_test.sh

corpus="$BOUNCE_TOP/../shared/corpus"
if [ -d "$corpus/bsd" ] && [ -f "$corpus/expected.json" ]; then
    say "conformance on $corpus"
    bash test/conformance.sh --floor "$corpus"
else
    say "no corpus at $corpus: conformance report skipped"
fi
say "all tests passed"
