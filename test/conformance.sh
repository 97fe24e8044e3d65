#!/usr/bin/env bash
# test/conformance.sh: score bounce.parse against a file of expected results.
#
# Usage: bash test/conformance.sh [--floor] [--list] CORPUS
#
# CORPUS is a directory holding bsd/*.eml (the messages), expected.json (for
# each file name, the list of recipients in order of appearance, each with
# "status", "replycode", "reason" and "hard") and optionally not/*.eml
# (messages that are not bounces and must give no rows).  A directory of
# .eml files with expected.json beside them works too.
#
# Every message is loaded into a table and parsed in one SQL statement.  The
# report gives agreement on the number of recipients per file and, per
# recipient in order, on status, status class, reason and the hard flag,
# overall and per family (the file name up to its number).  With --floor it
# exits non-zero when recipient counts agree on fewer than 90 % of files,
# reasons on fewer than 80 % of recipients, or a non-bounce gives a row.
# With --list it also prints every disagreeing recipient.
#
# Run on its own it sets up packages, the extension and a throwaway cluster
# as test/check.sh does; test/check.sh calls it with its cluster running.

source "$(dirname "$0")/lib.sh"

floor=0
list=0
while [ $# -gt 0 ]; do
    case "$1" in
        --floor) floor=1; shift ;;
        --list) list=1; shift ;;
        -*) die "unknown option $1" ;;
        *) break ;;
    esac
done
[ $# -eq 1 ] || die "usage: bash test/conformance.sh [--floor] [--list] CORPUS"
corpus=$(cd "$1" && pwd)
msgdir="$corpus"
[ -d "$corpus/bsd" ] && msgdir="$corpus/bsd"
[ -f "$corpus/expected.json" ] || die "no expected.json in $corpus"

if [ -z "${PGHOST:-}" ] || [ -z "${BOUNCE_CLUSTER_READY:-}" ]; then
    ensure_packages
    find_postgres
    build_and_install
    start_cluster
    export BOUNCE_CLUSTER_READY=1
else
    find_postgres
fi

db=bounce_conformance
run_psql -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"

# Load the messages as bytes (they come in many character sets), the
# non-bounces, and the expected results.
run_psql -d "$db" <<'SQL'
CREATE EXTENSION bounce;
CREATE TABLE corpus (name text PRIMARY KEY, b64 text, raw bytea);
CREATE TABLE nonbounce (name text PRIMARY KEY, b64 text, raw bytea);
CREATE TABLE expected_file (b64 text);
SQL
eml_copy_stream "$msgdir" |
    run_psql -d "$db" -c "\\copy corpus (name, b64) from stdin"
if [ -d "$corpus/not" ]; then
    eml_copy_stream "$corpus/not" |
        run_psql -d "$db" -c "\\copy nonbounce (name, b64) from stdin"
fi
base64 -w0 < "$corpus/expected.json" | { cat; echo; } |
    run_psql -d "$db" -c "\\copy expected_file (b64) from stdin"

run_psql -d "$db" -v floor="$floor" -v list="$list" <<'SQL'
UPDATE corpus SET raw = decode(b64, 'base64'), b64 = NULL;
UPDATE nonbounce SET raw = decode(b64, 'base64'), b64 = NULL;

-- Parse the whole corpus in one statement, timed.
SELECT clock_timestamp() AS t0 \gset
CREATE TABLE parsed AS
    SELECT c.name, p.ordinality AS ord, p.status::text AS status, p.reply_code,
           p.reason::text AS reason, p.hard, p.format
      FROM corpus c,
           LATERAL bounce.parse(c.raw) WITH ORDINALITY AS p;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000, 1) AS ms,
       (SELECT count(*) FROM corpus) AS files,
       (SELECT round(sum(length(raw)) / 1048576.0, 2) FROM corpus) AS mb \gset

CREATE TABLE expected AS
    SELECT j.key AS name, e.ord, e.value->>'status' AS status,
           e.value->>'replycode' AS replycode, e.value->>'reason' AS reason,
           (e.value->>'hard')::boolean AS hard
      FROM expected_file f,
           jsonb_each(convert_from(decode(f.b64, 'base64'), 'UTF8')::jsonb) AS j,
           jsonb_array_elements(j.value) WITH ORDINALITY AS e(value, ord)
     WHERE j.key IN (SELECT name FROM corpus);

-- One row per expected recipient, beside what was parsed at that position.
-- An expected status of the form c.0.9NN is another analyzer's stand-in for
-- "no code": only its class is compared.
CREATE VIEW scored AS
    SELECT e.name, e.ord, e.status AS want_status, p.status AS got_status,
           e.reason AS want_reason, p.reason AS got_reason,
           e.hard AS want_hard, p.hard AS got_hard, p.format,
           CASE WHEN e.status ~ '^[245]\.0\.9[0-9][0-9]$'
                THEN left(e.status, 1) = left(p.status, 1)
                WHEN e.status = '' THEN p.ord IS NOT NULL AND p.status IS NULL
                ELSE e.status = p.status END AS status_ok,
           CASE WHEN e.status = '' THEN p.ord IS NOT NULL AND p.status IS NULL
                ELSE left(e.status, 1) = left(p.status, 1) END AS class_ok,
           e.reason = p.reason AS reason_ok,
           e.hard = p.hard AS hard_ok
      FROM expected e
      LEFT JOIN parsed p ON p.name = e.name AND p.ord = e.ord;

CREATE VIEW counts AS
    SELECT x.name, x.want, coalesce(p.got, 0) AS got
      FROM (SELECT name, count(*) AS want FROM expected GROUP BY name) x
      LEFT JOIN (SELECT name, count(*) AS got FROM parsed GROUP BY name) p
        USING (name);

CREATE FUNCTION pct(bigint, bigint) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT round(100.0 * $1 / nullif($2, 0), 1) $$;

\echo
\echo Parsed :files messages (:mb MB) in one statement: :ms ms
\echo
\pset footer off
SELECT count(*) AS files,
       count(*) FILTER (WHERE want = got) AS count_agree,
       pct(count(*) FILTER (WHERE want = got), count(*)) AS "count %"
  FROM counts;

SELECT count(*) AS recipients,
       pct(count(*) FILTER (WHERE status_ok), count(*)) AS "status %",
       pct(count(*) FILTER (WHERE class_ok), count(*)) AS "class %",
       pct(count(*) FILTER (WHERE reason_ok), count(*)) AS "reason %",
       pct(count(*) FILTER (WHERE hard_ok), count(*)) AS "hard %"
  FROM scored;

WITH f AS (
    SELECT regexp_replace(name, '-[0-9]+\.eml$', '') AS family, *
      FROM scored
), c AS (
    SELECT regexp_replace(name, '-[0-9]+\.eml$', '') AS family,
           count(*) FILTER (WHERE want <> got) AS count_bad
      FROM counts GROUP BY 1
)
SELECT f.family, count(DISTINCT f.name) AS files, c.count_bad,
       count(*) AS rcpts,
       count(*) FILTER (WHERE f.status_ok) AS status,
       count(*) FILTER (WHERE f.reason_ok) AS reason,
       count(*) FILTER (WHERE f.hard_ok) AS hard
  FROM f JOIN c USING (family)
 GROUP BY f.family, c.count_bad ORDER BY f.family;

SELECT n.name AS nonbounce, count(p.*) AS rows
  FROM nonbounce n LEFT JOIN LATERAL bounce.parse(n.raw) p ON true
 GROUP BY n.name ORDER BY n.name;

SELECT :list = 1 AS do_list \gset
\if :do_list
SELECT name, want, got FROM counts WHERE want <> got ORDER BY name;
SELECT name, ord, want_status, got_status, want_reason, got_reason,
       want_hard, got_hard, format
  FROM scored
 WHERE NOT (coalesce(status_ok, false) AND coalesce(reason_ok, false)
            AND coalesce(hard_ok, false))
 ORDER BY name, ord;
\endif

SELECT pct(count(*) FILTER (WHERE want = got), count(*)) >= 90 AS count_floor
  FROM counts \gset
SELECT pct(count(*) FILTER (WHERE reason_ok), count(*)) >= 80 AS reason_floor
  FROM scored \gset
SELECT NOT EXISTS (SELECT FROM nonbounce n, LATERAL bounce.parse(n.raw))
       AS nonbounce_floor \gset
SELECT :floor = 1 AND NOT (:'count_floor'::boolean AND :'reason_floor'::boolean
                           AND :'nonbounce_floor'::boolean)
       AS below_floor \gset
\if :below_floor
DO $$
BEGIN
    RAISE EXCEPTION 'conformance is below its floor'
        USING DETAIL = 'The floors are: recipient count agrees on 90 % of files, reason on 80 % of recipients, and non-bounces give no rows.';
END
$$;
\endif
SQL
