#!/usr/bin/env bash
# test/dump_restore.sh: check that pg_dump and pg_restore keep a site's data.
#
# Against a running cluster named by the PG* environment (PGHOST, PGPORT,
# PGUSER), with the bounce extension installed: creates a database, stores
# bounce messages, events sent in directly, a table of the application's
# attached with bounce.attach, settings, rules, send counts and overrides;
# dumps it with pg_dump -Fc, restores the dump into a new database, and
# compares the two.  The server programs are taken from $PG_BINDIR (else
# from pg_config).  Prints one line; exits non-zero on any difference.
#
# Usage: bash test/dump_restore.sh

set -euo pipefail

if [ -z "${PG_BINDIR:-}" ]; then
    PG_BINDIR=$(pg_config --bindir)
fi
here=$(cd "$(dirname "$0")" && pwd)
src="bounce_dump_src_$$"
dst="bounce_dump_dst_$$"
work=$(mktemp -d /tmp/bounce-dump.XXXXXX)

psql_q() {
    "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 "$@"
}

cleanup() {
    local rc=$?
    psql_q -d postgres -c "DROP DATABASE IF EXISTS $src" >/dev/null 2>&1 || true
    psql_q -d postgres -c "DROP DATABASE IF EXISTS $dst" >/dev/null 2>&1 || true
    rm -rf "$work"
    exit $rc
}
trap cleanup EXIT

fail() {
    printf 'dump_restore: FAILED: %s\n' "$*"
    exit 1
}

psql_q -d postgres -c "CREATE DATABASE $src" -c "CREATE DATABASE $dst" >/dev/null

# The site's data (test/site_data.sql).
psql_q -d "$src" -c "SET client_min_messages = warning" -c "CREATE EXTENSION bounce" >/dev/null
psql_q -d "$src" -f "$here/site_data.sql" >/dev/null

# What must come back the same (test/site_snapshot.sql).
snapshot() {
    psql_q -d "$1" -A -t -f "$here/site_snapshot.sql"
}

snapshot "$src" >"$work/before"

"$PG_BINDIR/pg_dump" -Fc -d "$src" -f "$work/dump" ||
    fail "pg_dump did not complete"
"$PG_BINDIR/pg_restore" --exit-on-error -d "$dst" "$work/dump" 2>"$work/restore.log" ||
    fail "pg_restore did not complete: $(head -n 3 "$work/restore.log" | tr '\n' ' ')"

snapshot "$dst" >"$work/after"

if ! diff "$work/before" "$work/after" >"$work/diff"; then
    fail "restored database differs: $(grep '^[<>]' "$work/diff" | head -n 4 | tr '\n' ' ')"
fi
grep -q '^rollup_differences=0$' "$work/after" || fail "the rollup does not match the events"
grep -q ' own=1$' "$work/after" || fail "a site's own patterns were not kept"

# The restored database goes on parsing, with ids after the restored ones.
next=$(psql_q -d "$dst" -A -t \
    -c "INSERT INTO bounce.messages (raw)
        VALUES (public.dsn(999, 'z@example.com', '5.1.1', '550 5.1.1 user unknown'))
        RETURNING id > (SELECT max(id) FROM bounce.messages)" \
    -c "INSERT INTO public.inbox
        VALUES (5, public.dsn(105, 'w5@example.net', '5.1.1', '550 5.1.1 user unknown'), NULL)" \
    -c "SELECT count(*) FROM bounce.events
         WHERE recipient IN ('z@example.com', 'w5@example.net')" |
    tr '\n' ' ')
[ "$next" = "t 2 " ] || fail "the restored database does not parse new messages as before ($next)"

counts=$(sed -n 's/^messages=\([0-9]*\).*/\1 messages/p; s/^events=\([0-9]*\).*/\1 events/p; s/^rules=\([0-9]*\).*/\1 rules/p; s/^sends=\([0-9]*\).*/\1 sends/p' "$work/after" | paste -sd, - | sed 's/,/, /g')
printf 'dump_restore: ok (%s, settings, overrides, patterns, attachment and rollup kept)\n' "$counts"
