#!/usr/bin/env bash
# test/upgrade_test.sh: check every update path of the extension.
#
# Against a running cluster named by the PG* environment, with the bounce
# extension installed (all its bounce--*.sql scripts): for each version that
# has an install script and is older than the default version, creates a
# database, installs that version, stores a site's data in it
# (test/site_data.sql), runs ALTER EXTENSION bounce UPDATE, and checks that
#   - the database is now at the default version;
#   - its catalog matches a fresh install of the default version
#     (test/extension_catalog.sql: every member object, definition,
#     column, index, trigger, grant and built-in row);
#   - the data and the answers of the views did not change
#     (test/site_snapshot.sql);
#   - the updated database goes on parsing new messages.
# Prints one line per version; exits non-zero on any difference.
#
# Usage: bash test/upgrade_test.sh

set -euo pipefail

if [ -z "${PG_BINDIR:-}" ]; then
    PG_BINDIR=$(pg_config --bindir)
fi
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
fresh="bounce_upgrade_fresh_$$"
old="bounce_upgrade_old_$$"
work=$(mktemp -d /tmp/bounce-upgrade.XXXXXX)

psql_q() {
    "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 "$@"
}

cleanup() {
    local rc=$?
    psql_q -d postgres -c "DROP DATABASE IF EXISTS $fresh" >/dev/null 2>&1 || true
    psql_q -d postgres -c "DROP DATABASE IF EXISTS $old" >/dev/null 2>&1 || true
    rm -rf "$work"
    exit $rc
}
trap cleanup EXIT

fail() {
    printf 'upgrade_test: FAILED: %s\n' "$*"
    exit 1
}

current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$top/bounce.control")
[ -n "$current" ] || fail "no default_version in bounce.control"

# Versions with an install script, oldest first, other than the current one.
versions=$(cd "$top" && ls bounce--*.sql | sed -n 's/^bounce--\([0-9.]*\)\.sql$/\1/p' |
    sort -t. -k1,1n -k2,2n | grep -vx "$current" || true)
[ -n "$versions" ] || fail "no install script of an older version than $current"

psql_q -d postgres -c "CREATE DATABASE $fresh" >/dev/null
psql_q -d "$fresh" -c "SET client_min_messages = warning" -c "CREATE EXTENSION bounce" >/dev/null
psql_q -d "$fresh" -A -t -f "$here/extension_catalog.sql" >"$work/catalog.fresh"

for v in $versions; do
    psql_q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $old" \
        -c "CREATE DATABASE $old" >/dev/null
    psql_q -d "$old" -c "SET client_min_messages = warning" \
        -c "CREATE EXTENSION bounce VERSION '$v'" >/dev/null ||
        fail "version $v does not install"
    psql_q -d "$old" -f "$here/site_data.sql" >/dev/null
    psql_q -d "$old" -A -t -f "$here/site_snapshot.sql" >"$work/before"

    psql_q -d "$old" -c "ALTER EXTENSION bounce UPDATE" >/dev/null 2>"$work/update.log" ||
        fail "ALTER EXTENSION bounce UPDATE from $v: $(head -n 3 "$work/update.log" | tr '\n' ' ')"
    got=$(psql_q -d "$old" -A -t -c "SELECT extversion FROM pg_extension WHERE extname = 'bounce'")
    [ "$got" = "$current" ] || fail "update from $v ends at version $got, not $current"

    psql_q -d "$old" -A -t -f "$here/extension_catalog.sql" >"$work/catalog.updated"
    if ! diff "$work/catalog.fresh" "$work/catalog.updated" >"$work/catalog.diff"; then
        fail "after the update from $v the catalog differs from a fresh install of $current:
$(grep '^[<>]' "$work/catalog.diff" | head -n 20)"
    fi

    psql_q -d "$old" -A -t -f "$here/site_snapshot.sql" >"$work/after"
    if ! diff "$work/before" "$work/after" >"$work/data.diff"; then
        fail "the update from $v changed data or answers: $(grep '^[<>]' "$work/data.diff" | head -n 6 | tr '\n' ' ')"
    fi

    next=$(psql_q -d "$old" -A -t \
        -c "INSERT INTO bounce.messages (raw)
            VALUES (public.dsn(999, 'z@example.com', '5.1.1', '550 5.1.1 user unknown'))" \
        -c "SELECT reason || ' ' || hard FROM bounce.events WHERE recipient = 'z@example.com'")
    [ "$next" = "userunknown true" ] ||
        fail "after the update from $v a new message is not parsed as before ($next)"

    printf 'upgrade_test: %s -> %s ok (%s catalog lines match a fresh install; %s)\n' \
        "$v" "$current" "$(wc -l <"$work/catalog.fresh")" \
        "$(sed -n 's/^messages=\([0-9]*\).*/\1 messages/p; s/^events=\([0-9]*\).*/\1 events/p' "$work/after" |
            paste -sd, - | sed 's/,/, /') unchanged"
done
