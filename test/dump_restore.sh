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

# The site's data.
psql_q -d "$src" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION bounce;

-- a report (RFC 3464) on one recipient
CREATE FUNCTION public.dsn(n integer, rcpt text, status text, diag text)
RETURNS text LANGUAGE sql AS $$
SELECT concat_ws(E'\n',
    'From: MAILER-DAEMON@mx.example.org',
    'To: news@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '', '--B', 'Content-Type: message/delivery-status', '',
    'Reporting-MTA: dns; mx.example.org', '',
    'Final-Recipient: rfc822; ' || rcpt,
    'Action: ' || CASE WHEN status LIKE '4.%' THEN 'delayed' ELSE 'failed' END,
    'Status: ' || status,
    'Remote-MTA: dns; mx.' || split_part(rcpt, '@', 2),
    'Diagnostic-Code: smtp; ' || diag, '',
    '--B', 'Content-Type: text/rfc822-headers', '',
    'Message-ID: <n' || n || '@example.org>', '', '--B--', '')
$$;

SELECT bounce.set_setting('soft_limit', '2');
SELECT bounce.set_setting('complaint_types', '{abuse,fraud}');
INSERT INTO bounce.rules (pattern, reason, priority, note)
VALUES ('quota exceeded', 'mailboxfull', 1, 'this host words it so'),
       ('policy [0-9]+', 'policyviolation', 0, NULL);
INSERT INTO bounce.blocklist_patterns (name, pattern) VALUES ('Example RBL', 'rbl\.example\.net');
INSERT INTO bounce.provider_patterns (provider, kind, suffix) VALUES ('Example Mail', 'mta', 'mail.example.net');
INSERT INTO bounce.suppression_overrides (address, cleared_at, note)
VALUES ('u3@example.com', '2020-06-01', 'asked to be mailed again');
SELECT bounce.record_send(d, 1000 + n, '2020-06-01'::date + n)
  FROM unnest('{example.com,example.net,example.org}'::text[]) AS d,
       generate_series(0, 4) AS n;

-- 60 messages in one statement, a few of them duplicates or not bounces
INSERT INTO bounce.messages (raw, source, received_at)
SELECT CASE i % 10
         WHEN 7 THEN 'not a bounce ' || i
         ELSE public.dsn(CASE WHEN i % 10 = 9 THEN i - 1 ELSE i END,
                         'u' || (i % 13) || '@example.' || (ARRAY['com', 'net', 'org'])[i % 3 + 1],
                         (ARRAY['5.1.1', '5.2.2', '4.4.7', '5.7.1'])[i % 4 + 1],
                         (ARRAY['550 5.1.1 user unknown', '552 5.2.2 quota exceeded',
                                '451 4.4.7 delivery delayed',
                                '554 5.7.1 blocked using rbl.example.net'])[i % 4 + 1])
       END,
       'mta', '2020-06-01'::timestamptz + i * interval '2 hours'
  FROM generate_series(1, 60) AS i;

-- an event sent in directly, as from a sending service's webhook
INSERT INTO bounce.events (event_key, received_at, recipient, domain, action,
                           status, reason, parsed_reason, hard, feedback_type)
VALUES (bounce.event_key('<w1@example.org>', 'v@example.com', NULL),
        '2020-06-03 12:00', 'v@example.com', 'example.com', NULL, NULL,
        'feedback', 'feedback', false, 'abuse');

-- the application's own table, attached, and its send counts
CREATE TABLE public.inbox (id integer PRIMARY KEY, raw text NOT NULL, got timestamptz);
INSERT INTO public.inbox
SELECT i, public.dsn(100 + i, 'w' || i || '@example.net', '5.1.1', '550 5.1.1 user unknown'),
       '2020-06-04'::timestamptz + i * interval '1 hour'
  FROM generate_series(1, 3) AS i;
SELECT bounce.attach('public.inbox', 'raw', 'id', 'got');
INSERT INTO public.inbox
VALUES (4, public.dsn(104, 'w4@example.net', '5.2.2', '552 5.2.2 quota exceeded'), NULL);
CREATE VIEW public.app_sends AS SELECT domain, day, sent * 2 AS sent FROM bounce.sends;
SELECT bounce.use_send_view('public.app_sends');
SQL

# What must come back the same.
snapshot() {
    psql_q -d "$1" -A -t <<'SQL'
SELECT 'messages=' || count(*) || ' parsed=' || count(*) FILTER (WHERE parse_state = 'parsed')
       || ' sum=' || md5(string_agg(m::text, E'\n' ORDER BY id)) FROM bounce.messages AS m;
SELECT 'events=' || count(*) || ' sum=' || md5(string_agg(e::text, E'\n' ORDER BY id)) FROM bounce.events AS e;
SELECT 'settings=' || string_agg(name || ':' || value, ',' ORDER BY name) FROM bounce.settings;
SELECT 'rules=' || count(*) || ' sum=' || md5(string_agg(r::text, E'\n' ORDER BY id)) FROM bounce.rules AS r;
SELECT 'sends=' || count(*) || ' total=' || sum(sent) FROM bounce.sends;
SELECT 'overrides=' || count(*) FROM bounce.suppression_overrides;
SELECT 'blocklists=' || count(*) || ' own=' || count(*) FILTER (WHERE NOT builtin) FROM bounce.blocklist_patterns;
SELECT 'providers=' || count(*) || ' own=' || count(*) FILTER (WHERE NOT builtin) FROM bounce.provider_patterns;
SELECT 'attachments=' || string_agg(tbl::text, ',') FROM bounce.attachments;
SELECT 'sequences=' || (SELECT last_value FROM bounce.messages_id_seq) || ','
       || (SELECT last_value FROM bounce.events_id_seq) || ','
       || (SELECT last_value FROM bounce.rules_id_seq);
SELECT 'summary=' || md5(string_agg(s::text, E'\n' ORDER BY domain)) FROM bounce.domain_summary AS s;
SELECT 'suppression=' || count(*) || ' sum=' || md5(string_agg(s::text, E'\n' ORDER BY address)) FROM bounce.suppression AS s;
SELECT 'rollup_differences=' || count(*) FROM (
    (SELECT * FROM bounce.daily EXCEPT SELECT * FROM bounce.daily_fast)
    UNION ALL
    (SELECT * FROM bounce.daily_fast EXCEPT SELECT * FROM bounce.daily)) AS d;
SQL
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
