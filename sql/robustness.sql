--
-- robustness: what every function does with NULL, empty, malformed,
-- truncated and oversized input (doc/errors.md has the table)
--
SET search_path = bounce, public;

-- The outcome of one query: its single value as text ('NULL' for a NULL),
-- or the SQLSTATE and message of the error it raises.
CREATE FUNCTION pg_temp.outcome(q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE q INTO r;
    RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
END
$$;

-- A delivery status notification with the given per-recipient blocks,
-- extra top-level header lines and human-readable text.
CREATE FUNCTION pg_temp.dsn(rcpts text, hdrs text DEFAULT '',
                            notice text DEFAULT 'Delivery failed.')
RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT 'From: MAILER-DAEMON@mx.example.com' || E'\n' ||
       'To: sender@example.com' || E'\n' || hdrs ||
       'Subject: Undelivered Mail Returned to Sender' || E'\n' ||
       'MIME-Version: 1.0' || E'\n' ||
       'Content-Type: multipart/report; report-type=delivery-status;'
       || ' boundary="BB"' || E'\n\n' ||
       '--BB' || E'\n' || 'Content-Type: text/plain' || E'\n\n' ||
       notice || E'\n' ||
       '--BB' || E'\n' || 'Content-Type: message/delivery-status' || E'\n\n' ||
       'Reporting-MTA: dns; mx.example.com' || E'\n\n' || rcpts ||
       '--BB--' || E'\n'
$$;

-- One per-recipient block of a delivery status notification.
CREATE FUNCTION pg_temp.rcpt(addr text, diag text DEFAULT '550 5.1.1 User unknown')
RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT 'Final-Recipient: rfc822; ' || addr || E'\n' || 'Action: failed' ||
       E'\n' || 'Status: 5.1.1' || E'\n' || 'Diagnostic-Code: smtp; ' ||
       diag || E'\n\n'
$$;

-- Does every text column of a parse result hold valid text in the
-- database encoding?
CREATE FUNCTION pg_temp.all_valid(VARIADIC t text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
SELECT bool_and(x IS NULL OR
                x = convert_from(convert_to(x, 'UTF8'), 'UTF8'))
  FROM unnest(t) AS x
$$;

--
-- NULL, empty and blank arguments
--
SELECT q, pg_temp.outcome(q) AS outcome
  FROM (VALUES
    ('SELECT count(*) FROM bounce.parse(NULL::text)'),
    ('SELECT count(*) FROM bounce.parse(NULL::bytea)'),
    ('SELECT count(*) FROM bounce.parse('''')'),
    ('SELECT count(*) FROM bounce.parse(''''::bytea)'),
    ('SELECT count(*) FROM bounce.parse(E''\n\n\n'')'),
    ('SELECT count(*) FROM bounce.parse(''\x00''::bytea)'),
    ('SELECT bounce.parse_outcome(NULL::text)'),
    ('SELECT bounce.parse_outcome(NULL::bytea)'),
    ('SELECT bounce.parse_outcome('''')'),
    ('SELECT bounce.parse_outcome(''\x00''::bytea)'),
    ('SELECT bounce.parse_outcome(E''Subject: hi\n\nbody'')'),
    ('SELECT bounce.classify(NULL)'),
    ('SELECT bounce.classify(NULL, NULL, NULL)'),
    ('SELECT bounce.classify('''')'),
    ('SELECT bounce.classify('' '')'),
    ('SELECT bounce.classify(''x'')'),
    ('SELECT bounce.classify(NULL, ''5.1.1'')'),
    ('SELECT bounce.classify(NULL, NULL, 550)'),
    ('SELECT bounce.classify(''x'', NULL, 199)'),
    ('SELECT bounce.classify(''x'', NULL, 600)'),
    ('SELECT bounce.is_hard(NULL)'),
    ('SELECT bounce.is_hard(''userunknown'', NULL)'),
    ('SELECT bounce.is_hard(''notaccept'', NULL)'),
    ('SELECT bounce.is_hard(''notaccept'', ''4.0.0'')'),
    ('SELECT count(*) FROM bounce.parse_event(NULL)'),
    ('SELECT bounce.provider_category(NULL, ''ses'')'),
    ('SELECT bounce.provider_category(''userunknown'', NULL)'),
    ('SELECT bounce.provider_category(''userunknown'', '''')'),
    ('SELECT bounce.pseudonymize(NULL, ''k'')'),
    ('SELECT bounce.pseudonymize(''a@example.com'', NULL)'),
    ('SELECT bounce.pseudonymize(''a@example.com'', '''')'),
    ('SELECT bounce.pseudonymize('''', ''k'')'),
    ('SELECT bounce.pseudonymize('' <> '', ''k'')'),
    ('SELECT bounce.address_domain(NULL)'),
    ('SELECT bounce.address_domain('''')'),
    ('SELECT bounce.address_domain(''a@'')'),
    ('SELECT bounce.redact_addresses(NULL)'),
    ('SELECT bounce.redact_addresses('''')'),
    ('SELECT bounce.smtp_status(NULL, 1, 1)::text'),
    ('SELECT NULL::bounce.smtp_status::text')
  ) AS t (q);

--
-- smtp_status input: exactly class.subject.detail, nothing around it
--
SELECT v, pg_temp.outcome(format('SELECT %L::bounce.smtp_status::text', v))
       AS outcome
  FROM (VALUES ('5.1.1'), ('5.001.001'), ('5.999.999'), ('2.0.0'),
               (''), ('5.1.1 '), (' 5.1.1'), ('+5.1.1'), (E'5.1.1\n'),
               (E'5.1.1\t'), ('5.1.1x'), ('5..1'), ('5.1.'), ('5.1.1.1'),
               ('5.-1.1'), ('5,1,1'), ('05.1.1'), ('6.1.1'), ('0.0.0'),
               ('5.0001.1'), ('5.1.1000'), ('٥.١.١'), ('５.1.1'),
               ('5.1.' || repeat('0', 100) || '1'),
               ('5.' || repeat('9', 20) || '.1')) AS t (v);

-- The constructor takes int4 parts, checked one by one.
SELECT q, pg_temp.outcome(q) AS outcome
  FROM (VALUES
    ('SELECT bounce.smtp_status(5, 1, 1)::text'),
    ('SELECT bounce.smtp_status(6, 1, 1)::text'),
    ('SELECT bounce.smtp_status(5, 1000, 1)::text'),
    ('SELECT bounce.smtp_status(5, 1, -1)::text'),
    ('SELECT bounce.smtp_status(2147483647, 0, 0)::text')
  ) AS t (q);

--
-- Garbage: bytes that are not a message give no rows and no error
--
-- md5-derived bytes of 0 to 2000 bytes, 1000 inputs
SELECT count(*) AS inputs, sum(n.rows) AS rows
  FROM generate_series(0, 999) AS i,
       LATERAL (SELECT decode(string_agg(md5(i::text || '/' || j::text), ''
                                         ORDER BY j), 'hex') AS b
                  FROM generate_series(0, i / 16) AS j) AS g,
       LATERAL (SELECT count(*) AS rows FROM bounce.parse(g.b)) AS n;

-- Every character 1..255 (valid UTF-8 text), alone and inside a message.
WITH s AS (SELECT string_agg(chr(i), '' ORDER BY i) AS all1
             FROM generate_series(1, 255) AS i)
SELECT (SELECT count(*) FROM bounce.parse(s.all1)) AS alone,
       (SELECT count(*) FROM bounce.parse(pg_temp.dsn(pg_temp.rcpt('a@example.net'),
                                          'X-All: ' || s.all1 || E'\n'))) AS in_header,
       (SELECT count(*) FROM bounce.parse(pg_temp.dsn(pg_temp.rcpt('a@example.net'),
                                          notice => s.all1))) AS in_text,
       bounce.classify(s.all1) AS classify
  FROM s;

--
-- Bytes that are not valid UTF-8 (bytea form): replaced by U+FFFD; NUL
-- bytes vanish from a diagnostic, and cut an address short
--
CREATE TEMP TABLE bad_bytes (label text, bytes bytea);
INSERT INTO bad_bytes VALUES
    ('ff', '\xff'), ('ff00', '\xff00'), ('c0af overlong', '\xc0af'),
    ('eda080 surrogate', '\xeda080'), ('e9 latin1', '\xe9'),
    ('c3 cut', '\xc3'), ('f4908080 too big', '\xf4908080'), ('0000', '\x0000');

-- in the diagnostic
SELECT b.label, p.recipient, p.diagnostic, length(p.diagnostic) AS chars
  FROM bad_bytes b,
       LATERAL (SELECT convert_to(pg_temp.dsn(pg_temp.rcpt('a@example.net',
                                   '550 5.1.1 user XX unknown')), 'UTF8') AS m) AS x,
       LATERAL bounce.parse(overlay(x.m PLACING b.bytes
                                    FROM position('XX'::bytea IN x.m) FOR 2)) AS p
 ORDER BY b.label;

-- in the local part and in the domain of the address
SELECT b.label, p.recipient, p.domain
  FROM bad_bytes b,
       LATERAL (SELECT convert_to(pg_temp.dsn(pg_temp.rcpt('aXX@example.net')),
                                  'UTF8') AS m) AS x,
       LATERAL bounce.parse(overlay(x.m PLACING b.bytes
                                    FROM position('XX'::bytea IN x.m) FOR 2)) AS p
 ORDER BY b.label;
SELECT b.label, p.recipient, p.domain
  FROM bad_bytes b,
       LATERAL (SELECT convert_to(pg_temp.dsn(pg_temp.rcpt('a@exampleXX.net')),
                                  'UTF8') AS m) AS x,
       LATERAL bounce.parse(overlay(x.m PLACING b.bytes
                                    FROM position('XX'::bytea IN x.m) FOR 2)) AS p
 ORDER BY b.label;

--
-- The project's fixtures, damaged: every prefix, and bytes overwritten
--
CREATE TEMP TABLE fixture (name text PRIMARY KEY, b64 text, raw bytea);
\copy fixture (name, b64) FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/fixtures" && for f in postfix-05-three-recipients.eml rfc3464-01-policyviolation.eml exim-04-two-addresses.eml qmail-01-remote-userunknown.eml; do printf "%s\t%s\n" "$f" "$(base64 -w0 "$f")"; done'
UPDATE fixture SET raw = decode(b64, 'base64'), b64 = NULL;

-- Every prefix of each: no error, never more rows than the whole message,
-- every text valid.
CREATE TEMP TABLE prefix_rows AS
SELECT f.name, n, p.recipient, p.domain, p.diagnostic, p.remote_mta,
       p.reporting_mta, p.original_message_id
  FROM fixture f,
       generate_series(0, length(f.raw)) AS n,
       LATERAL bounce.parse(substring(f.raw FROM 1 FOR n)) AS p;
SELECT f.name, length(f.raw) AS bytes,
       (SELECT count(*) FROM bounce.parse(f.raw)) AS full_rows,
       count(DISTINCT r.n) AS prefixes_with_rows,
       min(r.n) AS shortest_with_rows,
       max(c.rows) AS most_rows,
       bool_and(pg_temp.all_valid(r.recipient, r.domain, r.diagnostic,
                                  r.remote_mta, r.reporting_mta,
                                  r.original_message_id)) AS valid
  FROM fixture f
  JOIN prefix_rows r ON r.name = f.name
  JOIN (SELECT name, n, count(*) AS rows FROM prefix_rows GROUP BY 1, 2) c
    ON c.name = r.name AND c.n = r.n
 GROUP BY f.name, f.raw
 ORDER BY f.name;

-- The same character by character through the text form.
SELECT f.name, count(*) AS prefixes, sum(c.rows) AS rows
  FROM fixture f,
       LATERAL (SELECT convert_from(f.raw, 'UTF8') AS t) AS x,
       generate_series(0, length(x.t)) AS n,
       LATERAL (SELECT count(*) AS rows FROM bounce.parse(left(x.t, n))) AS c
 GROUP BY f.name
 ORDER BY f.name;

-- Every 7th byte of each message overwritten in turn by 0xFF, 0x00, 0xC3
-- and 0x0A: the rows found stay valid text.
SELECT count(*) AS variants, sum(c.rows) AS rows, bool_and(c.valid) AS valid
  FROM fixture f,
       generate_series(0, length(f.raw) - 1, 7) AS pos,
       unnest(ARRAY[255, 0, 195, 10]) AS v,
       LATERAL (SELECT count(*) AS rows,
                       coalesce(bool_and(pg_temp.all_valid(
                           p.recipient, p.domain, p.action, p.diagnostic,
                           p.remote_mta, p.reporting_mta, p.smtp_command,
                           p.original_message_id, p.format,
                           p.feedback_type)), true) AS valid
                  FROM bounce.parse(set_byte(f.raw, pos, v)) AS p) AS c;

--
-- Oversized input: results are exact, whatever the size
--
-- a 10 MB message (a notice of 230,000 lines)
SELECT count(*), min(p.recipient), min(p.reason::text)
  FROM bounce.parse(pg_temp.dsn(pg_temp.rcpt('a@example.net'),
                    notice => repeat(E'Filler text of the notification part.......\n',
                                     230000))) AS p;
-- a single line of 1 MB in the notice, and a 1 MB diagnostic
SELECT count(*), min(p.recipient)
  FROM bounce.parse(pg_temp.dsn(pg_temp.rcpt('a@example.net'),
                                notice => repeat('x', 1000000))) AS p;
SELECT count(*), min(length(p.diagnostic)), min(p.reason::text)
  FROM bounce.parse(pg_temp.dsn(pg_temp.rcpt('a@example.net',
                    '550 5.1.1 ' || repeat('user unknown ', 80000)))) AS p;
-- a notice of 1,000,000 short lines
SELECT count(*)
  FROM bounce.parse(pg_temp.dsn(pg_temp.rcpt('a@example.net'),
                                notice => repeat(E'a\n', 1000000))) AS p;
-- 100,000 header fields, and one header field of 1 MB
SELECT count(*), min(p.recipient)
  FROM bounce.parse(pg_temp.dsn(pg_temp.rcpt('a@example.net'),
                    (SELECT string_agg('X-H' || i || ': v' || E'\n', '')
                       FROM generate_series(1, 100000) AS i))) AS p;
SELECT count(*), min(p.recipient)
  FROM bounce.parse(pg_temp.dsn(pg_temp.rcpt('a@example.net'),
                    'X-Long: ' || repeat('a', 1000000) || E'\n')) AS p;
-- 20,000 encoded words in the subject
SELECT count(*)
  FROM bounce.parse(pg_temp.dsn(pg_temp.rcpt('a@example.net'),
                    'Subject: ' || repeat('=?UTF-8?B?w6k=?= ', 20000) || E'\n')) AS p;
-- a base64 notice of 3 MB and a base64 report
SELECT count(*), min(p.recipient), min(p.status::text)
  FROM bounce.parse(
        E'From: MAILER-DAEMON@mx.example.com\nMIME-Version: 1.0\n'
        || 'Content-Type: multipart/report; report-type=delivery-status; boundary="BB"'
        || E'\n\n--BB\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n'
        || encode(convert_to(repeat(E'Filler line.\n', 170000), 'UTF8'), 'base64')
        || E'\n--BB\nContent-Type: message/delivery-status\n'
        || E'Content-Transfer-Encoding: base64\n\n'
        || encode(convert_to(E'Reporting-MTA: dns; mx.example.com\n\n'
                             || pg_temp.rcpt('a@example.net'), 'UTF8'), 'base64')
        || E'\n--BB--\n') AS p;
-- 10,000 recipients, in order
SELECT count(*), count(DISTINCT p.recipient), min(p.ordinality), max(p.ordinality),
       bool_and(p.recipient = 'u' || p.ordinality || '@example.net') AS in_order
  FROM bounce.parse((SELECT pg_temp.dsn(string_agg(pg_temp.rcpt('u' || i || '@example.net'),
                                                   '' ORDER BY i))
                       FROM generate_series(1, 10000) AS i)) WITH ORDINALITY AS p;
-- over 100,000 recipients, the message gives no rows at all, and
-- parse_outcome says why; 100,000 recipients are read
SELECT count(*)
  FROM bounce.parse(pg_temp.dsn(repeat(pg_temp.rcpt('u@example.net'), 100001))) AS p;
SELECT bounce.parse_outcome(pg_temp.dsn(repeat(pg_temp.rcpt('u@example.net'), 100001))) AS over,
       bounce.parse_outcome(convert_to(pg_temp.dsn(repeat(pg_temp.rcpt('u@example.net'), 100001)),
                                       'UTF8')) AS over_bytes,
       bounce.parse_outcome(pg_temp.dsn(repeat(pg_temp.rcpt('u@example.net'), 100000))) AS at_limit;

-- Nested multiparts: the walk stops at depth 32, so 31 multiparts wrapped
-- around the report leave it readable and 32 or 200 hide it; 200 levels
-- inside the returned message do not matter.
CREATE FUNCTION pg_temp.nest(depth int, inner_entity text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT coalesce(string_agg('Content-Type: multipart/mixed; boundary="n' || i
                           || '"' || E'\n\n--n' || i || E'\n', '' ORDER BY i), '')
       || inner_entity ||
       coalesce(string_agg(E'\n--n' || i || E'--\n', '' ORDER BY i DESC), '')
  FROM generate_series(1, depth) AS i
$$;
SELECT d, (SELECT count(*)
             FROM bounce.parse(E'From: MAILER-DAEMON@mx.example.com\nMIME-Version: 1.0\n'
                               || pg_temp.nest(d,
                                   'Content-Type: multipart/report; '
                                   || 'report-type=delivery-status; boundary="BB"'
                                   || E'\n\n--BB\nContent-Type: message/delivery-status\n\n'
                                   || E'Reporting-MTA: dns; mx.example.com\n\n'
                                   || pg_temp.rcpt('a@example.net') || E'--BB--\n'))) AS rows
  FROM unnest(ARRAY[0, 1, 30, 31, 32, 200]) AS d;
SELECT count(*)
  FROM bounce.parse(E'From: MAILER-DAEMON@mx.example.com\nMIME-Version: 1.0\n'
                    || 'Content-Type: multipart/report; report-type=delivery-status; boundary="BB"'
                    || E'\n\n--BB\nContent-Type: message/delivery-status\n\n'
                    || E'Reporting-MTA: dns; mx.example.com\n\n'
                    || pg_temp.rcpt('a@example.net')
                    || E'--BB\nContent-Type: message/rfc822\n\n'
                    || E'From: someone@example.com\nMIME-Version: 1.0\n'
                    || pg_temp.nest(200, E'Content-Type: text/plain\n\nhello\n')
                    || E'\n--BB--\n') AS p;

-- classify over long and odd lines
SELECT bounce.classify(repeat('a', 1000000)) AS letters,
       bounce.classify(repeat('5', 1000000)) AS digits,
       bounce.classify(repeat('5.', 500000)) AS dots,
       bounce.classify(repeat(' ', 1000000) || '550 5.1.1 user unknown') AS late,
       bounce.classify('550 ' || repeat('5.1.1 ', 200000)) AS codes;

--
-- parse_event: odd JSON gives no row, never an error (but see below)
--
SELECT e, pg_temp.outcome(format('SELECT count(*) FROM bounce.parse_event(%L)', e))
       AS outcome
  FROM (VALUES ('null'), ('1'), ('"x"'), ('[]'), ('{}'), ('[[[]]]'),
               ('[null, 1, "x", [], {}]'),
               ('{"notificationType": ["Bounce"]}'),
               ('{"notificationType": "Bounce", "bounce": "x"}'),
               ('{"notificationType": "Bounce", "bounce": {"bouncedRecipients": {"emailAddress": "a@example.com"}}}'),
               ('{"notificationType": "Bounce", "bounce": {"bouncedRecipients": [[1], 5, {"emailAddress": 5}, {"emailAddress": ["a@example.com"]}, {"emailAddress": "a@example.com", "status": 5.11, "diagnosticCode": {"x": 1}}]}}'),
               ('{"event": "bounce", "email": "a@example.com", "status": ["5.1.1"], "reason": {"a": 1}, "timestamp": "x"}'),
               ('{"msys": {"message_event": [1]}}'),
               ('{"msys": {"message_event": {"type": "bounce", "bounce_class": 10.0, "rcpt_to": "a@example.com"}}}'),
               ('{"event-data": {"event": "failed", "recipient": "a@example.com", "delivery-status": "x", "severity": 5}}'),
               ('{"RecordType": "Bounce", "TypeCode": "1", "Email": "a@example.com", "BouncedAt": true, "Details": 123}'),
               ('{"Type": "Notification", "Message": 123}'),
               ('{"Type": "Notification", "Message": "[1]"}'),
               ('{"Type": "Notification", "Message": "{not json}"}')) AS t (e);

-- Time stamps that are no times, or beyond double precision, are NULL or
-- rounded, never an error.
SELECT v, pg_temp.outcome(format('SELECT bounce.event_time(%L::jsonb)', v)) AS outcome
  FROM (VALUES ('1e-400'), ('-1'), ('1e400'), ('"0.' || repeat('0', 400) || '1"'),
               ('"2025-01-01T10:00:00.' || repeat('0', 400) || '1Z"'),
               ('"2025-01-01T10:00:59.' || repeat('9', 400) || 'Z"'),
               ('"2025-02-29T00:00:00Z"'), ('"2025-01-01T24:00:00Z"'),
               ('"1741769053.5"'), ('true')) AS t (v);

-- Deep nesting and large arrays.
SELECT count(*) FROM bounce.parse_event((repeat('[', 3000) || repeat(']', 3000))::jsonb);
SELECT count(*) FROM bounce.parse_event((repeat('{"event": ', 3000) || '1' || repeat('}', 3000))::jsonb);
SELECT count(*), count(DISTINCT recipient)
  FROM bounce.parse_event(jsonb_build_object('notificationType', 'Bounce',
        'bounce', jsonb_build_object('bounceType', 'Permanent',
                  'bouncedRecipients', (SELECT jsonb_agg(jsonb_build_object(
                                            'emailAddress', 'u' || i || '@example.com'))
                                          FROM generate_series(1, 10000) AS i))));
SELECT count(*), min(recipient)
  FROM bounce.parse_event(jsonb_build_object('event', 'bounce',
        'email', repeat('<', 100000) || 'a@example.com' || repeat('>', 100000)));

--
-- attach on odd tables
--
CREATE TABLE public.rob_inbox (id int PRIMARY KEY, raw text, n int, got date);
CREATE VIEW public.rob_view AS SELECT * FROM public.rob_inbox;
CREATE TEMP TABLE rob_temp (id int PRIMARY KEY, raw text);
SELECT q, pg_temp.outcome(q) AS outcome
  FROM (VALUES
    ('SELECT bounce.attach(NULL, ''raw'', ''id'')'),
    ('SELECT bounce.attach(''public.rob_inbox'', NULL, ''id'')'),
    ('SELECT bounce.attach(''public.rob_inbox'', ''nope'', ''id'')'),
    ('SELECT bounce.attach(''public.rob_inbox'', ''n'', ''id'')'),
    ('SELECT bounce.attach(''public.rob_inbox'', ''raw'', ''nope'')'),
    ('SELECT bounce.attach(''public.rob_inbox'', ''raw'', ''raw'')'),
    ('SELECT bounce.attach(''public.rob_inbox'', ''raw'', ''id'', ''n'')'),
    ('SELECT bounce.attach(''public.rob_view'', ''raw'', ''id'')'),
    ('SELECT bounce.attach(''bounce.events'', ''diagnostic'', ''id'')'),
    ('SELECT bounce.attach(''rob_temp'', ''raw'', ''id'')'),
    ('SELECT bounce.attach(''public.rob_inbox'', ''raw'', ''id'', ''got'')'),
    ('SELECT bounce.attach(''public.rob_inbox'', ''raw'', ''id'')')
  ) AS t (q);

-- The other functions of the analytics layer, with NULL and odd
-- arguments (errors only: nothing here changes a setting or a table).
SELECT q, pg_temp.outcome(q) AS outcome
  FROM (VALUES
    ('SELECT bounce.detach(NULL)'),
    ('SELECT bounce.reparse_table(NULL)'),
    ('SELECT bounce.record_send(NULL)'),
    ('SELECT bounce.record_send(''example.com'', -1)'),
    ('SELECT bounce.set_setting(''nosuch'', ''1'')'),
    ('SELECT bounce.set_setting(''soft_limit'', ''x'')'),
    ('SELECT bounce.set_setting(''soft_limit'', ''0'')'),
    ('SELECT bounce.set_setting(''send_view'', ''rob_inbox'')'),
    ('SELECT bounce.setting(NULL)'),
    ('SELECT bounce.is_suppressed(NULL)'),
    ('SELECT bounce.unsuppress(NULL)'),
    ('SELECT bounce.grant_writer(NULL)'),
    ('SELECT bounce.grant_analyst(NULL)')
  ) AS t (q);

-- Quoted identifiers everywhere, and a bytea column of damaged messages
-- (one of them with bytes that are not UTF-8 in its recipient).
CREATE SCHEMA "Rob Schema";
CREATE TABLE "Rob Schema"."Odd Table" ("Key Col" text PRIMARY KEY,
                                       "Raw ""Msg""" bytea, "When?" date);
SELECT bounce.attach('"Rob Schema"."Odd Table"', 'Raw "Msg"', 'Key Col', 'When?');
INSERT INTO "Rob Schema"."Odd Table"
SELECT f.name || '/' || pos, set_byte(f.raw, pos, 255), date '2025-01-01'
  FROM fixture f, generate_series(0, length(f.raw) - 1, 97) AS pos
UNION ALL
SELECT 'odd', overlay(x.m PLACING '\xfffe'::bytea
                      FROM position('XX'::bytea IN x.m) FOR 2), date '2025-01-02'
  FROM (SELECT convert_to(pg_temp.dsn(pg_temp.rcpt('rob-oddXX@example.net')),
                          'UTF8') AS m) AS x;
SELECT recipient, domain, received_at, source_key
  FROM bounce.events
 WHERE source = '"Rob Schema"."Odd Table"'::regclass AND recipient LIKE 'rob-odd%';
SELECT bool_and(pg_temp.all_valid(recipient, domain, diagnostic, remote_mta,
                                  reporting_mta, original_message_id,
                                  source_key)) AS valid
  FROM bounce.events
 WHERE source = '"Rob Schema"."Odd Table"'::regclass;
SELECT count(*) AS failures FROM bounce.parse_failures
 WHERE source = '"Rob Schema"."Odd Table"'::regclass;
SELECT bounce.detach('"Rob Schema"."Odd Table"', true) > 0 AS removed;

-- A partitioned table: rows inserted through the parent are parsed.
CREATE TABLE public.rob_parted (id int PRIMARY KEY, raw text) PARTITION BY RANGE (id);
CREATE TABLE public.rob_parted_1 PARTITION OF public.rob_parted FOR VALUES FROM (0) TO (1000);
SELECT bounce.attach('public.rob_parted', 'raw', 'id');
INSERT INTO public.rob_parted
SELECT i, pg_temp.dsn(pg_temp.rcpt('rob-part' || i || '@example.net'))
  FROM generate_series(1, 3) AS i;
SELECT source_key, recipient FROM bounce.events
 WHERE source = 'public.rob_parted'::regclass ORDER BY source_key;
SELECT bounce.detach('public.rob_parted', true) AS removed;

--
-- bounce.messages stores whatever it is given
--
SELECT coalesce(max(id), 0) AS base FROM bounce.messages \gset
INSERT INTO bounce.messages (raw)
VALUES (''), (' '), ('not a message'), (repeat('x', 100000)),
       (pg_temp.dsn(pg_temp.rcpt('a@example.net')));
-- a message over the recipient limit is kept, marked failed with the reason
INSERT INTO bounce.messages (raw)
VALUES (pg_temp.dsn(repeat(pg_temp.rcpt('u@example.net'), 100001)));
SELECT parse_state, recipients, parse_error
  FROM bounce.messages WHERE id > :base AND parse_state = 'failed';
-- 10,000 recipients of one message without a Message-ID
INSERT INTO bounce.messages (raw)
SELECT pg_temp.dsn(string_agg(pg_temp.rcpt('v' || i || '@example.net'), '' ORDER BY i))
  FROM generate_series(1, 10000) AS i;
SELECT parse_state, count(*), sum(recipients) AS recipients
  FROM bounce.messages WHERE id > :base
 GROUP BY parse_state ORDER BY parse_state;
SELECT count(*) AS events, count(DISTINCT event_key) AS keys
  FROM bounce.events WHERE message_id > :base;
SELECT * FROM bounce.reparse(first_id => :base + 1);
SELECT count(*) AS events FROM bounce.events WHERE message_id > :base;
DELETE FROM bounce.messages WHERE id > :base;
DROP TABLE public.rob_inbox CASCADE;
DROP TABLE public.rob_parted;
DROP SCHEMA "Rob Schema" CASCADE;
