#!/usr/bin/env bash
# bench/run.sh: the benchmark behind "make bench"; prints figures, never
# passes or fails on them.
#
# Usage: bash bench/run.sh   (knobs in the environment, see bench/README.md)
#
# Generates a synthetic corpus with bench/gen.c, times the core parser alone
# (bench/core_bench.c), then builds and installs the extension, starts a
# throwaway cluster (test/lib.sh) and times, each in one backend:
# bounce.parse over the corpus with the raw column compressed (pglz, the
# default, and lz4 where the server has it) and uncompressed,
# bounce.classify over diagnostic lines, ingestion through bounce.messages,
# the per-domain summary over generated events, backend memory over a long
# scan, worst-case messages per MB, and Sisimai on a sample when it is
# installed.  A measurement whose object does not exist yet prints
# "skipped: <why>".  Every figure is the best of BENCH_PASSES runs (2), or
# of BENCH_SLOW_PASSES (1) for the slowest: the roll-up rebuild, the daily
# views and Sisimai.

source "$(dirname "$0")/../test/lib.sh"

BENCH_MESSAGES=${BENCH_MESSAGES:-100000}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_LINES=${BENCH_LINES:-1000000}
BENCH_EVENTS=${BENCH_EVENTS:-10000000}
BENCH_SCAN_REPEAT=${BENCH_SCAN_REPEAT:-10}
BENCH_INGEST=${BENCH_INGEST:-20000}
BENCH_SISIMAI=${BENCH_SISIMAI:-5000}
BENCH_PASSES=${BENCH_PASSES:-2}
BENCH_SLOW_PASSES=${BENCH_SLOW_PASSES:-1}
BENCH_OUT=${BENCH_OUT:-$BOUNCE_TOP/bench/out}
CC=${CC:-gcc}

OUT=$BENCH_OUT
RESULTS=$OUT/results.tsv
mkdir -p "$OUT"
: > "$RESULTS"

# Record one figure: measurement, value, unit, what produced it.
result() {
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"
    printf '   %-52s %14s %-8s\n' "$1" "$2" "$3" >&2
}

# Record a measurement that could not be made, and why.
skipped() {
    printf '%s\t%s\t\t%s\n' "$1" "skipped" "$2" >> "$RESULTS"
    printf '   %-52s skipped: %s\n' "$1" "$2" >&2
}

# Arithmetic on decimals: calc 'expression' (awk syntax).
calc() {
    awk "BEGIN { printf \"%.6g\", $1 }"
}

# Seconds with two decimals.
secs() {
    awk -v x="$1" 'BEGIN { printf "%.2f", x }'
}

# A number with a thousands separator and no decimals (one below 100, two
# below 1).
human() {
    awk -v x="$1" 'BEGIN {
        if (x < 1) { printf "%.2f", x; exit }
        if (x < 100) { printf "%.1f", x; exit }
        s = sprintf("%.0f", x); out = "";
        while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
        print s out }'
}

# ---------------------------------------------------------------------
# Corpus

gen_corpus() {
    local stamp want
    want="$BENCH_MESSAGES $BENCH_SEED $BENCH_LINES $(cksum < "$BOUNCE_TOP/bench/gen.c")"
    stamp=$(cat "$OUT/corpus.stamp" 2>/dev/null || true)
    if [ "$stamp" = "$want" ] && [ -s "$OUT/messages.blob" ]; then
        say "reusing the corpus in $OUT"
        return 0
    fi
    say "generating $BENCH_MESSAGES messages (seed $BENCH_SEED) into $OUT"
    rm -f "$OUT/corpus.stamp"
    "$OUT/gen" -n "$BENCH_MESSAGES" -s "$BENCH_SEED" -c "$OUT/messages.copy" \
        -b "$OUT/messages.blob" -m "$OUT/messages.meta" \
        -d "$OUT/diag.txt" -D "$BENCH_LINES" 2> "$OUT/gen.log"
    cat "$OUT/gen.log" >&2
    # Worst cases: the same shape at growing sizes, to show linearity.
    "$OUT/gen" -s "$BENCH_SEED" -w big -z 102400 -c "$OUT/wc-big-100k.copy" -b "$OUT/wc-big-100k.blob"
    "$OUT/gen" -s "$BENCH_SEED" -w big -z 1048576 -c "$OUT/wc-big-1m.copy" -b "$OUT/wc-big-1m.blob"
    "$OUT/gen" -s "$BENCH_SEED" -w big -z 10485760 -c "$OUT/wc-big-10m.copy" -b "$OUT/wc-big-10m.blob"
    "$OUT/gen" -s "$BENCH_SEED" -w line -z 102400 -c "$OUT/wc-line-100k.copy" -b "$OUT/wc-line-100k.blob"
    "$OUT/gen" -s "$BENCH_SEED" -w line -z 1048576 -c "$OUT/wc-line-1m.copy" -b "$OUT/wc-line-1m.blob"
    "$OUT/gen" -s "$BENCH_SEED" -w rcpts -z 102400 -c "$OUT/wc-rcpts-100k.copy" -b "$OUT/wc-rcpts-100k.blob"
    "$OUT/gen" -s "$BENCH_SEED" -w rcpts -z 1048576 -c "$OUT/wc-rcpts-1m.copy" -b "$OUT/wc-rcpts-1m.blob"
    "$OUT/gen" -s "$BENCH_SEED" -w rcpts -r 10000 -c "$OUT/wc-rcpts-10000.copy" -b "$OUT/wc-rcpts-10000.blob"
    echo "$want" > "$OUT/corpus.stamp"
}

WORST="big-100k big-1m big-10m line-100k line-1m rcpts-100k rcpts-1m rcpts-10000"

# Label of a worst case for the table.
worst_label() {
    case "$1" in
        big-*) echo "one message with a ${1#big-} attachment" ;;
        line-*) echo "a ${1#line-} single-line diagnostic" ;;
        rcpts-10000) echo "10,000 recipients in one DSN" ;;
        rcpts-*) echo "a ${1#rcpts-} DSN of many recipients" ;;
    esac
}

# ---------------------------------------------------------------------
# The core alone

core_bench() {
    local log=$OUT/core_bench.log v w
    say "building bench/core_bench"
    if ! $CC -std=c99 -O2 -g -I"$BOUNCE_TOP/src/core" -o "$OUT/core_bench" \
        "$BOUNCE_TOP/bench/core_bench.c" "$BOUNCE_TOP"/src/core/*.c \
        "$BOUNCE_TOP"/src/core/decoder/*.c 2> "$OUT/core_bench.build.log"; then
        skipped "core: parse" "the core does not build yet ($(grep -m1 -E 'error|undefined' "$OUT/core_bench.build.log" | cut -c1-80))"
        return 0
    fi
    say "core_bench: corpus, classify, worst cases"
    local blobs=() name
    for name in $WORST; do blobs+=("$OUT/wc-$name.blob"); done
    if ! "$OUT/core_bench" -p 3 -m "$OUT/messages.meta" -l "$OUT/diag.txt" \
        -L "$BENCH_LINES" "$OUT/messages.blob" "${blobs[@]}" > "$log"; then
        skipped "core: parse" "core_bench failed (see $log)"
        return 0
    fi
    grep -v '^result:' "$log" >&2

    v=$(awk '$2 == "messages.blob.msgs_per_s" { print $3 }' "$log")
    result "core: parse, messages/s" "$(human "$v")" "msg/s" \
        "core_bench: bnc_parse over the $BENCH_MESSAGES-message blob, bump allocator reset per message, best of 3 passes"
    v=$(awk '$2 == "messages.blob.mb_per_s" { print $3 }' "$log")
    result "core: parse, MB/s" "$(human "$v")" "MB/s" "same run"
    v=$(awk '$2 == "classify.lines_per_s" { print $3 }' "$log")
    result "core: bnc_classify_line" "$(human "$v")" "lines/s" \
        "core_bench: $BENCH_LINES diagnostic lines, best of 3 passes"
    for name in $WORST; do
        w=$(awk -v k="wc-$name.blob.ms_per_mb" '$2 == k { print $3 }' "$log")
        result "core: $(worst_label "$name")" "$(human "$w")" "ms/MB" \
            "core_bench: repeated to >= 16 MB per pass, best of 3 passes"
    done
}

# ---------------------------------------------------------------------
# The server

# psql in one backend, without parallel workers unless a test sets them.
bsql() {
    PGOPTIONS="-c max_parallel_workers_per_gather=0 ${BENCH_PGOPTIONS:-}" \
        run_psql -At "$@"
}

# True when the SQL expression (a boolean) is true.
sql_true() {
    [ "$(bsql -c "SELECT ($1)::int")" = 1 ]
}

# Make a file readable by the server: itself or a copy in the cluster's
# temporary directory.  Prints the path to use.
server_path() {
    if as_owner test -r "$1"; then
        echo "$1"
    else
        cp "$1" "$PGTMP/$(basename "$1")"
        chown postgres: "$PGTMP/$(basename "$1")" 2>/dev/null || true
        echo "$PGTMP/$(basename "$1")"
    fi
}

# Tune the throwaway cluster for bulk work and restart it.
tune_cluster() {
    bsql <<'SQL'
ALTER SYSTEM SET shared_buffers = '1GB';
ALTER SYSTEM SET max_wal_size = '8GB';
ALTER SYSTEM SET checkpoint_timeout = '30min';
ALTER SYSTEM SET synchronous_commit = off;
ALTER SYSTEM SET work_mem = '64MB';
ALTER SYSTEM SET maintenance_work_mem = '512MB';
SQL
    as_owner "$PG_BINDIR/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w \
        restart >/dev/null
}

# Helpers in the database: timing of a statement (best of n, with a setup
# statement run untimed before each), and the backend's memory figures.
create_helpers() {
    bsql <<'SQL'
CREATE FUNCTION bench_time(q text, n int, setup text DEFAULT NULL)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    e float8;
    best float8 := 'Infinity';
BEGIN
    FOR i IN 1..n LOOP
        IF setup IS NOT NULL THEN
            EXECUTE setup;
        END IF;
        t0 := clock_timestamp();
        EXECUTE q;
        e := extract(epoch FROM clock_timestamp() - t0);
        best := least(best, e);
    END LOOP;
    RETURN best;
END $$;

-- kB of a field of /proc/self/status of this backend (VmRSS, RssAnon, ...)
CREATE FUNCTION bench_mem(field text) RETURNS bigint LANGUAGE sql AS $$
    SELECT (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'),
                         field || ':\s+(\d+) kB'))[1]::bigint
$$;

-- Parse one message k times from an in-memory copy (no detoasting per call).
CREATE FUNCTION bench_parse_repeat(msg text, k int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    v text := msg || '';
    n int := 0;
    c int;
BEGIN
    FOR i IN 1..k LOOP
        SELECT count(*) INTO c FROM bounce.parse(v);
        n := n + c;
    END LOOP;
    RETURN n;
END $$;
SQL
}

# Load the corpus twice: default storage and uncompressed (EXTERNAL).
load_corpus() {
    local copy diag
    copy=$(server_path "$OUT/messages.copy")
    diag=$(server_path "$OUT/diag.txt")
    say "loading the corpus into the server"
    bsql -v copy="$copy" -v diag="$diag" <<'SQL'
CREATE TABLE t (id int PRIMARY KEY, raw text);
COPY t FROM :'copy';
CREATE TABLE t_ext (id int PRIMARY KEY, raw text);
ALTER TABLE t_ext ALTER raw SET STORAGE EXTERNAL;
-- concatenation makes each value anew, so none stays compressed
INSERT INTO t_ext SELECT id, raw || '' FROM t;
CREATE TABLE diag (line text);
COPY diag FROM :'diag';
VACUUM ANALYZE t, t_ext, diag;
SQL
    if [ -n "$LZ4" ]; then
        bsql <<'SQL'
CREATE TABLE t_lz4 (id int PRIMARY KEY, raw text COMPRESSION lz4);
INSERT INTO t_lz4 SELECT id, raw || '' FROM t;
VACUUM ANALYZE t_lz4;
SQL
    fi
    local name f
    bsql -c "CREATE TABLE wc (name text PRIMARY KEY, raw text)"
    for name in $WORST; do
        f=$(server_path "$OUT/wc-$name.copy")
        bsql -v f="$f" -v n="$name" <<'SQL'
CREATE TEMP TABLE w1 (id int, raw text);
COPY w1 FROM :'f';
INSERT INTO wc SELECT :'n', raw FROM w1;
SQL
    done
}

# bounce.parse over the corpus tables.  The passes go round the tables in
# turn, so that a burst of load from elsewhere does not fall on one alone.
bench_parse() {
    local bytes n t name p
    local -A best=()
    bytes=$(bsql -c "SELECT sum(octet_length(raw)) FROM t")
    n=$(bsql -c "SELECT count(*) FROM t")
    bsql -c "SELECT 'table sizes: pglz ' || pg_size_pretty(pg_total_relation_size('t'))
              || coalesce(', lz4 ' || pg_size_pretty(pg_total_relation_size(to_regclass('t_lz4'))), '')
              || ', uncompressed ' || pg_size_pretty(pg_total_relation_size('t_ext'))
              || ', raw text ' || pg_size_pretty($bytes::bigint)" >&2
    for p in $(seq "$BENCH_PASSES"); do
        for name in t ${LZ4:+t_lz4} t_ext; do
            say "bounce.parse over $name, pass $p"
            if ! t=$(bsql -c "SELECT bench_time('SELECT count(*) FROM $name, bounce.parse(raw)', 1)" 2>&1); then
                skipped "server: bounce.parse ($name)" "$(echo "$t" | head -1)"
                return 0
            fi
            if [ -z "${best[$name]:-}" ] || awk -v a="$t" -v b="${best[$name]}" 'BEGIN { exit !(a < b) }'; then
                best[$name]=$t
            fi
        done
    done
    for name in t ${LZ4:+t_lz4} t_ext; do
        local what="TOAST-compressed (pglz, the default)"
        if [ "$name" = t_ext ]; then
            what="stored uncompressed (EXTERNAL)"
        elif [ "$name" = t_lz4 ]; then
            what="TOAST-compressed with lz4"
        fi
        t=${best[$name]}
        result "server: parse, $what" "$(human "$(calc "$n / $t")")" "msg/s" \
            "SELECT count(*) FROM $name, bounce.parse(raw); $n messages, one backend, best of $BENCH_PASSES"
        result "server: parse, $what" "$(human "$(calc "$bytes / 1048576 / $t")")" "MB/s" "same run"
    done
}

# bounce.classify over the diagnostic lines.
bench_classify() {
    local n t
    n=$(bsql -c "SELECT count(*) FROM diag")
    say "bounce.classify over $n lines"
    if ! t=$(bsql -c "SELECT bench_time('SELECT count(bounce.classify(line)) FROM diag', $BENCH_PASSES)" 2>&1); then
        skipped "server: bounce.classify" "$(echo "$t" | head -1)"
        return 0
    fi
    local base
    base=$(bsql -c "SELECT bench_time('SELECT count(line) FROM diag', $BENCH_PASSES)")
    result "server: bounce.classify" "$(human "$(calc "$n / $t")")" "lines/s" \
        "SELECT count(bounce.classify(line)) FROM diag; $n lines, best of $BENCH_PASSES (the bare scan takes $(secs "$base") s of $(secs "$t") s)"
}

# The main job: messages and events produced by the ingestion trigger.
bench_ingest() {
    if ! sql_true "to_regclass('bounce.messages') IS NOT NULL"; then
        skipped "server: ingestion into bounce.messages" "table bounce.messages does not exist"
        return 0
    fi
    if ! sql_true "EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'bounce.messages'::regclass AND attname = 'raw' AND NOT attisdropped)"; then
        skipped "server: ingestion into bounce.messages" "bounce.messages has no column raw"
        return 0
    fi
    local copy n t rows
    n=$BENCH_INGEST
    if [ "$n" -gt "$BENCH_MESSAGES" ]; then
        n=$BENCH_MESSAGES
    fi
    copy=$OUT/ingest.copy
    head -n "$n" "$OUT/messages.copy" | cut -f2 > "$copy"
    copy=$(server_path "$copy")
    local setup="TRUNCATE bounce.messages CASCADE"
    if sql_true "to_regclass('bounce.events') IS NOT NULL"; then
        setup="TRUNCATE bounce.messages, bounce.events CASCADE"
    fi
    # First as installed (lz4 where the server has it, from version 1.1),
    # then with the other method for comparison; the column's own method
    # is put back at the end.
    local comp installed other
    installed=$(bsql -c "SELECT CASE a.attcompression WHEN 'l' THEN 'lz4' WHEN 'p' THEN 'pglz'
                                ELSE current_setting('default_toast_compression') END
                           FROM pg_attribute AS a
                          WHERE a.attrelid = 'bounce.messages'::regclass AND a.attname = 'raw'")
    other=""
    if [ -n "$LZ4" ]; then
        other=lz4
        if [ "$installed" = lz4 ]; then
            other=pglz
        fi
    fi
    for comp in installed $other; do
        say "COPY of $n messages into bounce.messages (raw compression: $comp)"
        if [ "$comp" != installed ]; then
            bsql -c "ALTER TABLE bounce.messages ALTER raw SET COMPRESSION $comp"
        fi
        if ! t=$(bsql -c "SELECT bench_time(\$q\$COPY bounce.messages (raw) FROM '$copy'\$q\$, $BENCH_PASSES, '$setup')" 2>&1); then
            skipped "server: ingestion into bounce.messages" "$(echo "$t" | head -1)"
            continue
        fi
        rows=$(bsql -c "SELECT count(*) FROM bounce.events" 2>/dev/null || echo "?")
        local label="server: COPY into bounce.messages (trigger)" how="$installed, as installed"
        if [ "$comp" != installed ]; then
            label="server: COPY into bounce.messages, raw in $comp"
            how=$comp
        fi
        result "$label" "$(human "$(calc "$n / $t")")" "rows/s" \
            "COPY bounce.messages (raw) FROM file, raw compression $how; $n messages -> $rows events, best of $BENCH_PASSES"
    done
    if [ -n "$other" ]; then
        bsql -c "ALTER TABLE bounce.messages ALTER raw SET COMPRESSION $installed"
    fi
}

# Memory of one backend before and after a long scan.
bench_memory() {
    local total out
    total=$(( BENCH_MESSAGES * BENCH_SCAN_REPEAT ))
    say "backend memory around a scan of $total messages"
    if ! out=$(bsql -F ' ' <<SQL 2>&1
SELECT count(*) FROM t, bounce.parse(raw) WHERE id <= 1000;
SELECT bench_mem('VmRSS'), bench_mem('RssAnon');
SELECT count(*) FROM generate_series(1, $BENCH_SCAN_REPEAT) g, t,
       bounce.parse(CASE WHEN g > 0 THEN t.raw END);
SELECT bench_mem('VmRSS'), bench_mem('RssAnon'), bench_mem('VmHWM');
SQL
    ); then
        skipped "server: backend memory" "$(echo "$out" | head -1)"
        return 0
    fi
    local b_rss b_anon a_rss a_anon hwm
    read -r b_rss b_anon <<< "$(sed -n 2p <<< "$out")"
    read -r a_rss a_anon hwm <<< "$(sed -n 4p <<< "$out")"
    say "rows from the scan: $(sed -n 3p <<< "$out") ($(sed -n 1p <<< "$out") from the first 1,000 messages)"
    result "server: backend RssAnon before the scan" "$(human "$(calc "$b_anon / 1024")")" "MB" \
        "/proc/<backend>/status after parsing 1,000 messages (VmRSS $(human "$(calc "$b_rss / 1024")") MB, counts shared buffers touched)"
    result "server: backend RssAnon after the scan" "$(human "$(calc "$a_anon / 1024")")" "MB" \
        "same backend after $(human "$total") messages (corpus x $BENCH_SCAN_REPEAT); VmRSS $(human "$(calc "$a_rss / 1024")") MB"
    result "server: backend peak above its size after" "$(human "$(calc "($hwm - $a_rss) / 1024")")" "MB" \
        "VmHWM $(human "$(calc "$hwm / 1024")") MB - VmRSS after $(human "$(calc "$a_rss / 1024")") MB: memory held during the statement and freed at its end"
}

# Worst cases, per MB, from an in-memory copy of each message.
bench_worst() {
    local name size k t
    for name in $WORST; do
        size=$(bsql -c "SELECT octet_length(raw) FROM wc WHERE name = '$name'")
        k=$(( 16 * 1048576 / size + 1 ))
        if ! t=$(bsql -c "SELECT bench_time(\$q\$SELECT bench_parse_repeat(raw, $k) FROM wc WHERE name = '$name'\$q\$, $BENCH_PASSES)" 2>&1); then
            skipped "server: $(worst_label "$name")" "$(echo "$t" | head -1)"
            continue
        fi
        result "server: $(worst_label "$name")" "$(human "$(calc "$t * 1000 / ($k * $size / 1048576)")")" "ms/MB" \
            "bounce.parse of one $(human "$(calc "$size / 1024")") KB message x $k from a plpgsql variable, best of $BENCH_PASSES"
    done
}

# Fill bounce.events with generated rows; the columns are matched by name.
fill_events() {
    bsql -v n="$BENCH_EVENTS" -f "$BOUNCE_TOP/bench/events.sql"
}

# The per-domain summary over many events, serial and with 2 workers.
bench_summary() {
    if ! sql_true "to_regclass('bounce.domain_summary') IS NOT NULL"; then
        skipped "server: bounce.domain_summary" "view bounce.domain_summary does not exist"
        return 0
    fi
    local out t w
    say "generating $(human "$BENCH_EVENTS") events"
    if ! out=$(fill_events 2>&1); then
        skipped "server: bounce.domain_summary" "cannot fill bounce.events: $( (grep -m1 ERROR <<< "$out" || head -n 1 <<< "$out") | cut -c1-120)"
        return 0
    fi
    local load gather
    load=$(tail -n 1 <<< "$out")
    say "$(human "$BENCH_EVENTS") events loaded in $(secs "$load") s"
    # The events were loaded with triggers off, so the roll-ups are empty:
    # with the setting rollup off, domain_summary reads the events.
    if sql_true "to_regprocedure('bounce.rollup_is_current()') IS NOT NULL"; then
        bsql -c "SELECT bounce.set_setting('rollup', 'off')" >/dev/null
    fi
    # From version 1.1 the view reads the events through a function: the
    # Gather nodes are those of the function's query.
    local plan_of="SELECT * FROM bounce.domain_summary"
    if sql_true "to_regprocedure('bounce.domain_reason_counts()') IS NOT NULL"; then
        plan_of=$(bsql -c "SELECT substring(p.prosrc FROM 'RETURN QUERY(.*);') FROM pg_proc AS p
                            WHERE p.oid = 'bounce.domain_reason_counts()'::regprocedure")
    fi
    for w in 0 2; do
        gather=$(BENCH_PGOPTIONS="-c max_parallel_workers_per_gather=$w" \
            bsql -c "EXPLAIN $plan_of" | grep -c Gather || true)
        if ! t=$(BENCH_PGOPTIONS="-c max_parallel_workers_per_gather=$w" \
            bsql -c "SELECT bench_time('SELECT * FROM bounce.domain_summary', $BENCH_PASSES)" 2>&1); then
            skipped "server: domain_summary, $w workers" "$(echo "$t" | head -1)"
            continue
        fi
        result "server: domain_summary, $w parallel workers" "$(secs "$t")" "s" \
            "SELECT * FROM bounce.domain_summary over $(human "$BENCH_EVENTS") events, read from the events, max_parallel_workers_per_gather = $w (Gather nodes in plan: $gather), best of $BENCH_PASSES"
    done
    bench_rollup
}

# A view over bounce.events against its twin over the incremental roll-up,
# after rebuilding the roll-up from the generated events.
bench_rollup() {
    local v t
    if ! sql_true "to_regprocedure('bounce.refresh_rollup()') IS NOT NULL"; then
        skipped "server: summary from the roll-up" "no function bounce.refresh_rollup()"
        return 0
    fi
    # Turning the setting rollup back on (where bench_summary turned it
    # off) is what rebuilds the roll-ups; otherwise call refresh_rollup().
    local rebuild="SELECT bounce.refresh_rollup()"
    if sql_true "to_regprocedure('bounce.rollup_is_current()') IS NOT NULL"; then
        rebuild="SELECT bounce.set_setting(''rollup'', NULL)"
    fi
    if ! t=$(bsql -c "SELECT bench_time('$rebuild', $BENCH_SLOW_PASSES)" 2>&1); then
        skipped "server: bounce.refresh_rollup()" "$(echo "$t" | head -1)"
        return 0
    fi
    result "server: bounce.refresh_rollup()" "$(secs "$t")" "s" \
        "rebuild of the roll-ups from $(human "$BENCH_EVENTS") events ($(sed "s/''/'/g" <<< "$rebuild")), best of $BENCH_SLOW_PASSES"
    if sql_true "to_regprocedure('bounce.rollup_is_current()') IS NOT NULL"; then
        if t=$(bsql -c "SELECT bench_time('SELECT * FROM bounce.domain_summary', $BENCH_PASSES)" 2>&1); then
            result "server: domain_summary from the roll-up" "$(secs "$t")" "s" \
                "SELECT * FROM bounce.domain_summary over $(human "$BENCH_EVENTS") events, read from bounce.domain_rollup ($(bsql -c "SELECT count(*) FROM bounce.domain_rollup") rows), no parallel workers, best of $BENCH_PASSES"
        else
            skipped "server: domain_summary from the roll-up" "$(echo "$t" | head -1)"
        fi
    fi
    if ! sql_true "to_regclass('bounce.daily_fast') IS NOT NULL AND to_regclass('bounce.daily') IS NOT NULL"; then
        skipped "server: summary from the roll-up" "no views bounce.daily and bounce.daily_fast"
        return 0
    fi
    for v in daily daily_fast; do
        if ! t=$(bsql -c "SELECT bench_time('SELECT * FROM bounce.$v', $BENCH_SLOW_PASSES)" 2>&1); then
            skipped "server: bounce.$v" "$(echo "$t" | head -1)"
            continue
        fi
        local from="bounce.events"
        if [ "$v" = daily_fast ]; then
            from="the roll-up bounce.daily_rollup"
        fi
        result "server: bounce.$v (per domain and day)" "$(secs "$t")" "s" \
            "SELECT * FROM bounce.$v, read from $from, $(human "$BENCH_EVENTS") events over 90 days, no parallel workers, best of $BENCH_SLOW_PASSES"
    done
}

# Sisimai over a sample of the corpus, against bounce.parse on the same.
bench_sisimai() {
    if ! perl -MSisimai -e1 2>/dev/null; then
        skipped "Sisimai over $BENCH_SISIMAI messages" "libsisimai-perl is not installed"
        return 0
    fi
    local dir=$OUT/sisimai n best="" out s recs t p
    n=$BENCH_SISIMAI
    if [ "$n" -gt "$BENCH_MESSAGES" ]; then
        n=$BENCH_MESSAGES
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    "$OUT/gen" -n "$n" -s "$BENCH_SEED" -e "$dir" -E "$n" 2>/dev/null
    say "Sisimai over $n messages"
    for p in $(seq "$BENCH_SLOW_PASSES"); do
        out=$(perl "$BOUNCE_TOP/bench/sisimai.pl" "$dir")
        s=$(awk '{ print $7 }' <<< "$out")
        recs=$(awk '{ print $5 }' <<< "$out")
        if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$s
        fi
    done
    result "Sisimai $(perl -MSisimai -e 'print $Sisimai::VERSION'), same messages" "$(human "$(calc "$n / $best")")" "msg/s" \
        "perl bench/sisimai.pl over $n .eml files (Sisimai->make), $recs records, best of $BENCH_SLOW_PASSES"
    if t=$(bsql -c "SELECT bench_time('SELECT count(*) FROM t, bounce.parse(raw) WHERE id <= $n', $BENCH_PASSES)" 2>/dev/null); then
        result "bounce.parse, same messages" "$(human "$(calc "$n / $t")")" "msg/s" \
            "SELECT count(*) FROM t, bounce.parse(raw) WHERE id <= $n, best of $BENCH_PASSES"
        result "bounce.parse / Sisimai" "$(calc "($n / $t) / ($n / $best)" | awk '{ printf "%.0f", $1 }')" "x" \
            "ratio of the two lines above"
    fi
}

# The table of every figure.
print_table() {
    printf '\nbounce benchmark, %s, %s, %d cores\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" \
        "$(uname -m)" "$(nproc)"
    printf '%-52s %14s %-8s %s\n' "measurement" "figure" "unit" "produced by"
    printf '%-52s %14s %-8s %s\n' "-----------" "------" "----" "-----------"
    awk -F'\t' '{
        if ($2 == "skipped") printf "%-52s %14s %-8s %s\n", $1, "skipped:", "", $4;
        else printf "%-52s %14s %-8s %s\n", $1, $2, $3, $4 }' "$RESULTS"
}

# ---------------------------------------------------------------------

main() {
    local t0=$SECONDS
    say "building bench/gen"
    $CC -std=c99 -O2 -Wall -o "$OUT/gen" "$BOUNCE_TOP/bench/gen.c" -lm
    gen_corpus
    core_bench

    ensure_packages
    find_postgres
    if ! (build_and_install) 2> "$OUT/build.log"; then
        local why
        why=$(grep -m1 -E 'error' "$OUT/build.log" | cut -c1-100)
        skipped "server: all measurements" "the extension does not build: $why"
        print_table
        return 0
    fi
    start_cluster
    tune_cluster
    bsql -c "CREATE EXTENSION bounce"
    LZ4=""
    if sql_true "(SELECT 'lz4' = ANY (enumvals) FROM pg_settings WHERE name = 'default_toast_compression')"; then
        LZ4=1
    fi
    create_helpers
    load_corpus

    if sql_true "to_regprocedure('bounce.parse(text)') IS NOT NULL"; then
        bench_parse
        bench_memory
        bench_worst
    else
        skipped "server: bounce.parse" "function bounce.parse(text) does not exist"
    fi
    if sql_true "EXISTS (SELECT FROM pg_proc WHERE proname = 'classify' AND pronamespace = 'bounce'::regnamespace)"; then
        bench_classify
    else
        skipped "server: bounce.classify" "function bounce.classify does not exist"
    fi
    bench_ingest
    bench_summary
    bench_sisimai
    say "done in $(( SECONDS - t0 )) s"
    print_table
}

main "$@"
