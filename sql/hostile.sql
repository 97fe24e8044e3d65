--
-- hostile: input shaped to break the parser or the ingestion, each once
-- found to lose rows, report a wrong recipient or take quadratic time
--
SET timezone = 'UTC';
\set VERBOSITY terse

TRUNCATE bounce.messages, bounce.events RESTART IDENTITY;

-- A delivery status notification with the given per-recipient blocks.
CREATE FUNCTION pg_temp.dsn(rcpts text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT 'From: MAILER-DAEMON@mx.example.com' || E'\n' ||
       'To: sender@example.com' || E'\n' ||
       'Subject: Undelivered Mail Returned to Sender' || E'\n' ||
       'MIME-Version: 1.0' || E'\n' ||
       'Content-Type: multipart/report; report-type=delivery-status;'
       || ' boundary="BB"' || E'\n\n' ||
       '--BB' || E'\n' || 'Content-Type: message/delivery-status' || E'\n\n' ||
       'Reporting-MTA: dns; mx.example.com' || E'\n\n' || rcpts ||
       '--BB--' || E'\n'
$$;

-- One per-recipient block.
CREATE FUNCTION pg_temp.rcpt(addr text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT 'Final-Recipient: rfc822; ' || addr || E'\n' || 'Action: failed' ||
       E'\n' || 'Status: 5.1.1' || E'\n' ||
       'Diagnostic-Code: smtp; 550 5.1.1 User unknown' || E'\n\n'
$$;

-- 3,200 bytes of hexadecimal digits: text that does not compress.
CREATE FUNCTION pg_temp.junk() RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT string_agg(md5(i::text), '') FROM generate_series(1, 100) AS i
$$;

--
-- An address too long to be one: the message's other recipient is stored.
-- Read as a recipient, it did not fit in the index on bounce.events and the
-- whole message was marked failed, with no event.
--
INSERT INTO bounce.messages (raw, source)
VALUES (pg_temp.dsn(pg_temp.rcpt(pg_temp.junk() || '@example.com') ||
                    pg_temp.rcpt('kim@example.com')), 'long address');
SELECT m.parse_state, m.recipients, m.parse_error,
       array_agg(e.recipient) AS events
  FROM bounce.messages AS m
  LEFT JOIN bounce.events AS e ON e.message_id = m.id
 WHERE m.source = 'long address'
 GROUP BY m.id;

-- The same for provider events: no row for the long address, one for the
-- other, and the insert of doc/events.md stores the batch (it failed)
CREATE TEMP TABLE webhook AS
SELECT jsonb_build_array(
         jsonb_build_object('event', 'bounce', 'email',
                            pg_temp.junk() || '@example.com',
                            'reason', '550 5.1.1 no such user'),
         jsonb_build_object('event', 'bounce', 'email', 'lee@example.com',
                            'reason', '550 5.1.1 no such user')) AS body;
SELECT p.recipient FROM webhook AS w, bounce.parse_event(w.body) AS p;
INSERT INTO bounce.events (event_key, received_at, recipient, domain,
                           action, status, reply_code, reason,
                           parsed_reason, hard, diagnostic, remote_mta,
                           reporting_mta, original_message_id, arrived_at,
                           format, feedback_type)
SELECT bounce.event_key(coalesce(p.original_message_id, md5(w.body::text)),
                        p.recipient, p.status),
       coalesce(p.arrived_at, now()), p.recipient, p.domain, p.action,
       p.status, p.reply_code, p.reason, p.reason, p.hard, p.diagnostic,
       p.remote_mta, p.reporting_mta, p.original_message_id, p.arrived_at,
       p.format, p.feedback_type
  FROM webhook AS w, bounce.parse_event(w.body) AS p
ON CONFLICT (event_key) DO NOTHING;
SELECT recipient, format FROM bounce.events WHERE message_id IS NULL;

--
-- Quoted local parts: kept whole (they were dropped, or cut at an '@'
-- inside the quotes)
--
SELECT a AS final_recipient, p.recipient, p.domain
  FROM unnest(ARRAY['"john smith"@Example.NET', '<"a@b c"@example.net>',
                    '"x\" y"@example.net']) WITH ORDINALITY AS t (a, n),
       bounce.parse(pg_temp.dsn(pg_temp.rcpt(a))) AS p
 ORDER BY t.n;

--
-- A NUL byte in the local part drops the recipient; what follows the NUL
-- ('ul@example.net') was reported instead
--
SELECT p.recipient
  FROM (SELECT convert_to(pg_temp.dsn(pg_temp.rcpt('nXul@example.net') ||
                                      pg_temp.rcpt('ann@example.net')),
                          'UTF8') AS m) AS s,
       bounce.parse(overlay(s.m PLACING '\x00'::bytea
                            FROM position('X'::bytea IN s.m) FOR 1)) AS p;

--
-- A Postfix notice listing 20,000 recipients with no blank line between
-- them: linear (it was quadratic, minutes and gigabytes for this one)
--
SET statement_timeout = '30s';
SELECT count(*) AS rows, count(DISTINCT p.recipient) AS recipients,
       min(p.diagnostic) AS diagnostic
  FROM bounce.parse(
         'From: MAILER-DAEMON@mx.example.com (Mail Delivery System)' || E'\n' ||
         'Subject: Undelivered Mail Returned to Sender' || E'\n\n' ||
         'This is the mail system at host mx.example.com.' || E'\n\n' ||
         (SELECT string_agg('<user' || i || '@example.net>: host '
                            || 'mx.example.net[192.0.2.1] said: 550 5.1.1 '
                            || 'no such user (in reply to RCPT TO command)',
                            E'\n')
            FROM generate_series(1, 20000) AS i)) AS p;
RESET statement_timeout;

--
-- A bounce stored twice keeps its events on the first copy; deleting that
-- copy takes them away, and the query of doc/analytics.md gives them back
-- from the duplicate
--
INSERT INTO bounce.messages (raw, source)
VALUES (pg_temp.dsn(pg_temp.rcpt('dup@example.com')), 'first copy');
INSERT INTO bounce.messages (raw, source)
VALUES (pg_temp.dsn(pg_temp.rcpt('dup@example.com')), 'second copy');
SELECT m.source, m.recipients,
       (SELECT count(*) FROM bounce.events AS e WHERE e.message_id = m.id) AS events
  FROM bounce.messages AS m
 WHERE m.source LIKE '% copy'
 ORDER BY m.id;
DELETE FROM bounce.messages WHERE source = 'first copy';
SELECT bounce.is_suppressed('dup@example.com');
SELECT r.*
  FROM bounce.messages AS m,
       bounce.reparse(first_id => m.id, last_id => m.id) AS r
 WHERE m.parse_state = 'parsed'
   AND m.recipients > (SELECT count(*) FROM bounce.events AS e
                        WHERE e.message_id = m.id);
SELECT bounce.is_suppressed('dup@example.com');


TRUNCATE bounce.messages, bounce.events RESTART IDENTITY;
