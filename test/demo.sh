#!/usr/bin/env bash
# test/demo.sh: the main job, end to end, on sample bounces.
#
# Usage: bash test/demo.sh [DIRECTORY]
#
# Installs what is missing (Debian 12, as root), builds and installs the
# extension, starts a throwaway cluster, loads every .eml file of DIRECTORY
# (by default the project's own samples in test/fixtures) into a table, and
# prints, computed by SQL over bounce.parse, what was found per recipient
# and a per-domain deliverability summary.  The cluster is removed at the
# end.

source "$(dirname "$0")/lib.sh"

dir=${1:-$BOUNCE_TOP/test/fixtures}
[ -d "$dir" ] || die "no such directory: $dir"
dir=$(cd "$dir" && pwd)
n=$(find "$dir" -maxdepth 1 -type f -name '*.eml' | wc -l)
[ "$n" -gt 0 ] || die "no .eml files in $dir"

ensure_packages
find_postgres
build_and_install
start_cluster

run_psql <<'SQL'
CREATE EXTENSION bounce;
CREATE TABLE inbox (file text PRIMARY KEY, b64 text, raw bytea);
SQL
eml_copy_stream "$dir" | run_psql -c "\\copy inbox (file, b64) from stdin"

say "loaded $n messages from $dir"
run_psql <<'SQL'
UPDATE inbox SET raw = decode(b64, 'base64'), b64 = NULL;
\pset footer off

\echo
\echo Recipients found in the bounces (bounce.parse):
SELECT i.file, p.recipient, p.status, p.reply_code AS reply, p.reason,
       p.hard, p.format
  FROM inbox i, bounce.parse(i.raw) AS p
 ORDER BY i.file, p.recipient;

\echo
\echo Deliverability per recipient domain:
WITH r AS (
    SELECT i.file, p.*
      FROM inbox i, bounce.parse(i.raw) AS p
     WHERE p.reason NOT IN ('delivered', 'vacation', 'feedback')
), top AS (
    SELECT domain, reason, count(*) AS n,
           row_number() OVER (PARTITION BY domain
                              ORDER BY count(*) DESC, reason) AS rank
      FROM r GROUP BY domain, reason
)
SELECT r.domain,
       count(DISTINCT r.file) AS messages,
       count(*) AS recipients,
       count(*) FILTER (WHERE r.hard) AS hard,
       count(*) FILTER (WHERE NOT r.hard) AS soft,
       (SELECT string_agg(t.reason || ' ' || t.n, ', ' ORDER BY t.rank)
          FROM top t WHERE t.domain = r.domain AND t.rank <= 3) AS top_reasons
  FROM r
 GROUP BY r.domain
 ORDER BY recipients DESC, r.domain;

\echo
\echo Messages that are not bounces (no rows from bounce.parse):
SELECT i.file
  FROM inbox i
 WHERE NOT EXISTS (SELECT FROM bounce.parse(i.raw))
 ORDER BY i.file;
SQL
