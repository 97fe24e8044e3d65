--
-- analytics: settings, sends, rules and the views over stored events.
-- The events here are inserted directly, so every figure below can be
-- checked by hand against the list that follows; analytics_ingest tests
-- the way messages become events.
--
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
\set VERBOSITY terse

-- start from empty tables
TRUNCATE bounce.messages, bounce.events, bounce.sends, bounce.rules,
    bounce.settings, bounce.suppression_overrides, bounce.parse_failures
    RESTART IDENTITY;

--
-- Small helpers
--
SELECT bounce.format_reasons('{userunknown,mailboxfull}', '{3,1}') AS two,
       bounce.format_reasons('{userunknown,mailboxfull}', '{3,1}', 1) AS first,
       bounce.format_reasons('{}', '{}') AS none;

SELECT bounce.event_key('<a@example.org>', 'Bob@Example.net', '5.1.1')
         = bounce.event_key('<a@example.org>', 'bob@example.net', '5.1.1') AS case_folded,
       bounce.event_key('<a@example.org>', 'bob@example.net', '5.1.1')
         <> bounce.event_key('<a@example.org>', 'bob@example.net', '4.1.1') AS status_counts,
       bounce.event_key('<a@example.org>', 'bob@example.net', NULL) IS NOT NULL AS without_status,
       bounce.event_key(NULL, 'bob@example.net', '5.1.1') IS NULL AS without_identity;

SELECT v AS remote_mta, bounce.mta_host(v) AS host
  FROM (VALUES ('dns; MX2.example.com.'), ('mx.example.net [192.0.2.25]'),
               ('[192.0.2.7]'), ('dns;mx.example.org'), (''), ('  ')) AS t (v);

SELECT m AS remote_mta, d AS domain, bounce.provider(m, d) AS provider
  FROM (VALUES ('mx.example.com', 'gmail.com'),
               ('aspmx.l.google.com', 'example.edu'),
               ('eur.olc.protection.outlook.com', 'example.com'),
               ('mx.notgoogle.com', 'example.com'),
               (NULL, 'yahoo.com'),
               (NULL, 'example.com')) AS t (m, d);

-- summary_differences(), daily_differences(), rollup_differences():
-- whether the roll-ups say what the events say (test/rollup_check.sql)
\getenv abs_srcdir PG_ABS_SRCDIR
\set rollup_check :abs_srcdir '/test/rollup_check.sql'
\set ECHO none
\i :rollup_check
\set ECHO all

--
-- Settings
--
SELECT name, value, is_default, type FROM bounce.current_settings ORDER BY name;
SELECT bounce.setting('soft_limit') AS soft_limit;
SELECT bounce.setting('nonsense');
SELECT bounce.set_setting('soft_limit', '0');
SELECT bounce.set_setting('soft_limit', 'three');
SELECT bounce.set_setting('soft_window', '-1 day');
SELECT bounce.set_setting('soft_reasons', '{mailboxfull,bogus}');
SELECT bounce.set_setting('nonsense', '1');
SELECT bounce.set_setting('soft_limit', ' 05 ') AS canonical,
       bounce.set_setting('complaint_types', '{abuse, fraud}') AS list;
SELECT name, value, is_default FROM bounce.current_settings WHERE NOT is_default ORDER BY name;
SELECT bounce.set_setting('soft_limit', NULL) AS back_to_default,
       bounce.set_setting('complaint_types', NULL) IS NOT NULL AS reset;
SELECT count(*) AS site_settings FROM bounce.settings;

-- which reasons count when soft
SELECT reason, scope, counts_when_soft FROM bounce.reason_policy ORDER BY reason;

--
-- The fixture.  ev() stores one event the way a sending service's webhook
-- would; msg stands for the original message's Message-ID.
--
CREATE FUNCTION pg_temp.ev(
    msg text, at timestamptz, recipient text, action text, status text,
    reason text, hard boolean, diagnostic text DEFAULT NULL,
    remote_mta text DEFAULT NULL, feedback_type text DEFAULT NULL,
    first_for_domain boolean DEFAULT true)
RETURNS bigint
LANGUAGE sql
AS $$
INSERT INTO bounce.events
       (event_key, received_at, recipient, domain, action, status,
        reply_code, reason, parsed_reason, hard, diagnostic, remote_mta,
        feedback_type, first_for_domain, original_message_id)
VALUES (bounce.event_key(msg, recipient, status::bounce.smtp_status), at,
        recipient, lower(split_part(recipient, '@', 2)), action,
        status::bounce.smtp_status,
        substring(diagnostic from '^[245][0-9][0-9]')::integer,
        reason::bounce.reason, reason::bounce.reason, hard, diagnostic,
        remote_mta, feedback_type, first_for_domain, msg)
RETURNING id
$$;

--  #  message  received (UTC)     recipient            kind       reason
--  1  m1       2020-03-01 10:00  alice@example.com    hard       userunknown
--  2  m2       2020-03-01 11:00  bob@example.com      soft       mailboxfull
--  3  m3       2020-03-02 09:00  bob@example.com      soft       mailboxfull
--  4  m4       2020-03-05 09:00  Bob@example.com      soft       mailboxfull
--  5  m5       2020-03-01 12:00  carol@example.com    soft       blocked (Spamhaus)
--  6  m3       2020-03-02 09:00  carol@example.com    soft       blocked (Spamhaus), same message as 3
--  7  m7       2020-03-03 12:00  carol@example.com    soft       blocked (Spamhaus, SpamCop)
--  8  m8       2020-03-01 14:00  oscar@example.com    soft       mailboxfull
--  9  m9       2020-03-09 14:00  oscar@example.com    soft       mailboxfull
-- 10  m10      2020-03-17 14:00  oscar@example.com    soft       mailboxfull
-- 11  m11      2020-03-01 09:00  peggy@example.com    hard       userunknown
-- 12  m12      2020-03-03 09:00  peggy@example.com    hard       userunknown
-- 13  m13      2020-03-01 13:00  dave@example.net     delayed    expired
-- 14  m14      2020-03-02 13:00  erin@example.net     hard       userunknown
-- 15  m15      2020-03-04 10:00  erin@example.net     delivered  delivered
-- 16  m16      2020-03-03 08:00  frank@example.org    feedback   feedback (abuse)
-- 17  m17      2020-03-03 09:00  grace@example.org    feedback   feedback (not-spam)
-- 18  m18      2020-03-03 10:00  heidi@example.org    autoreply  vacation
-- 19  m19      2020-03-03 11:00  trent@example.org    feedback   feedback (no type)
-- 20  m20      2020-03-07 10:00  frank@example.org    hard       userunknown
-- 21  m21      2020-03-02 10:00  ivan@gmail.com       soft       suspend
-- 22  m22      2020-03-06 10:00  judy@example.edu     hard       userunknown
-- 23  m23      2020-03-06 11:00  mallory@hotmail.com  soft       blocked (Microsoft)
-- 24  m24      2020-03-08 10:00  sybil@yahoo.com      soft       mailboxfull
SELECT ARRAY[pg_temp.ev('m1', '2020-03-01 10:00', 'alice@example.com', 'failed', '5.1.1', 'userunknown', true,
                  '550 5.1.1 <alice@example.com>: user unknown', 'mx1.example.com'),
       pg_temp.ev('m2', '2020-03-01 11:00', 'bob@example.com', 'failed', '5.2.2', 'mailboxfull', false,
                  '552 5.2.2 <bob@example.com>: mailbox full', 'mx1.example.com'),
       pg_temp.ev('m3', '2020-03-02 09:00', 'bob@example.com', 'failed', '5.2.2', 'mailboxfull', false,
                  '552 5.2.2 <bob@example.com>: mailbox full', 'mx1.example.com'),
       pg_temp.ev('m4', '2020-03-05 09:00', 'Bob@example.com', 'failed', '5.2.2', 'mailboxfull', false,
                  '552 5.2.2 <Bob@example.com>: mailbox full', 'mx1.example.com'),
       pg_temp.ev('m5', '2020-03-01 12:00', 'carol@example.com', 'failed', '5.7.1', 'blocked', false,
                  '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
                  'mx1.example.com'),
       pg_temp.ev('m3', '2020-03-02 09:00', 'carol@example.com', 'failed', '5.7.1', 'blocked', false,
                  '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
                  'mx1.example.com', NULL, false),
       pg_temp.ev('m7', '2020-03-03 12:00', 'carol@example.com', 'failed', '5.7.1', 'blocked', false,
                  '554 5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org and bl.spamcop.net',
                  'mx1.example.com'),
       pg_temp.ev('m8', '2020-03-01 14:00', 'oscar@example.com', 'failed', '5.2.2', 'mailboxfull', false,
                  '552 5.2.2 mailbox full', 'dns; MX2.example.com.'),
       pg_temp.ev('m9', '2020-03-09 14:00', 'oscar@example.com', 'failed', '5.2.2', 'mailboxfull', false,
                  '552 5.2.2 mailbox full', 'dns; MX2.example.com.'),
       pg_temp.ev('m10', '2020-03-17 14:00', 'oscar@example.com', 'failed', '5.2.2', 'mailboxfull', false,
                  '552 5.2.2 mailbox full', 'dns; MX2.example.com.'),
       pg_temp.ev('m11', '2020-03-01 09:00', 'peggy@example.com', 'failed', '5.1.1', 'userunknown', true,
                  '550 5.1.1 <peggy@example.com>: user unknown', 'mx1.example.com'),
       pg_temp.ev('m12', '2020-03-03 09:00', 'peggy@example.com', 'failed', '5.1.1', 'userunknown', true,
                  '550 5.1.1 <peggy@example.com>: user unknown', 'mx1.example.com'),
       pg_temp.ev('m13', '2020-03-01 13:00', 'dave@example.net', 'delayed', '4.4.7', 'expired', false,
                  '451 4.4.7 delivery delayed', 'mx.example.net [192.0.2.25]'),
       pg_temp.ev('m14', '2020-03-02 13:00', 'erin@example.net', 'failed', '5.1.1', 'userunknown', true,
                  '550 5.1.1 user unknown', 'mx.example.net [192.0.2.25]'),
       pg_temp.ev('m15', '2020-03-04 10:00', 'erin@example.net', 'delivered', '2.0.0', 'delivered', false,
                  '250 2.0.0 OK', 'mx.example.net [192.0.2.25]'),
       pg_temp.ev('m16', '2020-03-03 08:00', 'frank@example.org', NULL, NULL, 'feedback', false,
                  NULL, NULL, 'abuse'),
       pg_temp.ev('m17', '2020-03-03 09:00', 'grace@example.org', NULL, NULL, 'feedback', false,
                  NULL, NULL, 'not-spam'),
       pg_temp.ev('m18', '2020-03-03 10:00', 'heidi@example.org', NULL, NULL, 'vacation', false),
       pg_temp.ev('m19', '2020-03-03 11:00', 'trent@example.org', NULL, NULL, 'feedback', false),
       pg_temp.ev('m20', '2020-03-07 10:00', 'frank@example.org', 'failed', '5.1.1', 'userunknown', true,
                  '550 5.1.1 user unknown', 'mx.example.net [192.0.2.25]'),
       pg_temp.ev('m21', '2020-03-02 10:00', 'ivan@gmail.com', 'failed', '5.2.1', 'suspend', false,
                  '550 5.2.1 The email account that you tried to reach is disabled.',
                  'gmail-smtp-in.l.google.com'),
       pg_temp.ev('m22', '2020-03-06 10:00', 'judy@example.edu', 'failed', '5.1.1', 'userunknown', true,
                  '550 5.1.1 user unknown', 'aspmx.l.google.com'),
       pg_temp.ev('m23', '2020-03-06 11:00', 'mallory@hotmail.com', 'failed', '5.7.1', 'blocked', false,
                  '550 5.7.1 Unfortunately, messages from [192.0.2.1] weren''t sent. Please contact your Internet service provider since part of their network is on our block list (S3150).',
                  'hotmail-com.olc.protection.outlook.com'),
       pg_temp.ev('m24', '2020-03-08 10:00', 'sybil@yahoo.com', 'failed', '5.2.2', 'mailboxfull', false,
                  '552 5.2.2 mailbox full')] AS ids;

SELECT kind, count(*) FROM bounce.events GROUP BY kind ORDER BY kind;
SELECT DISTINCT address FROM bounce.events WHERE recipient ILIKE 'bob@%';

-- the same bounce stored again is refused by its key
SELECT pg_temp.ev('m1', '2020-03-01 10:05', 'alice@example.com', 'failed', '5.1.1', 'userunknown', true);

--
-- Sends
--
SELECT bounce.record_send('example.com', 100, '2020-03-01') AS a,
       bounce.record_send(' EXAMPLE.COM', 10, '2020-03-01') AS b,
       bounce.record_send('example.com', 50, '2020-03-02') AS c,
       bounce.record_send('example.net', 20, '2020-03-02') AS d,
       bounce.record_send('example.info', 5, '2020-03-03') AS e;
SELECT bounce.record_send('example.com', -200, '2020-03-01');
SELECT bounce.record_send('example.today') AS one;
SELECT day = (now() AT TIME ZONE 'UTC')::date AS utc_today FROM bounce.sends
 WHERE domain = 'example.today';
DELETE FROM bounce.sends WHERE domain = 'example.today';
SELECT * FROM bounce.sends_all ORDER BY domain, day;

--
-- The views
--
SELECT * FROM bounce.domain_summary ORDER BY domain;
SELECT * FROM bounce.daily ORDER BY domain, day;
SELECT * FROM bounce.reasons ORDER BY domain, reason;
SELECT * FROM bounce.blocklists ORDER BY blocklist COLLATE "C", domain, day;
SELECT * FROM bounce.remote_mtas ORDER BY remote_mta COLLATE "C";
SELECT * FROM bounce.providers ORDER BY provider COLLATE "C";

--
-- Suppression
--
INSERT INTO bounce.suppression_overrides (address, cleared_at, note)
VALUES ('peggy@example.com', '2020-03-02 00:00', 'mailbox recreated');
SELECT * FROM bounce.suppression ORDER BY address;
SELECT bounce.is_suppressed('ALICE@example.com') AS alice,
       bounce.is_suppressed('erin@example.net') AS erin,
       bounce.is_suppressed('nobody@example.com') AS nobody;

-- thresholds apply to all of history at once
SELECT bounce.set_setting('soft_window', '20 days');
SELECT address, rule, reason, suppressed_at FROM bounce.suppression
 WHERE rule = 'soft_repeated' ORDER BY address;
SELECT bounce.set_setting('soft_window', NULL), bounce.set_setting('soft_limit', '2');
SELECT address, rule, reason, suppressed_at FROM bounce.suppression
 WHERE rule = 'soft_repeated' ORDER BY address;
SELECT bounce.set_setting('soft_limit', NULL), bounce.set_setting('soft_reasons', '{blocked,mailboxfull}');
SELECT address, rule, reason, suppressed_at FROM bounce.suppression
 WHERE rule = 'soft_repeated' ORDER BY address;
SELECT bounce.set_setting('soft_reasons', NULL) IS NOT NULL AS reset,
       bounce.set_setting('complaint_types', '{fraud}');
SELECT address, rule FROM bounce.suppression WHERE rule = 'complaint' ORDER BY address;
SELECT bounce.set_setting('complaint_types', NULL) IS NOT NULL AS reset;

-- taking an address off the list; a later bounce puts it back
SELECT bounce.unsuppress('Alice@example.com', 'asked to be mailed again') AS was_suppressed;
SELECT bounce.unsuppress('alice@example.com') AS was_suppressed;
SELECT bounce.is_suppressed('alice@example.com') AS alice;
SELECT address, note, cleared_at > '2020-12-31' AS recent FROM bounce.suppression_overrides ORDER BY address;
SELECT pg_temp.ev('m30', now() + interval '1 minute', 'alice@example.com', 'failed', '5.1.1',
                  'userunknown', true, '550 5.1.1 user unknown');
SELECT address, rule, reason FROM bounce.suppression WHERE address = 'alice@example.com';
DELETE FROM bounce.events WHERE original_message_id = 'm30';
DELETE FROM bounce.suppression_overrides WHERE address = 'alice@example.com';

--
-- Send counts from the application's own relation
--
CREATE TABLE public.app_sends (domain text, day date, sent integer);
INSERT INTO public.app_sends VALUES ('Example.com', '2020-03-01', 600), ('example.com', '2020-03-01', 400),
    ('example.org', '2020-03-03', 10);
CREATE TABLE public.not_sends (domain text, n integer);
SELECT bounce.use_send_view('public.not_sends');
SELECT bounce.use_send_view('public.app_sends');
SELECT value FROM bounce.current_settings WHERE name = 'send_view';
SELECT * FROM bounce.sends_all ORDER BY domain, day;
SELECT domain, bounced, sent, delivery_rate FROM bounce.domain_summary ORDER BY domain;
SELECT bounce.use_send_view(NULL);
SELECT value = '' AS own_sends FROM bounce.current_settings WHERE name = 'send_view';
SELECT domain, sent, delivery_rate FROM bounce.domain_summary WHERE domain = 'example.com';
DROP TABLE public.app_sends, public.not_sends;

--
-- Site rules and reclassify
--
INSERT INTO bounce.rules (pattern, reason) VALUES ('(', 'blocked');
INSERT INTO bounce.rules (pattern, reason) VALUES ('complained', 'feedback');
INSERT INTO bounce.rules (pattern, reply_code, reason) VALUES ('x', 700, 'blocked');
INSERT INTO bounce.rules (id, pattern, status, reason, note)
VALUES (1, 'mailbox full', '5.2.2', 'userunknown', 'this site closes full mailboxes');
SELECT bounce.reclassify() AS changed;
SELECT original_message_id, address, parsed_reason, reason, rule_id, hard, kind
  FROM bounce.events WHERE rule_id IS NOT NULL ORDER BY id;
-- a rule of higher priority wins
INSERT INTO bounce.rules (id, pattern, reason, priority) VALUES (2, 'mailbox', 'systemfull', 5);
SELECT bounce.reclassify() AS changed;
SELECT reason, rule_id, hard, kind, count(*) FROM bounce.events
 WHERE rule_id IS NOT NULL GROUP BY 1, 2, 3, 4;
-- filters on reply code; rules leave reports that are not failures alone
INSERT INTO bounce.rules (id, pattern, reply_code, reason) VALUES (3, 'user unknown', 551, 'hasmoved');
INSERT INTO bounce.rules (id, pattern, reason) VALUES (4, '2\.0\.0', 'systemerror');
SELECT bounce.reclassify() AS changed;
-- the daily rollup followed every change
SELECT pg_temp.daily_differences() AS differences;
SELECT pg_temp.summary_differences() AS summary_differences;
SELECT domain, day, soft, hard, top_reasons FROM bounce.daily_fast
 WHERE domain = 'example.com' ORDER BY day;
DELETE FROM bounce.rules;
SELECT bounce.reclassify() AS changed;
SELECT count(*) AS left_by_rules FROM bounce.events
 WHERE rule_id IS NOT NULL OR reason IS DISTINCT FROM parsed_reason;
SELECT kind, count(*) FROM bounce.events GROUP BY kind ORDER BY kind;

--
-- The rollup: maintained on insert, update and delete while on, rebuilt
-- when turned on again (the setting's trigger calls refresh_rollup)
--
SELECT pg_temp.daily_differences() AS differences;
SELECT pg_temp.summary_differences() AS summary_differences;
SELECT bounce.set_setting('rollup', 'off');
SELECT pg_temp.ev('m40', '2020-03-05 10:00', 'zoe@example.net', 'failed', '5.1.1', 'userunknown', true);
SELECT domain, day, events FROM bounce.daily
EXCEPT
SELECT domain, day, events FROM bounce.daily_fast;
SELECT bounce.set_setting('rollup', 'on');
SELECT pg_temp.daily_differences() AS differences;
SELECT pg_temp.summary_differences() AS summary_differences;
DELETE FROM bounce.events WHERE domain = 'example.org';
SELECT pg_temp.daily_differences() AS differences;
SELECT pg_temp.summary_differences() AS summary_differences;

-- The per-domain rollup's first and last times.  Removing the first or
-- the last event of a domain and reason makes the commit look the time up
-- again in the events of the day the daily rollup names.  (The first
-- query is the example of doc/analytics.md.)
SELECT reason, events, first_seen, last_seen FROM bounce.domain_rollup
 WHERE domain = 'example.com' ORDER BY events DESC, reason LIMIT 2;
DELETE FROM bounce.events
 WHERE domain = 'example.com' AND reason = 'mailboxfull'
   AND received_at IN ('2020-03-01 11:00+00', '2020-03-17 14:00+00');
SELECT reason, events, first_seen, last_seen FROM bounce.domain_rollup
 WHERE domain = 'example.com' AND reason = 'mailboxfull';
SELECT pg_temp.summary_differences() AS summary_differences;
-- Inside a transaction that changed events, domain_summary reads the
-- events (its changes reach the rollup at commit); an event added and
-- removed before the commit leaves no trace.
BEGIN;
SELECT pg_temp.ev('m41', '2020-02-01 10:00', 'yves@example.com', 'failed',
                  '5.2.2', 'mailboxfull', false) > 0 AS stored;
SELECT bounce.rollup_is_current() AS rollup_in_use;
SELECT events, first_seen FROM bounce.domain_summary WHERE domain = 'example.com';
DELETE FROM bounce.events WHERE recipient = 'yves@example.com';
COMMIT;
SELECT bounce.rollup_is_current() AS rollup_in_use;
SELECT reason, events, first_seen, last_seen FROM bounce.domain_rollup
 WHERE domain = 'example.com' AND reason = 'mailboxfull';
-- the first event removed and stored again in one transaction (as a
-- reparse does): no look-up needed, the same answer
BEGIN;
DELETE FROM bounce.events WHERE original_message_id = 'm3' AND recipient = 'bob@example.com';
SELECT pg_temp.ev('m3', '2020-03-02 09:00', 'bob@example.com', 'failed',
                  '5.2.2', 'mailboxfull', false) > 0 AS stored;
COMMIT;
SELECT reason, events, first_seen, last_seen FROM bounce.domain_rollup
 WHERE domain = 'example.com' AND reason = 'mailboxfull';
SELECT pg_temp.summary_differences() AS summary_differences;
-- a domain and reason whose events are all removed keeps a row of zeros,
-- which the view leaves out
DELETE FROM bounce.events WHERE domain = 'example.com' AND reason = 'mailboxfull';
SELECT reason, events, first_seen, last_seen FROM bounce.domain_rollup
 WHERE domain = 'example.com' AND reason = 'mailboxfull';
SELECT pg_temp.summary_differences() AS summary_differences;
-- events without a domain or a reason have rollup rows of their own
INSERT INTO bounce.events (event_key, received_at, recipient, reason, parsed_reason)
SELECT bounce.event_key('nd' || i, 'nobody' || i, NULL),
       '2020-03-20'::timestamptz + i * interval '1 day', 'nobody' || i, NULL, NULL
  FROM generate_series(1, 3) AS i;
DELETE FROM bounce.events WHERE recipient = 'nobody1';
SELECT domain, reason, events, first_seen, last_seen FROM bounce.domain_rollup
 WHERE domain IS NULL;
SELECT pg_temp.summary_differences() AS summary_differences;
DELETE FROM bounce.events WHERE domain IS NULL;
SELECT bounce.refresh_rollup() AS rollup_rows;
SELECT count(*) AS zero_rows FROM bounce.daily_rollup WHERE events = 0;

-- clean up for the tests that follow
TRUNCATE bounce.events, bounce.sends, bounce.suppression_overrides;
SELECT count(*) AS rollup_rows FROM bounce.daily_rollup;
