#!/usr/bin/env bash
# test/fuzz/run.sh: build the core's libFuzzer harnesses and run them.
#
# Every file in test/fuzz/regressions/ is first replayed through every
# harness (each harness accepts any bytes).  Then each harness fuzzes for a
# fixed time, one after the other, from a seed corpus made of the project's
# own sample messages (test/fixtures/*.eml) and the seed lines in
# test/fuzz/seeds-*.txt.  A crash, hang, leak or broken invariant stops the
# script with a non-zero exit; libFuzzer leaves the input that caused it in
# test/fuzz/ as crash-*, timeout-*, leak-* or slow-unit-*.
#
# Usage: bash test/fuzz/run.sh [--short] [--seconds N] [--replay] [HARNESS...]
#   --short      about 20 s per harness on a fresh temporary corpus, so the
#                run is repeatable (this is what "make fuzz-short" runs)
#   --seconds N  seconds per harness (default $FUZZ_SECONDS, else 60); the
#                corpus is kept in test/fuzz/corpus-HARNESS and grows
#   --replay     only replay the regression inputs
#   HARNESS      parse, classify or status (default: all three)
#
# Needs clang with the libFuzzer and sanitizer runtimes (Debian:
# clang and libclang-rt-14-dev).

set -euo pipefail

FUZZ_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$FUZZ_DIR/../.." && pwd)
BIN=$TOP/test/bin

seconds=${FUZZ_SECONDS:-60}
short=0
replay_only=0
harnesses=()

while [ $# -gt 0 ]; do
    case $1 in
        --short) short=1; seconds=20 ;;
        --seconds) seconds=$2; shift ;;
        --replay) replay_only=1 ;;
        parse|classify|status) harnesses+=("$1") ;;
        *) echo "usage: $0 [--short] [--seconds N] [--replay] [parse|classify|status]..." >&2
           exit 2 ;;
    esac
    shift
done
[ ${#harnesses[@]} -gt 0 ] || harnesses=(parse classify status)

say() { printf '== %s\n' "$*" >&2; }

# Options of one harness: input size bound and dictionary.
harness_options() {
    case $1 in
        parse) echo "-max_len=1048576 -dict=$FUZZ_DIR/parse.dict" ;;
        classify) echo "-max_len=4096 -dict=$FUZZ_DIR/classify.dict" ;;
        status) echo "-max_len=64" ;;
    esac
}

# Fill directory $2 with the seed inputs of harness $1.
make_seeds() {
    local name=$1 dir=$2 n=0 line
    mkdir -p "$dir"
    if [ "$name" = parse ]; then
        cp "$TOP"/test/fixtures/*.eml "$dir"/
    fi
    if [ -f "$FUZZ_DIR/seeds-$name.txt" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            case $line in '#'*|'') continue ;; esac
            n=$((n + 1))
            printf '%s' "$line" > "$dir/seed-$n"
        done < "$FUZZ_DIR/seeds-$name.txt"
    fi
}

say "building the fuzz harnesses"
make -s -C "$TOP" "${harnesses[@]/#/test/bin/fuzz_}" >&2

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# Replay the regression inputs through every harness.
regressions=()
for f in "$FUZZ_DIR"/regressions/*; do
    [ -f "$f" ] && regressions+=("$f")
done
if [ ${#regressions[@]} -gt 0 ]; then
    for h in "${harnesses[@]}"; do
        say "replaying ${#regressions[@]} regression inputs through fuzz_$h"
        # shellcheck disable=SC2046
        "$BIN/fuzz_$h" -timeout=10 -rss_limit_mb=2048 $(harness_options "$h") \
            "${regressions[@]}" > "$BIN/fuzz_$h.replay.log" 2>&1 || {
            tail -n 60 "$BIN/fuzz_$h.replay.log" >&2
            echo "fuzz: regression input failed in fuzz_$h" >&2
            exit 1
        }
    done
fi
[ "$replay_only" -eq 1 ] && { echo "fuzz: ${#regressions[@]} regression inputs replayed, 0 failed"; exit 0; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for h in "${harnesses[@]}"; do
    if [ "$short" -eq 1 ]; then
        corpus=$tmp/corpus-$h
    else
        corpus=$FUZZ_DIR/corpus-$h
    fi
    seeds=$tmp/seeds-$h
    make_seeds "$h" "$seeds"
    mkdir -p "$corpus"
    say "fuzzing fuzz_$h for ${seconds}s"
    # shellcheck disable=SC2046
    "$BIN/fuzz_$h" -seed=1 -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$FUZZ_DIR/" $(harness_options "$h") \
        "$corpus" "$seeds" > "$BIN/fuzz_$h.log" 2>&1 || {
        tail -n 80 "$BIN/fuzz_$h.log" >&2
        echo "fuzz: fuzz_$h failed; the input is in $FUZZ_DIR (crash-*, timeout-*, leak-*)" >&2
        exit 1
    }
    grep -E '^stat::number_of_executed_units|DONE' "$BIN/fuzz_$h.log" >&2 || true
done
echo "fuzz: ${#harnesses[@]} harnesses fuzzed for ${seconds}s each and ${#regressions[@]} regression inputs replayed, 0 failed"
