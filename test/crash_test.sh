#!/usr/bin/env bash
# test/crash_test.sh: a server crash in the middle of loading bounces loses
# no committed message and leaves no message without its events.
#
# Starts a cluster of its own (fsync on, unlike the other tests), stores
# the project's sample bounces (made distinct as in test/load_test.sh)
# from several psql clients, in transactions of one message, of a large
# multi-row statement, and of several statements, and stops the server
# with "pg_ctl stop -m immediate" while they run.  A client notes a
# transaction as committed only after its COMMIT returned.  After the
# restart: every noted transaction is stored whole; nothing else is stored
# but at most one transaction per client whose COMMIT was in flight, also
# whole; every stored message is parsed with its events and no event lacks
# its message; both rollups agree with the events; the btree indexes pass
# amcheck; new messages are stored and parsed as before.  CRASH_ROUNDS
# rounds (2), each crashing after CRASH_SECONDS seconds (3) of load by
# CRASH_CLIENTS clients (3); a multi-row statement stores CRASH_BATCH
# messages (200).
#
# Run alone it builds and installs the extension first; with
# BOUNCE_CLUSTER_READY=1 (inside test/check.sh) it takes the installed one,
# and still starts and removes its own cluster, leaving the caller's alone.
# Prints "N passed, N failed" last; exits non-zero on any failure.
#
# Usage: bash test/crash_test.sh

source "$(dirname "$0")/lib.sh"
cd "$BOUNCE_TOP"

CRASH_ROUNDS=${CRASH_ROUNDS:-2}
CRASH_SECONDS=${CRASH_SECONDS:-3}
CRASH_CLIENTS=${CRASH_CLIENTS:-3}
CRASH_BATCH=${CRASH_BATCH:-200}

find_postgres
if [ "${BOUNCE_CLUSTER_READY:-}" != 1 ]; then
    ensure_packages
    build_and_install
fi

# Our own cluster, as start_cluster makes one but with fsync on, so that
# what a crash keeps is what a real one would.  stop_cluster (test/lib.sh)
# removes it on exit.
PGTMP=$(mktemp -d /tmp/bounce-crash.XXXXXX)
trap stop_cluster EXIT
[ "$(id -u)" -eq 0 ] && chown postgres: "$PGTMP"
chmod 755 "$PGTMP"
port=$(free_port)
server_opts="-p $port -k $PGTMP -c listen_addresses= -c fsync=on -c synchronous_commit=on"
say "starting a cluster of its own in $PGTMP on port $port"
as_owner "$PG_BINDIR/initdb" -D "$PGTMP/data" -A trust -U postgres \
    -E UTF8 --locale=C.UTF-8 >"$PGTMP/initdb.log" 2>&1 ||
    { cat "$PGTMP/initdb.log" >&2; die "initdb failed"; }

# Start the server of our cluster.
server_start() {
    as_owner "$PG_BINDIR/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w \
        -o "$server_opts" start >/dev/null ||
        { tail -n 20 "$PGTMP/server.log" >&2; die "the server did not start"; }
}
server_start
export PGHOST="$PGTMP" PGPORT="$port" PGUSER=postgres PGDATABASE=crash
work="$PGTMP/work"
mkdir "$work"

q() {
    run_psql -At "$@"
}

run_psql -d postgres -c 'CREATE DATABASE crash' >/dev/null
q -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION bounce' \
    -c 'CREATE EXTENSION amcheck' >/dev/null
eml_copy_stream test/fixtures | q -f test/load_fixtures.sql >/dev/null
nfix=$(q -c 'SELECT count(*) FROM load_fixtures')
say "$nfix fixtures"

# The SQL of client $2 in round $1, forever: transactions of one message,
# of CRASH_BATCH messages in one statement, and of 1 + 5 messages in two
# statements.  After each COMMIT, psql prints "committed round client
# transaction rows".  Rows are labelled "crash/round/client/transaction/
# fixture", and each is a bounce of its own (tag rRcCiI, plus gN in a
# multi-row statement).
client_sql() {
    local r=$1 c=$2 i=1 f rows tag
    while :; do
        tag="r${r}c${c}i${i}"
        f=$((RANDOM % nfix + 1))
        echo 'BEGIN;'
        case $((i % 10)) in
            0|1|2|3|4|5)
                rows=1
                echo "INSERT INTO bounce.messages (raw, source)
SELECT replace(t.template, 'Zq9LoadTag', '$tag'), 'crash/$r/$c/$i/' || t.id
  FROM load_fixtures AS t WHERE t.id = $f;" ;;
            6|7)
                rows=$CRASH_BATCH
                echo "INSERT INTO bounce.messages (raw, source)
SELECT replace(t.template, 'Zq9LoadTag', '${tag}g' || g), 'crash/$r/$c/$i/' || t.id
  FROM generate_series(1, $rows) AS g
  JOIN load_fixtures AS t ON t.id = 1 + (g + $f) % $nfix;" ;;
            *)
                rows=6
                echo "INSERT INTO bounce.messages (raw, source)
SELECT replace(t.template, 'Zq9LoadTag', '$tag'), 'crash/$r/$c/$i/' || t.id
  FROM load_fixtures AS t WHERE t.id = $f;
INSERT INTO bounce.messages (raw, source)
SELECT replace(t.template, 'Zq9LoadTag', '${tag}g' || g), 'crash/$r/$c/$i/' || t.id
  FROM generate_series(1, 5) AS g
  JOIN load_fixtures AS t ON t.id = 1 + (g * 3 + $f) % $nfix;" ;;
        esac
        echo 'COMMIT;'
        printf '\\echo committed %s %s %s %s\n' "$r" "$c" "$i" "$rows"
        i=$((i + 1))
    done
}

for round in $(seq 1 "$CRASH_ROUNDS"); do
    say "round $round: $CRASH_CLIENTS clients, immediate stop after $CRASH_SECONDS s"
    pids=()
    for c in $(seq 1 "$CRASH_CLIENTS"); do
        # A client stops at its first error, which the crash brings.  Its
        # output goes out a line at a time (stdbuf), so that what it saw
        # committed is in the file even if it does not end cleanly.
        ( client_sql "$round" "$c" 2>/dev/null |
              stdbuf -oL "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 \
                  >"$work/committed.$round.$c" 2>"$work/client.$round.$c.err" || true ) &
        pids+=($!)
    done
    sleep "$CRASH_SECONDS"
    as_owner "$PG_BINDIR/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null
    for p in "${pids[@]}"; do
        wait "$p" || true
    done
    server_start
    cut=0
    for f in "$work"/client."$round".*.err; do
        if grep -Eqi 'terminat|closed|lost' "$f"; then
            cut=$((cut + 1))
        fi
    done
    check "round $round: the clients were cut off by the crash" \
        "$([ "$cut" -ge "$CRASH_CLIENTS" ] && echo 0 || echo 1)" \
        "$(cat "$work"/committed."$round".* | wc -l) transactions committed, $cut clients cut off"
done

# The transactions the clients saw committed.  A client's output can end
# in a line cut short (seen once: "committed R C I" without its row count,
# at the end of the last file); such a line does not count, and its
# transaction is then that client's one in flight, which the checks below
# allow to be stored or not.
cat "$work"/committed.* |
    awk 'NF == 5 && $1 == "committed" && $5 ~ /^[0-9]+$/ {
             print $2 "\t" $3 "\t" $4 "\t" $5 }' > "$work/committed.tsv"
q -c 'CREATE TABLE crash_committed (round integer, client integer, txno integer, rows integer)' \
    -c "\\copy crash_committed FROM '$work/committed.tsv'" >/dev/null

q -v batch="$CRASH_BATCH" -F $'\t' -f - > "$work/checks.tsv" <<'SQL'
\i test/rollup_check.sql
WITH stored AS (
    SELECT split_part(m.source, '/', 2)::integer AS round,
           split_part(m.source, '/', 3)::integer AS client,
           split_part(m.source, '/', 4)::integer AS txno,
           count(*) AS n
      FROM bounce.messages AS m
     WHERE m.source LIKE 'crash/%'
     GROUP BY 1, 2, 3
), extra AS (
    SELECT s.*,
           (SELECT coalesce(max(c.txno), 0) + 1 FROM crash_committed AS c
             WHERE c.round = s.round AND c.client = s.client) AS in_flight
      FROM stored AS s
     WHERE NOT EXISTS (SELECT FROM crash_committed AS c
                        WHERE c.round = s.round AND c.client = s.client
                          AND c.txno = s.txno)
)
SELECT 'every committed transaction stored whole',
       count(*) FILTER (WHERE s.n IS DISTINCT FROM c.rows) = 0,
       format('%s transactions, %s messages; %s missing or partial', count(*),
              sum(c.rows), count(*) FILTER (WHERE s.n IS DISTINCT FROM c.rows))
  FROM crash_committed AS c
  LEFT JOIN stored AS s
         ON s.round = c.round AND s.client = c.client AND s.txno = c.txno
UNION ALL
SELECT 'nothing else stored but whole transactions in flight at a crash',
       count(*) FILTER (
           WHERE x.txno <> x.in_flight
              OR x.n <> CASE WHEN x.txno % 10 < 6 THEN 1
                             WHEN x.txno % 10 < 8 THEN :batch
                             ELSE 6 END)
       = 0,
       format('%s in flight, %s messages', count(*), coalesce(sum(x.n), 0))
  FROM extra AS x;

WITH ev AS (
    SELECT e.message_id, count(*) AS n FROM bounce.events AS e GROUP BY e.message_id
)
SELECT 'every stored message parsed',
       count(*) FILTER (WHERE m.parse_state IS NULL OR m.parse_state = 'failed') = 0,
       format('%s messages, %s unparsed, %s failed', count(*),
              count(*) FILTER (WHERE m.parse_state IS NULL),
              count(*) FILTER (WHERE m.parse_state = 'failed'))
  FROM bounce.messages AS m
UNION ALL
SELECT 'recipients as for the fixture',
       count(*) FILTER (WHERE m.recipients IS DISTINCT FROM f.recipients) = 0,
       format('%s differ', count(*) FILTER (WHERE m.recipients IS DISTINCT FROM f.recipients))
  FROM bounce.messages AS m
  JOIN load_fixtures AS f ON f.id = split_part(m.source, '/', 5)::integer
UNION ALL
SELECT 'every message has all its events',
       count(*) FILTER (WHERE coalesce(ev.n, 0) <> m.recipients) = 0,
       format('%s events; %s messages without all of theirs',
              (SELECT count(*) FROM bounce.events),
              count(*) FILTER (WHERE coalesce(ev.n, 0) <> m.recipients))
  FROM bounce.messages AS m LEFT JOIN ev ON ev.message_id = m.id
UNION ALL
SELECT 'no event without its message',
       NOT EXISTS (SELECT FROM bounce.events AS e
                    WHERE NOT EXISTS (SELECT FROM bounce.messages AS m
                                       WHERE m.id = e.message_id)), ''
UNION ALL
SELECT 'event keys = keys derived from the stored messages',
       NOT EXISTS (SELECT k.key FROM bounce.messages AS m, load_keys(m.raw) AS k
                   EXCEPT SELECT e.event_key FROM bounce.events AS e)
       AND NOT EXISTS (SELECT e.event_key FROM bounce.events AS e
                       EXCEPT SELECT k.key FROM bounce.messages AS m, load_keys(m.raw) AS k),
       ''
UNION ALL
SELECT 'rollup agrees with the events', pg_temp.daily_differences() = 0, ''
UNION ALL
SELECT 'per-domain rollup agrees with the events', pg_temp.rollup_differences() = 0, ''
UNION ALL
SELECT 'no rollup change left pending',
       NOT EXISTS (SELECT FROM bounce.daily_rollup_pending), '';

WITH before AS (
    SELECT max(m.id) AS id FROM bounce.messages AS m
), added AS (
    INSERT INTO bounce.messages (raw, source)
    SELECT replace(t.template, 'Zq9LoadTag', 'after' || t.id), 'after/0/0/0/' || t.id
      FROM load_fixtures AS t
    RETURNING id
)
SELECT 'new ids after the crash', min(a.id) > b.id, ''
  FROM added AS a, before AS b
 GROUP BY b.id;

SELECT 'new messages stored and parsed after the crash',
       count(*) = (SELECT count(*) FROM load_fixtures)
       AND count(*) FILTER (WHERE m.parse_state IN ('parsed', 'empty')) = count(*)
       AND sum(m.recipients) = (SELECT count(*) FROM bounce.events AS e
                                 WHERE e.message_id IN (SELECT x.id FROM bounce.messages AS x
                                                         WHERE x.source LIKE 'after/%')),
       format('%s messages', count(*))
  FROM bounce.messages AS m
 WHERE m.source LIKE 'after/%';
SQL
while IFS=$'\t' read -r name ok detail; do
    check "$name" "$([ "$ok" = t ] && echo 0 || echo 1)" "$detail"
done < "$work/checks.tsv"

# amcheck raises an error on the first index it finds broken.
if amcheck=$(q -c "SELECT count(bt_index_check(c.oid, true)::text)
                     FROM pg_class AS c JOIN pg_am AS a ON a.oid = c.relam
                    WHERE c.relkind = 'i' AND a.amname = 'btree'
                      AND c.relnamespace = 'bounce'::regnamespace" 2>&1); then
    check "btree indexes of the extension pass amcheck" 0 "$amcheck indexes"
else
    check "btree indexes of the extension pass amcheck" 1 "$amcheck"
fi

recoveries=$(grep -c 'database system was interrupted\|not properly shut down' "$PGTMP/server.log" || true)
check "the server recovered after each crash" \
    "$([ "$recoveries" -ge "$CRASH_ROUNDS" ] && grep -q 'redo done' "$PGTMP/server.log" && echo 0 || echo 1)" \
    "$recoveries recoveries"
bad=$(grep -E 'PANIC|could not|corrupt' "$PGTMP/server.log" | grep -vc 'could not receive data from client' || true)
check "no PANIC or corruption in the server log" "$([ "$bad" = 0 ] && echo 0 || echo 1)" \
    "$bad lines$([ "$bad" = 0 ] || grep -E 'PANIC|could not|corrupt' "$PGTMP/server.log" | head -n 3 | tr '\n' ' ')"

check_summary
