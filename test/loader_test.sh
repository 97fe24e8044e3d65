#!/usr/bin/env bash
# test/loader_test.sh: tests of bounce-load, the mailbox loader.
#
# Runs against a running cluster named by PGHOST, PGPORT and PGUSER, in
# which the extension is installed, with the PostgreSQL programs in
# $PG_BINDIR (test/check.sh provides all of that).  Builds the loader,
# creates a database of its own, makes an mbox, a Maildir, single files
# and standard input out of the project's sample bounces (test/fixtures),
# loads each, and compares what was stored with the same samples stored
# through psql.  Then the mboxrd quoting, the repair of invalid UTF-8, a
# bytea column, an application's own table, batches, and the failures
# (no server, no table, a refused batch).  Prints "N passed, N failed"
# and exits non-zero on any failure.
#
# Usage: bash test/loader_test.sh

set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${PG_BINDIR:?PG_BINDIR must name the directory of psql}"
: "${PGHOST:?PGHOST must be set}" "${PGPORT:?PGPORT must be set}"
DB=bounce_loader_test
export PGHOST PGPORT PGUSER PGDATABASE=$DB
LOADER=$TOP/tools/bounce-load/bounce-load
PASSED=0
FAILED=0

WORK=$(mktemp -d /tmp/bounce-loader.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

pass() { PASSED=$((PASSED + 1)); printf 'ok     %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAILED %s\n' "$1"; shift; printf '       %s\n' "$@"; }

# psql on the test database: one value per line, no decoration.
q() { "$PG_BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }

# check NAME EXPECTED ACTUAL (an empty expectation is a failure of the test)
check() {
    if [ -n "$2" ] && [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: $2" "got:      $3"; fi
}

# Empty the tables the loads fill.
reset_tables() {
    q "TRUNCATE bounce.messages, bounce.events RESTART IDENTITY" >/dev/null
}

# A fingerprint of the stored messages: their count and the hash of their
# sorted hashes, so that two loads compare byte for byte.
fingerprint() {
    q "SELECT count(*) || ' ' || coalesce(md5(string_agg(h, ',' ORDER BY h)), '-')
         FROM (SELECT md5(raw) AS h FROM bounce.messages) AS m"
}

# Messages and events stored: "messages events".
counts() {
    q "SELECT (SELECT count(*) FROM bounce.messages) || ' ' ||
              (SELECT count(*) FROM bounce.events)"
}

# ---- set-up -----------------------------------------------------------

make -s -C "$TOP" loader >&2 || { echo "cannot build the loader" >&2; exit 1; }
PGOPTIONS="-c client_min_messages=warning" "$PG_BINDIR/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" \
    -c "CREATE DATABASE $DB" >/dev/null || exit 1
q "CREATE EXTENSION bounce" || exit 1

# The samples, except those with lone CR line ends: mbox is made of lines,
# so it cannot keep a message whose last byte is not a line end.
mapfile -t ALL < <(find "$TOP/test/fixtures" -maxdepth 1 -name '*.eml' | LC_ALL=C sort)
LINES=()
for f in "${ALL[@]}"; do
    [ "$(tail -c1 "$f" | od -An -tx1 | tr -d ' ')" = 0a ] && LINES+=("$f")
done

# The reference: the same files stored through psql, binary-safe.
reference() {
    local f
    reset_tables
    for f in "$@"; do
        printf '%s\n' "$(base64 -w0 < "$f")"
    done | q "CREATE TEMP TABLE b64 (t text);
              COPY b64 FROM STDIN;
              INSERT INTO bounce.messages (raw)
              SELECT convert_from(decode(t, 'base64'), 'UTF8') FROM b64;" >/dev/null
}
reference "${ALL[@]}"
REF_ALL_FP=$(fingerprint); REF_ALL_COUNTS=$(counts)
reference "${LINES[@]}"
REF_LINES_FP=$(fingerprint); REF_LINES_COUNTS=$(counts)
echo "reference: ${#ALL[@]} files, stored messages and events: $REF_ALL_COUNTS"

# ---- single files, Maildir, mbox, standard input -----------------------

reset_tables
out=$("$LOADER" --source files "${ALL[@]}" 2>&1); rc=$?
check "single files: exit status" 0 "$rc"
check "single files: messages and events" "$REF_ALL_COUNTS" "$(counts)"
check "single files: bytes unchanged" "$REF_ALL_FP" "$(fingerprint)"
check "single files: source label" "${#ALL[@]}" "$(q "SELECT count(*) FROM bounce.messages WHERE source = 'files'")"
check "single files: summary line" \
    "${#ALL[@]} messages" "$(printf '%s\n' "$out" | grep -o '^[0-9]* messages' | head -1)"
check "single files: summary counts recipients and events" \
    "$(q "SELECT sum(recipients) || ' recipients found, ' || (SELECT count(*) FROM bounce.events) || ' new events'
            FROM bounce.messages")" \
    "$(printf '%s\n' "$out" | grep -o '[0-9]* recipients found, [0-9]* new events')"

mkdir -p "$WORK/Maildir/cur" "$WORK/Maildir/new" "$WORK/Maildir/tmp"
i=0
for f in "${ALL[@]}"; do
    i=$((i + 1))
    if [ $((i % 2)) -eq 0 ]; then d=cur; else d=new; fi
    cp "$f" "$WORK/Maildir/$d/1700000000.M$i.host.example.com:2,S"
done
printf 'Subject: half written\n' > "$WORK/Maildir/tmp/1700000001.M0.host.example.com"
printf 'Subject: hidden\n' > "$WORK/Maildir/new/.hidden"
reset_tables
"$LOADER" -q --batch 7 "$WORK/Maildir" >/dev/null 2>&1; rc=$?
check "Maildir: exit status" 0 "$rc"
check "Maildir: messages and events (tmp/ and dot files skipped)" "$REF_ALL_COUNTS" "$(counts)"
check "Maildir: bytes unchanged" "$REF_ALL_FP" "$(fingerprint)"

# An mbox in the mboxrd form: each message after a "From " line, lines
# "From " and ">From ", ">>From "... quoted with one more ">", an empty
# line after each message.
write_mbox() {
    local f
    for f in "$@"; do
        printf 'From MAILER-DAEMON Sat Mar 15 10:00:00 2025\n'
        sed 's/^\(>*From \)/>\1/' "$f"
        printf '\n'
    done
}
write_mbox "${LINES[@]}" > "$WORK/bounces.mbox"
reset_tables
"$LOADER" -q "$WORK/bounces.mbox"; rc=$?
check "mbox: exit status" 0 "$rc"
check "mbox: messages and events" "$REF_LINES_COUNTS" "$(counts)"
check "mbox: bytes unchanged" "$REF_LINES_FP" "$(fingerprint)"

reset_tables
"$LOADER" -q - < "${ALL[0]}"; rc=$?
check "standard input as \"-\": exit status" 0 "$rc"
check "standard input as \"-\": the message, unchanged" \
    "$(md5sum < "${ALL[0]}" | cut -d' ' -f1)" "$(q "SELECT md5(raw) FROM bounce.messages")"
reset_tables
"$LOADER" -q < "${ALL[1]}"; rc=$?
check "standard input without arguments: exit status" 0 "$rc"
check "standard input without arguments: the message, unchanged" \
    "$(md5sum < "${ALL[1]}" | cut -d' ' -f1)" "$(q "SELECT md5(raw) FROM bounce.messages")"
reset_tables
{ printf 'From MAILER-DAEMON  Sat Mar 15 10:00:00 2025\n'; cat "${ALL[2]}"; } | "$LOADER" -q; rc=$?
check "standard input with an envelope line: the line dropped" \
    "$(md5sum < "${ALL[2]}" | cut -d' ' -f1)" "$(q "SELECT md5(raw) FROM bounce.messages")"

# ---- mboxrd quoting -----------------------------------------------------

# Three messages whose bodies have lines that an mbox must quote.
{
    printf 'From: a@example.com\nSubject: one\n\nFrom the desk of A.\n>From a quote\n>>From deeper\nFrom\n'
    printf '\0'
    printf 'From: b@example.com\nSubject: two\n\nplain\n\n'
    printf '\0'
    printf 'From: c@example.com\r\nSubject: three\r\n\r\nFrom here\r\n'
} > "$WORK/quoting.raw"
(
    cd "$WORK" && rm -rf q && mkdir q && cd q &&
    awk 'BEGIN { RS = "\0"; ORS = "" } { n++; f = sprintf("%02d.eml", n); printf "%s", $0 > f; close(f) }' ../quoting.raw
)
write_mbox "$WORK"/q/*.eml > "$WORK/quoting.mbox"
reset_tables
"$LOADER" -q "$WORK/quoting.mbox"; rc=$?
check "mboxrd: exit status" 0 "$rc"
check "mboxrd: three messages" 3 "$(q "SELECT count(*) FROM bounce.messages")"
want=""
for f in "$WORK"/q/*.eml; do want="$want$(md5sum < "$f" | cut -d' ' -f1) "; done
check "mboxrd: quoting undone, separator lines and empty lines dropped" "$want" \
    "$(q "SELECT string_agg(md5(raw), ' ' ORDER BY id) || ' ' FROM bounce.messages")"

# ---- text repair and bytea ------------------------------------------------

printf 'Subject: caf\xe9\n\nnul \x00 here, \xc3\xa9 kept, cut \xe2\x82\n' > "$WORK/bad.eml"
reset_tables
"$LOADER" -q "$WORK/bad.eml"; rc=$?
check "invalid UTF-8: exit status" 0 "$rc"
check "invalid UTF-8: each bad byte and NUL becomes U+FFFD" t \
    "$(q "SELECT raw = U&'Subject: caf\\FFFD' || E'\\n\\n' || U&'nul \\FFFD here, \\00E9 kept, cut \\FFFD\\FFFD' || E'\\n'
            FROM bounce.messages")"

q "CREATE TABLE inbox (id bigserial PRIMARY KEY, raw bytea NOT NULL)"
"$LOADER" -q --table inbox --column raw "$WORK/bad.eml" "${ALL[0]}"; rc=$?
check "bytea column: exit status" 0 "$rc"
check "bytea column: bytes unchanged" \
    "$(md5sum < "$WORK/bad.eml" | cut -d' ' -f1) $(md5sum < "${ALL[0]}" | cut -d' ' -f1)" \
    "$(q "SELECT string_agg(md5(raw), ' ' ORDER BY id) FROM inbox")"

# ---- an application's own table, attached -------------------------------

reset_tables
q "CREATE TABLE public.\"App Bounces\" (id bigserial PRIMARY KEY, body text NOT NULL);
   SELECT bounce.attach('public.\"App Bounces\"', 'body', 'id')" >/dev/null
"$LOADER" -q -t 'public."App Bounces"' -c body -b 5 "${ALL[@]}"; rc=$?
check "own table: exit status" 0 "$rc"
check "own table: rows" "${#ALL[@]}" "$(q "SELECT count(*) FROM public.\"App Bounces\"")"
check "own table: events through bounce.attach" "${REF_ALL_COUNTS#* }" \
    "$(q "SELECT count(*) FROM bounce.events WHERE source = 'public.\"App Bounces\"'::regclass")"
check "own table: nothing in bounce.messages" 0 "$(q "SELECT count(*) FROM bounce.messages")"

# ---- batches and refusals -----------------------------------------------

q "CREATE TABLE strict (id bigserial PRIMARY KEY,
                         body text CHECK (body NOT LIKE '%REFUSE ME%'))"
for n in 1 2 3 4 5; do printf 'Subject: %s\n\nbody %s\n' "$n" "$n" > "$WORK/s$n.eml"; done
printf 'Subject: 3\n\nREFUSE ME\n' > "$WORK/s3.eml"
err=$("$LOADER" -q -t strict -c body --batch 2 "$WORK"/s{1,2,3,4,5}.eml 2>&1 >/dev/null); rc=$?
check "refused batch: exit status 1" 1 "$rc"
check "refused batch: earlier batches kept, the refused one rolled back" "1 2" \
    "$(q "SELECT string_agg(substr(body, 10, 1), ' ' ORDER BY id) FROM strict")"
case "$err" in
    *"refused batch 2 (2 messages)"*"violates check constraint"*"2 messages were loaded before the failure"*)
        pass "refused batch: the message says which batch and why" ;;
    *) fail "refused batch: the message says which batch and why" "$err" ;;
esac

err=$(PGPORT=1 "$LOADER" -q "${ALL[0]}" 2>&1); rc=$?
check "no server: exit status 1" 1 "$rc"
case "$err" in
    *"could not connect to the database"*) pass "no server: message" ;;
    *) fail "no server: message" "$err" ;;
esac

err=$("$LOADER" -q --table no_such_table --column raw "${ALL[0]}" 2>&1); rc=$?
check "missing table: exit status 1" 1 "$rc"
case "$err" in
    *'cannot load into no_such_table: relation "no_such_table" does not exist'*)
        pass "missing table: message" ;;
    *) fail "missing table: message" "$err" ;;
esac

err=$("$LOADER" -q -d postgres "${ALL[0]}" 2>&1); rc=$?
check "no extension: exit status 1" 1 "$rc"
case "$err" in
    *"CREATE EXTENSION bounce"*) pass "no extension: message with a hint" ;;
    *) fail "no extension: message with a hint" "$err" ;;
esac

err=$("$LOADER" -q --table inbox --column id "${ALL[0]}" 2>&1); rc=$?
check "column of another type: exit status 1" 1 "$rc"
case "$err" in
    *"has type bigint; it must be text, varchar or bytea"*) pass "column of another type: message" ;;
    *) fail "column of another type: message" "$err" ;;
esac

"$LOADER" -q --batch 0 "${ALL[0]}" 2>/dev/null; rc=$?
check "bad batch size: exit status 2" 2 "$rc"
"$LOADER" -q --table inbox "${ALL[0]}" 2>/dev/null; rc=$?
check "--table without --column: exit status 2" 2 "$rc"

reset_tables
err=$("$LOADER" -q "$WORK/no-such-file.eml" "${ALL[0]}" "$TOP/test" 2>&1); rc=$?
check "unreadable inputs: exit status 3, the rest loaded" "3 1" "$rc $(q "SELECT count(*) FROM bounce.messages")"
case "$err" in
    *"could not open"*"no-such-file.eml"*"is a directory but not a Maildir"*)
        pass "unreadable inputs: messages" ;;
    *) fail "unreadable inputs: messages" "$err" ;;
esac

"$PG_BINDIR/psql" -X -q -d postgres -c "DROP DATABASE $DB" >/dev/null
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
