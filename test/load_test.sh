#!/usr/bin/env bash
# test/load_test.sh: nothing is lost or fails when bounces are stored and
# the views are read at the same time.
#
# pgbench runs writer clients that store the project's sample bounces
# (test/fixtures/*.eml) through bounce.messages, one per statement, in
# multi-row statements and several in one transaction, while reader clients
# query bounce.domain_summary, bounce.suppression and bounce.daily, and one
# more client reparses ranges of stored messages, for LOAD_SECONDS seconds.  Each stored message is made a distinct bounce (the
# Message-ID of the original it quotes is made unique), so that no event is
# dropped as a duplicate and the number of events must equal the number of
# recipients parsing found.  Then it checks that every committed message is
# there, parsed, with its events; that both rollups agree with the events;
# that no transaction failed and no deadlock or error was logged; and prints
# the rates held.  A second, shorter phase has the writers store copies of
# the same new bounces at the same moment, in different orders, one
# statement per transaction: the same checks hold, and exactly one event
# per distinct bounce is kept.
#
# Standalone, it builds and installs the extension and starts a throwaway
# cluster (test/lib.sh).  With BOUNCE_CLUSTER_READY=1 and PGHOST set it uses
# that cluster instead, in a database of its own that it drops at the end;
# it then reads the server log from BOUNCE_SERVER_LOG, or from server.log
# beside the data directory (where test/lib.sh puts it), if it can.
#
# Knobs: LOAD_SECONDS (20), LOAD_WRITERS (4), LOAD_READERS (2), LOAD_BATCH
# (rows of a multi-row insert, 50), LOAD_REPARSE (1: a client reparses
# ranges of stored messages during the first phase; 0: none),
# LOAD_DUP_SECONDS (5; 0 skips the
# duplicate phase), LOAD_KEEP (set: keep the database and the work files
# for a look afterwards).  Prints "N passed, N failed" last; exits
# non-zero on any failure.
#
# Usage: bash test/load_test.sh

source "$(dirname "$0")/lib.sh"
cd "$BOUNCE_TOP"

LOAD_SECONDS=${LOAD_SECONDS:-20}
LOAD_WRITERS=${LOAD_WRITERS:-4}
LOAD_READERS=${LOAD_READERS:-2}
LOAD_BATCH=${LOAD_BATCH:-50}
LOAD_REPARSE=${LOAD_REPARSE:-1}
LOAD_DUP_SECONDS=${LOAD_DUP_SECONDS:-5}

find_postgres
if [ "${BOUNCE_CLUSTER_READY:-}" = 1 ] && [ -n "${PGHOST:-}" ]; then
    own_cluster=0
else
    own_cluster=1
    ensure_packages
    build_and_install
    start_cluster
fi

db="bounce_load_$$"
work=$(mktemp -d /tmp/bounce-load.XXXXXX)
chmod 755 "$work"

# Drop the database and the work files; keeps the exit status for
# stop_cluster, which the throwaway cluster's trap runs next.
cleanup_load() {
    local rc=$?
    [ -n "${LOAD_KEEP:-}" ] ||
        "$PG_BINDIR/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" \
            >/dev/null 2>&1 || true
    [ -n "${LOAD_KEEP:-}" ] || rm -rf "$work"
    return $rc
}
if [ "$own_cluster" = 1 ]; then
    trap 'cleanup_load; stop_cluster' EXIT
else
    trap cleanup_load EXIT
fi

q() {
    run_psql -d "$db" -At "$@"
}

# The server log, read from the current end on, if we can find it.
server_log=${BOUNCE_SERVER_LOG:-}
if [ -z "$server_log" ]; then
    if [ "$own_cluster" = 1 ]; then
        server_log="$PGTMP/server.log"
    else
        datadir=$(run_psql -d postgres -At -c 'SHOW data_directory' 2>/dev/null || true)
        [ -n "$datadir" ] && server_log="$(dirname "$datadir")/server.log"
    fi
fi
[ -n "$server_log" ] && [ -r "$server_log" ] || server_log=""
log_start=0
[ -n "$server_log" ] && log_start=$(stat -c %s "$server_log")

run_psql -d postgres -c "CREATE DATABASE $db" >/dev/null

# The fixtures as templates of distinct bounces (test/load_fixtures.sql).
say "loading the fixtures into $db"
q -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION bounce' >/dev/null
eml_copy_stream test/fixtures | q -f test/load_fixtures.sql >/dev/null

nfix=$(q -c 'SELECT count(*) FROM load_fixtures')
ncand=$(q -c 'SELECT count(*) FROM load_candidates')
skipped=$(q -c "SELECT coalesce(string_agg(c.name, ' ' ORDER BY c.name), '')
                  FROM load_candidates AS c
                 WHERE c.name NOT IN (SELECT f.name FROM load_fixtures AS f)")
say "$nfix of $ncand fixtures usable${skipped:+; not used: $skipped}"
check "fixtures usable for the load" \
    "$([ "$nfix" -ge 40 ] && [ "$((ncand - nfix))" -le 3 ] && echo 0 || echo 1)" \
    "$nfix of $ncand"

# ---- the writers ----
# Each writer transaction labels its rows "phase/script/client/number/
# fixture", number counting the client's transactions as pgbench's
# transaction log does, so that the log (-l) says exactly which labels
# committed.  Scripts: one message per statement; a multi-row statement of
# LOAD_BATCH messages (the path a COPY takes); a transaction storing 1, 5
# and 1 messages in three statements.
multi_rows=7

# One INSERT of a message: phase $1, tag expression $2, script $3, and the
# variable $4 holding the fixture's id.
script_one() {
    cat <<SQL
INSERT INTO bounce.messages (raw, source)
SELECT replace(f.template, 'Zq9LoadTag', $2),
       '$1/$3/' || :client_id || '/' || :n || '/' || f.id
  FROM load_fixtures AS f WHERE f.id = :$4;
SQL
}

# One INSERT of $4 messages chosen from the seed :s, as for script_one.
script_many() {
    cat <<SQL
INSERT INTO bounce.messages (raw, source)
SELECT replace(f.template, 'Zq9LoadTag', $2),
       '$1/$3/' || :client_id || '/' || :n || '/' || f.id
  FROM generate_series(1, $4) AS g
  JOIN load_fixtures AS f ON f.id = 1 + (g * 7919 + :s) % :nfix;
SQL
}

# Write the three writer scripts for phase $1; $2 is the SQL expression
# that replaces the tag in a template.  With $3 = "shared", a script first
# draws a round number r shared by about three transactions in a row
# (whatever their clients), tags its bounces with it and, storing one
# message, takes the round's fixture: transactions of one round store the
# same new bounces at the same time, in different orders.
write_scripts() {
    local head=('\set n :n + 1') pick='\set f random(1, :nfix)'
    if [ "${3:-}" = shared ]; then
        head+=("SELECT nextval('load_tag') / 3 AS r \\gset")
        pick='\set f 1 + (:r * 7) % :nfix'
    fi
    {
        printf '%s\n' "${head[@]}" "$pick"
        script_one "$1" "$2" single f
    } > "$work/$1-single.sql"
    {
        printf '%s\n' "${head[@]}" '\set s random(0, 1000000)'
        script_many "$1" "$2" batch "$LOAD_BATCH"
    } > "$work/$1-batch.sql"
    {
        printf '%s\n' "${head[@]}" '\set f random(1, :nfix)' \
            '\set g random(1, :nfix)' '\set s random(0, 1000000)' 'BEGIN;'
        script_one "$1" "$2" multi f
        script_many "$1" "$2" multi 5
        script_one "$1" "$2" multi g
        echo 'COMMIT;'
    } > "$work/$1-multi.sql"
}

# Run the writers of phase $1 for $2 seconds, in the background, with the
# scripts single and batch, and multi unless $3 is "nomulti"; the pid goes
# to writers_pid.
start_writers() {
    local multi=(-f "$work/$1-multi.sql@3")
    [ "${3:-}" = nomulti ] && multi=()
    mkdir -p "$work/$1-log"
    "$PG_BINDIR/pgbench" -n -c "$LOAD_WRITERS" -j "$LOAD_WRITERS" -T "$2" \
        -D nfix="$nfix" -D n=0 --failures-detailed \
        -l --log-prefix="$work/$1-log/tx" \
        -f "$work/$1-single.sql@6" -f "$work/$1-batch.sql@1" "${multi[@]}" \
        "$db" > "$work/$1-writers.out" 2> "$work/$1-writers.err" &
    writers_pid=$!
}

# A summary figure ("failed", "deadlocks", "tps", "processed") from
# pgbench's output file $1.
bench_figure() {
    local v
    case "$2" in
        failed) v=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$1") ;;
        deadlocks) v=$(sed -n 's/^number of deadlock failures: \([0-9]*\).*/\1/p' "$1") ;;
        tps) v=$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$1") ;;
        processed) v=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$1") ;;
    esac
    echo "${v:--1}"
}

# Check the writers of phase $1 after pgbench (exit status $2) is done:
# every transaction its log reports committed is stored whole, nothing
# else is stored but at most one transaction per client that was in
# flight when time ran out, every message is parsed and has its events.
check_writers() {
    local phase=$1 rc=$2 failed deadlocks
    failed=$(bench_figure "$work/$phase-writers.out" failed)
    deadlocks=$(bench_figure "$work/$phase-writers.out" deadlocks)
    check "$phase: writer clients ran to the end" "$rc" \
        "$(tail -n 2 "$work/$phase-writers.err" | tr '\n' ' ')"
    check "$phase: no failed writer transaction" \
        "$([ "$failed" = 0 ] && echo 0 || echo 1)" "$failed failed, $deadlocks by deadlock"
    check "$phase: no warning or error reached the writers" \
        "$(grep -Eqi 'warning|error' "$work/$phase-writers.err" && echo 1 || echo 0)" \
        "$(grep -Ehi 'warning|error' "$work/$phase-writers.err" | head -n 2 | tr '\n' ' ')"

    # client, transaction number, time ("failed" etc. when not committed),
    # script number
    cat "$work/$phase-log"/tx* | awk -v p="$phase" '{ print p "\t" $1 "\t" $2 "\t" $3 "\t" $4 }' \
        > "$work/$phase-log.tsv"
    q -c "\\copy load_log FROM '$work/$phase-log.tsv'"
    q -v phase="$phase" -v batch="$LOAD_BATCH" -v multi="$multi_rows" -F $'\t' \
        -f - > "$work/$phase-checks.tsv" <<'SQL'
\i test/rollup_check.sql
WITH stored AS (
    SELECT split_part(m.source, '/', 2) AS script,
           split_part(m.source, '/', 3)::integer AS client,
           split_part(m.source, '/', 4)::bigint AS txno,
           count(*) AS n
      FROM bounce.messages AS m
     WHERE split_part(m.source, '/', 1) = :'phase'
     GROUP BY 1, 2, 3
), logged AS (
    SELECT l.client, l.txno, l.time ~ '^[0-9]+$' AS committed,
           (ARRAY['single', 'batch', 'multi'])[l.script + 1] AS script
      FROM load_log AS l
     WHERE l.phase = :'phase'
), rows_of AS (
    SELECT * FROM (VALUES ('single', 1), ('batch', :batch), ('multi', :multi))
           AS v (script, n)
), last_tx AS (
    SELECT l.client, max(l.txno) AS txno FROM logged AS l GROUP BY l.client
), extra AS (
    SELECT s.* FROM stored AS s
     WHERE NOT EXISTS (SELECT FROM logged AS l
                        WHERE l.committed AND l.client = s.client AND l.txno = s.txno)
)
SELECT 'committed transactions stored whole',
       count(*) FILTER (WHERE s.n IS DISTINCT FROM r.n) = 0,
       format('%s committed: %s single, %s batch, %s multi; %s missing or partial',
              count(*), count(*) FILTER (WHERE l.script = 'single'),
              count(*) FILTER (WHERE l.script = 'batch'),
              count(*) FILTER (WHERE l.script = 'multi'),
              count(*) FILTER (WHERE s.n IS DISTINCT FROM r.n))
  FROM logged AS l
  JOIN rows_of AS r ON r.script = l.script
  LEFT JOIN stored AS s ON s.client = l.client AND s.txno = l.txno
 WHERE l.committed
UNION ALL
SELECT 'nothing else stored but the last transaction of a client in flight',
       count(*) FILTER (WHERE x.txno <= coalesce(t.txno, 0)
                        OR x.n <> r.n) = 0
       AND count(*) <= count(DISTINCT x.client),
       format('%s in flight', count(*))
  FROM extra AS x
  JOIN rows_of AS r ON r.script = x.script
  LEFT JOIN last_tx AS t ON t.client = x.client;

WITH m AS (
    SELECT m.*, split_part(m.source, '/', 5)::integer AS fixture
      FROM bounce.messages AS m
     WHERE split_part(m.source, '/', 1) = :'phase'
), ev AS (
    SELECT e.message_id, count(*) AS n FROM bounce.events AS e GROUP BY e.message_id
)
SELECT 'every message parsed',
       count(*) FILTER (WHERE parse_state IS NULL OR parse_state = 'failed') = 0,
       format('%s messages, %s unparsed, %s failed', count(*),
              count(*) FILTER (WHERE parse_state IS NULL),
              count(*) FILTER (WHERE parse_state = 'failed'))
  FROM m
UNION ALL
SELECT 'recipients as for the fixture',
       count(*) FILTER (WHERE m.recipients IS DISTINCT FROM f.recipients
                        OR m.parse_state <> CASE WHEN f.recipients > 0
                                                 THEN 'parsed' ELSE 'empty' END) = 0,
       format('%s differ', count(*) FILTER (WHERE m.recipients IS DISTINCT FROM f.recipients))
  FROM m JOIN load_fixtures AS f ON f.id = m.fixture
UNION ALL
SELECT 'no event without its message',
       NOT EXISTS (SELECT FROM bounce.events AS e
                    WHERE NOT EXISTS (SELECT FROM bounce.messages AS x
                                       WHERE x.id = e.message_id)), ''
UNION ALL
SELECT 'event keys = keys derived from the stored messages',
       NOT EXISTS (SELECT k.key FROM bounce.messages AS x, load_keys(x.raw) AS k
                   EXCEPT SELECT e.event_key FROM bounce.events AS e)
       AND NOT EXISTS (SELECT e.event_key FROM bounce.events AS e
                       EXCEPT SELECT k.key FROM bounce.messages AS x, load_keys(x.raw) AS k),
       ''
UNION ALL
SELECT 'rollup agrees with the events', pg_temp.daily_differences() = 0, ''
UNION ALL
SELECT 'per-domain rollup agrees with the events', pg_temp.rollup_differences() = 0, ''
UNION ALL
SELECT 'no rollup change left pending',
       NOT EXISTS (SELECT FROM bounce.daily_rollup_pending), ''
UNION ALL
SELECT 'no deadlock in pg_stat_database', d.deadlocks = 0, format('%s deadlocks', d.deadlocks)
  FROM pg_stat_database AS d WHERE d.datname = current_database();
SQL
    while IFS=$'\t' read -r name ok detail; do
        check "$phase: $name" "$([ "$ok" = t ] && echo 0 || echo 1)" "$detail"
    done < "$work/$phase-checks.tsv"
}

q -c 'CREATE TABLE load_log (phase text, client integer, txno bigint, time text, script integer)'

# ---- phase 1: distinct bounces, writers and readers together ----
say "p1: $LOAD_WRITERS writers and $LOAD_READERS readers for $LOAD_SECONDS s"
echo 'SELECT sum(events), sum(bounced), max(top_reasons), max(delivery_rate) FROM bounce.domain_summary;' \
    > "$work/domain_summary.sql"
echo 'SELECT count(*), max(suppressed_at), count(DISTINCT rule) FROM bounce.suppression;' \
    > "$work/suppression.sql"
echo "SELECT sum(events), max(top_reasons) FROM bounce.daily WHERE day >= (now() AT TIME ZONE 'UTC')::date - 7;" \
    > "$work/daily.sql"
write_scripts p1 "'t' || nextval('load_tag')"
start_writers p1 "$LOAD_SECONDS"
wpid=$writers_pid
"$PG_BINDIR/pgbench" -n -c "$LOAD_READERS" -j "$LOAD_READERS" -T "$LOAD_SECONDS" \
    --failures-detailed \
    -f "$work/domain_summary.sql" -f "$work/suppression.sql" -f "$work/daily.sql" \
    "$db" > "$work/readers.out" 2> "$work/readers.err" &
rpid=$!
# One more client reparses ranges of 20 stored messages while the writers
# go on: each reparse removes and stores again events that may hold the
# first or last time of their domain and reason in the per-domain rollup.
mpid=""
if [ "$LOAD_REPARSE" = 1 ]; then
    cat > "$work/reparse.sql" <<'REPARSE'
\set lo random(1, 40000)
SELECT * FROM bounce.reparse(first_id => :lo, last_id => :lo + 19);
REPARSE
    "$PG_BINDIR/pgbench" -n -c 1 -j 1 -T "$LOAD_SECONDS" --failures-detailed \
        -f "$work/reparse.sql" "$db" > "$work/reparse.out" 2> "$work/reparse.err" &
    mpid=$!
fi
wrc=0
rrc=0
mrc=0
wait "$wpid" || wrc=$?
wait "$rpid" || rrc=$?
if [ -n "$mpid" ]; then
    wait "$mpid" || mrc=$?
    m_failed=$(bench_figure "$work/reparse.out" failed)
    n_reparse=$(bench_figure "$work/reparse.out" processed)
    check "p1: reparsing client ran to the end" "$mrc" "$(tail -n 2 "$work/reparse.err" | tr '\n' ' ')"
    check "p1: no failed reparse" "$([ "$m_failed" = 0 ] && echo 0 || echo 1)" \
        "$m_failed failed of $n_reparse"
fi
check_writers p1 "$wrc"

r_failed=$(bench_figure "$work/readers.out" failed)
r_tps=$(bench_figure "$work/readers.out" tps)
n_views=$(bench_figure "$work/readers.out" processed)
check "p1: reader clients ran to the end" "$rrc" "$(tail -n 2 "$work/readers.err" | tr '\n' ' ')"
check "p1: no failed reader transaction" "$([ "$r_failed" = 0 ] && echo 0 || echo 1)" \
    "$r_failed failed of $n_views"
same=$(q -c 'SELECT (SELECT count(*) FROM bounce.events)
                   = (SELECT sum(m.recipients) FROM bounce.messages AS m)')
check "p1: events = sum of recipients (no bounce was a duplicate)" \
    "$([ "$same" = t ] && echo 0 || echo 1)"

stored=$(q -c 'SELECT count(*) FROM bounce.messages')
events=$(q -c 'SELECT count(*) FROM bounce.events')
rate=$(awk -v n="$stored" -v s="$LOAD_SECONDS" 'BEGIN { printf "%.0f", n / s }')
ev_rate=$(awk -v n="$events" -v s="$LOAD_SECONDS" 'BEGIN { printf "%.0f", n / s }')
per_view=$(awk '
    /^SQL script [0-9]+:/ { v = $NF; sub(/.*\//, "", v); sub(/\.sql$/, "", v) }
    /^ - [0-9]+ transactions/ { t = $0; sub(/.*tps = /, "", t); sub(/\).*/, "", t)
                              printf "%s%s %.1f/s", sep, v, t; sep = ", " }' "$work/readers.out")
printf 'p1: %s messages and %s events stored by %s writers in %s s' \
    "$stored" "$events" "$LOAD_WRITERS" "$LOAD_SECONDS"
printf ' (%s messages/s, %s events/s);' "$rate" "$ev_rate"
printf ' %s view queries by %s readers (%s/s: %s)\n' \
    "$n_views" "$LOAD_READERS" "$r_tps" "$per_view"

# ---- phase 2: the same bounces stored again and again at once ----
# Each load is a transaction of one statement.  (Transactions of several
# statements that store the same bounces in different orders can deadlock
# on the unique event key, as any two such transactions on a unique index
# can: one of them fails and is retried.)
if [ "$LOAD_DUP_SECONDS" -gt 0 ]; then
    say "p2: $LOAD_WRITERS writers store copies of the same bounces for $LOAD_DUP_SECONDS s"
    q -c 'TRUNCATE bounce.messages, bounce.events RESTART IDENTITY' >/dev/null
    write_scripts p2 "'r' || :r" shared
    start_writers p2 "$LOAD_DUP_SECONDS" nomulti
    wrc=0
    wait "$writers_pid" || wrc=$?
    check_writers p2 "$wrc"
    dup_events=$(q -c 'SELECT count(*) FROM bounce.events')
    dup_keys=$(q -c 'SELECT count(DISTINCT k.key) FROM bounce.messages AS m, load_keys(m.raw) AS k')
    dup_rcpts=$(q -c 'SELECT sum(m.recipients) FROM bounce.messages AS m')
    check "p2: one event per distinct bounce" \
        "$([ "$dup_events" = "$dup_keys" ] && echo 0 || echo 1)" \
        "$dup_events events, $dup_keys distinct keys"
    check "p2: copies met and skipped" \
        "$([ "$dup_rcpts" -gt "$dup_events" ] && echo 0 || echo 1)" \
        "$dup_rcpts recipients in $(q -c 'SELECT count(*) FROM bounce.messages') messages"
fi

# ---- the server log since the start ----
if [ -n "$server_log" ]; then
    tail -c +"$((log_start + 1))" "$server_log" > "$work/server.log"
    grep -E 'ERROR|FATAL|PANIC|deadlock|WARNING' "$work/server.log" > "$work/bad.log" || true
    bad=$(wc -l < "$work/bad.log")
    check "no error, warning or deadlock in the server log" \
        "$([ "$bad" = 0 ] && echo 0 || echo 1)" \
        "$bad lines$([ "$bad" = 0 ] || printf ': %s' "$(head -n 3 "$work/bad.log" | tr '\n' ' ')")"
else
    say "server log not found: its check is skipped (set BOUNCE_SERVER_LOG)"
fi

check_summary
