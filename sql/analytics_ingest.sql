--
-- analytics_ingest: raw messages stored in bounce.messages, or in a table
-- of the application's attached with bounce.attach, become events; no
-- message is ever refused.  The bounces are small RFC 3464 reports whose
-- status and diagnostic leave no doubt about the result.
--
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
\set VERBOSITY terse

TRUNCATE bounce.messages, bounce.events, bounce.sends, bounce.rules,
    bounce.settings, bounce.suppression_overrides, bounce.parse_failures
    RESTART IDENTITY;

-- summary_differences(), daily_differences(), rollup_differences():
-- whether the roll-ups say what the events say (test/rollup_check.sql)
\getenv abs_srcdir PG_ABS_SRCDIR
\set rollup_check :abs_srcdir '/test/rollup_check.sql'
\set ECHO none
\i :rollup_check
\set ECHO all

-- A delivery status notification (RFC 3464) reporting on the recipients
-- given as 'address;action;status;diagnostic', for an original message
-- whose Message-ID is original_id (left out when NULL).
CREATE FUNCTION pg_temp.dsn(original_id text, VARIADIC recipients text[])
RETURNS text
LANGUAGE sql
AS $$
SELECT concat_ws(E'\n',
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
    'To: news@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered to some recipients.',
    '',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    (SELECT string_agg(concat_ws(E'\n',
                'Final-Recipient: rfc822; ' || split_part(r, ';', 1),
                'Action: ' || split_part(r, ';', 2),
                'Status: ' || split_part(r, ';', 3),
                'Remote-MTA: dns; mx.' || split_part(split_part(r, ';', 1), '@', 2),
                'Diagnostic-Code: smtp; ' || split_part(r, ';', 4)) || E'\n',
                E'\n' ORDER BY o)
       FROM unnest(recipients) WITH ORDINALITY AS u (r, o)),
    '--B',
    'Content-Type: text/rfc822-headers',
    '',
    CASE WHEN original_id IS NOT NULL THEN 'Message-ID: ' || original_id END,
    'From: news@example.org',
    'Subject: April news',
    '',
    '--B--',
    '')
$$;

--
-- One INSERT of several messages: a bounce for three recipients, one
-- without the original's Message-ID, a message that is not a bounce, and
-- noise.  All are stored and marked.
--
INSERT INTO bounce.messages (raw, source, received_at)
VALUES (pg_temp.dsn('<m1@example.org>',
            'bob@example.net;failed;5.1.1;550 5.1.1 <bob@example.net>: user unknown',
            'carol@example.net;failed;5.2.2;552 5.2.2 <carol@example.net>: mailbox full',
            'dan@example.com;failed;5.1.1;550 5.1.1 <dan@example.com>: user unknown'),
        'mta', '2020-04-01 10:00'),
       (pg_temp.dsn(NULL,
            'erin@example.net;failed;5.1.1;550 5.1.1 <erin@example.net>: user unknown'),
        'mta', '2020-04-01 11:00'),
       (E'From: alice@example.com\nTo: bob@example.net\nSubject: lunch\n\nSee you at noon.\n',
        'inbox', '2020-04-01 12:00'),
       (repeat('%&#!', 40), 'noise', '2020-04-01 13:00');

SELECT id, source, recipients, parse_state, parse_error,
       parsed_at IS NOT NULL AS parsed
  FROM bounce.messages ORDER BY id;

SELECT message_id, ordinal, recipient, domain, action, status, reply_code,
       reason, parsed_reason, hard, kind, first_for_domain,
       original_message_id IS NOT NULL AS has_original, received_at
  FROM bounce.events ORDER BY message_id, ordinal;

-- the key of an event: the original's Message-ID, else the bounce itself
SELECT e.message_id, e.recipient,
       e.event_key = bounce.event_key(coalesce(e.original_message_id, md5(m.raw)),
                                      e.recipient, e.status) AS key_as_documented
  FROM bounce.events AS e JOIN bounce.messages AS m ON m.id = e.message_id
 ORDER BY e.message_id, e.ordinal;

--
-- COPY: the same bounce again (stored, counted once), a delay notice for
-- one of its recipients (a different status: a new event), an empty
-- message.
--
COPY bounce.messages (raw, source, received_at) FROM stdin;
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: news@example.org\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <bob@example.net>: user unknown\n\n--B\nContent-Type: text/rfc822-headers\n\nMessage-ID: <m1@example.org>\nFrom: news@example.org\n\n--B--\n	copy	2020-04-02 09:00:00+00
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: news@example.org\nSubject: Delayed Mail (still being retried)\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; carol@example.net\nAction: delayed\nStatus: 4.2.2\nDiagnostic-Code: smtp; 452 4.2.2 <carol@example.net>: mailbox full\n\n--B\nContent-Type: text/rfc822-headers\n\nMessage-ID: <m1@example.org>\nFrom: news@example.org\n\n--B--\n	copy	2020-04-02 10:00:00+00
	copy	2020-04-02 11:00:00+00
\.

SELECT id, source, recipients, parse_state FROM bounce.messages WHERE id > 4 ORDER BY id;
SELECT message_id, recipient, action, status, reason, kind
  FROM bounce.events WHERE message_id > 4 ORDER BY message_id, ordinal;

SELECT domain, messages, events, bounced, hard, soft, delayed, top_reasons
  FROM bounce.domain_summary ORDER BY domain;
SELECT pg_temp.daily_differences() AS differences;
SELECT pg_temp.summary_differences() AS summary_differences;

--
-- Reparsing rebuilds the events of the chosen messages: all, or a range.
-- The first copy of a bounce keeps its events.
--
SELECT * FROM bounce.reparse();
SELECT * FROM bounce.reparse(first_id => 2, last_id => 3);
SELECT * FROM bounce.reparse(received_from => '2020-04-02', received_before => '2020-04-02 10:00');
SELECT message_id, count(*) FROM bounce.events GROUP BY message_id ORDER BY message_id;

-- deleting a message deletes its events
DELETE FROM bounce.messages WHERE id = 2;
SELECT count(*) AS erin_events FROM bounce.events WHERE recipient = 'erin@example.net';

--
-- Site rules apply as messages are stored
--
INSERT INTO bounce.rules (pattern, reason, note)
VALUES ('no such user here', 'filtered', 'this host says so for filtered mail');
INSERT INTO bounce.messages (raw, received_at)
VALUES (pg_temp.dsn('<m8@example.org>',
            'frank@example.com;failed;5.1.1;550 5.1.1 <frank@example.com>: no such user here'),
        '2020-04-03 09:00');
SELECT recipient, parsed_reason, reason, rule_id IS NOT NULL AS by_rule, hard, kind
  FROM bounce.events WHERE recipient = 'frank@example.com';
DELETE FROM bounce.rules;
SELECT bounce.reclassify() AS changed;
SELECT recipient, parsed_reason, reason, rule_id, hard, kind
  FROM bounce.events WHERE recipient = 'frank@example.com';

--
-- Never refused: when storing the events fails (here a constraint a site
-- added), the statement's messages are parsed one at a time, and the
-- message that fails is kept, marked 'failed' with the error.
--
ALTER TABLE bounce.events ADD CONSTRAINT no_boom CHECK (recipient <> 'boom@example.net');
INSERT INTO bounce.messages (raw, source, received_at)
VALUES (pg_temp.dsn('<m9@example.org>', 'boom@example.net;failed;5.1.1;550 5.1.1 user unknown'),
        'boom', '2020-04-03 10:00'),
       (pg_temp.dsn('<m10@example.org>', 'gina@example.net;failed;5.1.1;550 5.1.1 user unknown'),
        'fine', '2020-04-03 10:00');
SELECT id, source, recipients, parse_state, parse_error FROM bounce.messages
 WHERE source IN ('boom', 'fine') ORDER BY id;
SELECT recipient FROM bounce.events WHERE received_at = '2020-04-03 10:00';

-- Should even marking fail, the messages are kept unparsed, with a warning.
ALTER TABLE bounce.messages ADD CONSTRAINT no_failed CHECK (parse_state <> 'failed') NOT VALID;
INSERT INTO bounce.messages (raw, source, received_at)
VALUES (pg_temp.dsn('<m11@example.org>', 'boom@example.net;failed;5.1.1;550 5.1.1 user unknown'),
        'boom again', '2020-04-03 11:00');
SELECT id, source, recipients, parse_state FROM bounce.messages
 WHERE source = 'boom again';
ALTER TABLE bounce.messages DROP CONSTRAINT no_failed;
ALTER TABLE bounce.events DROP CONSTRAINT no_boom;

-- once the cause is gone, the unparsed and failed ones are parsed
SELECT * FROM bounce.reparse(unparsed_only => true);
SELECT id, source, recipients, parse_state, parse_error FROM bounce.messages
 WHERE source LIKE 'boom%' ORDER BY id;
SELECT message_id, recipient, reason FROM bounce.events
 WHERE recipient = 'boom@example.net' ORDER BY message_id;

--
-- Rows that arrive marked already (as pg_restore reloads them) are not
-- parsed again.
--
INSERT INTO bounce.messages (raw, source, recipients, parse_state, parsed_at)
VALUES (pg_temp.dsn('<m12@example.org>', 'hugo@example.net;failed;5.1.1;550 5.1.1 user unknown'),
        'restored', 1, 'parsed', '2020-04-03 12:00');
SELECT count(*) AS hugo_events FROM bounce.events WHERE recipient = 'hugo@example.net';
DELETE FROM bounce.messages WHERE source = 'restored';

--
-- An application's own table, attached
--
CREATE TABLE public.inbox (id integer PRIMARY KEY, raw text NOT NULL, got timestamptz);
INSERT INTO public.inbox
VALUES (1, pg_temp.dsn('<i1@example.org>',
                       'ivan@example.com;failed;5.1.1;550 5.1.1 <ivan@example.com>: user unknown'),
        '2020-04-04 09:00');
SELECT bounce.attach('public.inbox', 'raw', 'id', 'got') AS backfilled;
SELECT * FROM bounce.attachments;
INSERT INTO public.inbox
VALUES (2, pg_temp.dsn('<i2@example.org>',
                       'judy@example.com;failed;5.2.2;552 5.2.2 <judy@example.com>: mailbox full',
                       'kurt@example.com;failed;5.1.1;550 5.1.1 <kurt@example.com>: user unknown'),
        NULL),
       (3, 'not a bounce at all', '2020-04-04 10:00'),
       (4, (SELECT raw FROM bounce.messages WHERE id = 1), '2020-04-04 11:00');
SELECT source, source_key, ordinal, recipient, reason, first_for_domain,
       received_at = '2020-04-04 09:00' AS at_got, received_at > '2020-12-31' AS at_insert
  FROM bounce.events WHERE source IS NOT NULL ORDER BY source_key::integer, ordinal;
DELETE FROM public.inbox WHERE id = 2;
SELECT count(*) AS inbox_events FROM bounce.events WHERE source = 'public.inbox'::regclass;
SELECT * FROM bounce.reparse_table('public.inbox');
TRUNCATE public.inbox;
SELECT count(*) AS inbox_events FROM bounce.events WHERE source = 'public.inbox'::regclass;

-- a bytea column and no time column; a row whose parsing fails is
-- recorded in parse_failures
CREATE TABLE public.raw_mail (k text PRIMARY KEY, body bytea NOT NULL);
SELECT bounce.attach('public.raw_mail', 'body', 'k');
ALTER TABLE bounce.events ADD CONSTRAINT no_boom CHECK (recipient <> 'boom@example.org');
INSERT INTO public.raw_mail
VALUES ('a', convert_to(pg_temp.dsn('<r1@example.org>', 'liam@example.org;failed;5.1.1;550 5.1.1 user unknown'), 'UTF8')),
       ('b', convert_to(pg_temp.dsn('<r2@example.org>', 'boom@example.org;failed;5.1.1;550 5.1.1 user unknown'), 'UTF8'));
ALTER TABLE bounce.events DROP CONSTRAINT no_boom;
SELECT source, source_key, recipient, reason FROM bounce.events
 WHERE source = 'public.raw_mail'::regclass;
SELECT source, source_key, error FROM bounce.parse_failures;
SELECT * FROM bounce.reparse_table('public.raw_mail');
SELECT count(*) AS failures_left FROM bounce.parse_failures;

-- what attach refuses
CREATE TABLE public.no_key (id integer, raw text);
SELECT bounce.attach('public.inbox', 'raw', 'id');
SELECT bounce.attach('public.no_key', 'raw', 'id');
SELECT bounce.attach('public.no_key', 'body', 'id');
SELECT bounce.attach('public.no_key', 'id', 'raw');
SELECT bounce.attach('bounce.messages', 'raw', 'id');
SELECT bounce.attach('bounce.domain_summary', 'raw', 'id');
SELECT bounce.detach('public.no_key');

SELECT bounce.detach('public.inbox');
SELECT bounce.detach('public.raw_mail', drop_events => true) AS events_removed;
SELECT * FROM bounce.attachments;
INSERT INTO public.inbox VALUES (5, pg_temp.dsn('<i5@example.org>', 'mia@example.com;failed;5.1.1;550 5.1.1 user unknown'), NULL);
SELECT count(*) AS mia_events FROM bounce.events WHERE recipient = 'mia@example.com';
DROP TABLE public.inbox, public.raw_mail, public.no_key;

SELECT pg_temp.daily_differences() AS differences;
SELECT pg_temp.summary_differences() AS summary_differences;

-- A feedback report whose recipient is redacted still stands for one
-- complaint: one row, recipient and domain NULL.  The event counts in the
-- summaries under no domain and never enters the suppression list.
CREATE TEMP TABLE redacted AS SELECT
'From: fbl@reports.example.net
To: abuse@mailer.example.com
Subject: Abuse report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="r1"

--r1
Content-Type: text/plain

A user marked this message as spam.  The address is redacted.

--r1
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ExampleFBL/2.0
Version: 1
Source-IP: 203.0.113.45

--r1
Content-Type: message/rfc822

From: news@mailer.example.com
To: redacted
Subject: Weekly news
Message-ID: <weekly-0412@mailer.example.com>

Hello.
--r1--
'::text AS raw;
SELECT recipient IS NULL AS no_recipient, domain IS NULL AS no_domain,
       status, reason, hard, feedback_type, original_message_id, format
  FROM redacted, bounce.parse(raw);
SELECT recipient IS NULL AS no_recipient, reason, decided_by
  FROM redacted, bounce.explain(raw);
SELECT bounce.parse_outcome(raw) FROM redacted;
INSERT INTO bounce.messages (raw, received_at)
SELECT raw, '2024-06-03 10:00+00' FROM redacted;
SELECT recipients, parse_state FROM bounce.messages
 WHERE raw = (SELECT raw FROM redacted);
SELECT recipient IS NULL AS no_recipient, address IS NULL AS no_address,
       domain IS NULL AS no_domain, reason, kind, feedback_type
  FROM bounce.events
 WHERE original_message_id = '<weekly-0412@mailer.example.com>';
SELECT count(*) AS null_suppressed FROM bounce.suppression WHERE address IS NULL;
SELECT domain, reason, events, feedback FROM bounce.domain_rollup
 WHERE domain IS NULL AND reason = 'feedback';
SELECT pg_temp.summary_differences() AS summary_differences;

-- clean up for the tests that follow
TRUNCATE bounce.messages, bounce.events, bounce.rules, bounce.parse_failures;
