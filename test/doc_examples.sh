#!/usr/bin/env bash
# test/doc_examples.sh: run the examples of the documentation and compare
# their output with the output the documentation prints.
#
# In README.md and doc/*.md an example is a fenced block opened by a line
# "```sql"; when the line after its closing fence opens a plain fenced
# block ("```"), that block is the example's output, as psql prints it
# with "\pset footer off" (no "(N rows)" line) and "\set SHOW_CONTEXT
# never" (no CONTEXT lines after an error), in the time zone UTC. An example without an
# output block must print nothing. SQL that a document needs but does not
# show (creating the extension, loading sample bounces, cleaning up roles)
# sits in an HTML comment that starts with a line "<!-- sql" and ends with
# a line "-->"; it runs in its place like an example without output.
#
# Each document runs in a database of its own, created empty for it, in
# one psql session (so later examples use what earlier ones made), from
# the top of the repository (so "\set raw `cat test/fixtures/...`" works),
# with QUIET on (no command tags such as "INSERT 0 1"). Errors and notices
# are part of the output. Lines are compared without trailing white space,
# and blank lines at the start and end of an output are ignored; anything
# else that differs, an example fails.
#
# Against a running throwaway cluster named by the PG* environment (PGHOST,
# PGPORT, PGUSER: a superuser) with the extension installed; a document
# that creates roles drops them at its end, and the script refuses to run
# when a role of that name exists already; psql from $PG_BINDIR, else from
# pg_config, else from PATH. Prints one line per example that fails (with
# the difference), one per document, and "N passed, N failed"; exits
# non-zero when an example fails.
#
# Usage: bash test/doc_examples.sh [FILE.md ...]   (default: README.md doc/*.md)
#        DOC_KEEP=1 keeps the databases and the work directory.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ -z "${PG_BINDIR:-}" ]; then
    PG_BINDIR=$( (pg_config --bindir) 2>/dev/null || dirname "$(command -v psql)")
fi
export PGTZ=UTC PGDATESTYLE=ISO
psql=("$PG_BINDIR/psql" -X)

if [ $# -eq 0 ]; then
    set -- README.md doc/*.md
fi

work=$(mktemp -d /tmp/bounce-docs.XXXXXX)
dbs=()
cleanup() {
    local rc=$? db
    if [ -z "${DOC_KEEP:-}" ]; then
        for db in "${dbs[@]}"; do
            "${psql[@]}" -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
        done
        rm -rf "$work"
    else
        printf 'kept %s and the databases %s\n' "$work" "${dbs[*]}"
    fi
    exit $rc
}
trap cleanup EXIT

# Split a document into its psql script ($2), its expected outputs ($3,
# one section per example, each after a marker line) and the line number of
# each example ($4).
extract() {
    awk -v script="$2" -v expected="$3" -v lines="$4" '
        function open_example(kind) {
            n++
            printf "\\echo <<<example %d>>>\n", n > script
            printf "<<<example %d>>>\n", n > expected
            printf "%d %d %s\n", n, NR, kind > lines
        }
        state == "sql" && /^```[ \t]*$/ { state = "after_sql"; next }
        state == "sql" { print > script; next }
        state == "hidden" && /^-->[ \t]*$/ { state = ""; next }
        state == "hidden" { print > script; next }
        state == "out" && /^```[ \t]*$/ { state = ""; next }
        state == "out" { print > expected; next }
        state == "after_sql" && /^```[ \t]*$/ { state = "out"; next }
        state == "after_sql" { state = "" }
        state == "other" && /^```/ { state = ""; next }
        state == "other" { next }
        /^```sql[ \t]*$/ { open_example("sql"); state = "sql"; next }
        /^<!-- sql[ \t]*$/ { open_example("hidden"); state = "hidden"; next }
        /^```/ { state = "other"; next }
        END {
            if (state == "sql" || state == "hidden" || state == "out") {
                printf "%s: block not closed at the end\n", FILENAME > "/dev/stderr"
                exit 1
            }
        }
    ' "$1"
}

# Normalise an output: per example, no trailing white space, no blank lines
# at the start or end; each example written to $2/N.
split_outputs() {
    mkdir -p "$2"
    awk -v dir="$2" '
        function flush(   i, first, last) {
            if (cur == "") return
            first = 1; last = m
            while (first <= m && buf[first] == "") first++
            while (last >= first && buf[last] == "") last--
            printf "" > (dir "/" cur)
            for (i = first; i <= last; i++) print buf[i] > (dir "/" cur)
            close(dir "/" cur)
        }
        /^<<<example [0-9]+>>>$/ {
            flush()
            cur = $2; sub(/>>>$/, "", cur); m = 0
            next
        }
        { sub(/[ \t\r]+$/, ""); buf[++m] = $0 }
        END { flush() }
    ' "$1"
}

passed=0
failed=0
for doc in "$@"; do
    [ -f "$doc" ] || { printf 'FAILED  %s: no such file\n' "$doc"; failed=$((failed + 1)); continue; }
    name=$(basename "$doc" .md | LC_ALL=C tr -c 'A-Za-z0-9\n' '_' | LC_ALL=C tr '[:upper:]' '[:lower:]')
    d="$work/$name"
    mkdir -p "$d"
    : > "$d/script.sql"; : > "$d/expected.txt"; : > "$d/lines"
    extract "$doc" "$d/script.sql" "$d/expected.txt" "$d/lines"
    total=$(wc -l < "$d/lines")
    if [ "$total" -eq 0 ]; then
        printf 'ok      %s (no examples)\n' "$doc"
        continue
    fi
    # Roles are the cluster's, not the database's: a document that creates
    # a role (and drops it at its end) must not meet one of that name.
    for role in $(sed -n 's/^CREATE ROLE \([a-z_][a-z0-9_]*\).*/\1/p' "$d/script.sql"); do
        if [ -n "$("${psql[@]}" -d postgres -Atc "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" ]; then
            printf 'error: %s creates the role %s, which exists in this cluster: run it on a throwaway cluster\n' "$doc" "$role" >&2
            exit 2
        fi
    done
    db="bounce_doc_${name}_$$"
    dbs+=("$db")
    "${psql[@]}" -q -d postgres -c "CREATE DATABASE $db" >/dev/null
    {
        printf '\\set QUIET on\n\\set SHOW_CONTEXT never\n\\pset footer off\n'
        cat "$d/script.sql"
    } | "${psql[@]}" -d "$db" > "$d/actual.txt" 2>&1 || true
    split_outputs "$d/expected.txt" "$d/exp"
    split_outputs "$d/actual.txt" "$d/act"
    bad=0
    while read -r n line kind; do
        [ -f "$d/act/$n" ] || : > "$d/act/$n"
        if ! diff -u --label "$doc:$line (documented)" --label "$doc:$line (actual)" \
                "$d/exp/$n" "$d/act/$n" > "$d/diff.$n"; then
            printf 'FAILED  %s:%s (%s example %d)\n' "$doc" "$line" "$kind" "$n"
            sed 's/^/        /' "$d/diff.$n"
            bad=$((bad + 1))
        fi
    done < "$d/lines"
    passed=$((passed + total - bad))
    failed=$((failed + bad))
    if [ "$bad" -eq 0 ]; then
        printf 'ok      %s (%d examples)\n' "$doc" "$total"
    else
        printf 'FAILED  %s (%d of %d examples)\n' "$doc" "$bad" "$total"
    fi
done
printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
