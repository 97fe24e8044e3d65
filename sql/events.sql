--
-- events: bounce.parse_event over the provider webhook events in
-- test/events (one file per provider and kind of event), its helpers, and
-- bounce.provider_category.
--
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
\set VERBOSITY terse

-- Load every event file, binary-safe, from the client side.
CREATE TEMP TABLE event_file (name text PRIMARY KEY, b64 text, body jsonb);
\copy event_file (name, b64) FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/events" && for f in *.json; do printf "%s\t%s\n" "$f" "$(base64 -w0 "$f")"; done'
UPDATE event_file
   SET body = convert_from(decode(b64, 'base64'), 'UTF8')::jsonb, b64 = NULL;
-- Mailgun's events API wraps its events in "items".
UPDATE event_file SET body = body->'items' WHERE body ? 'items';

-- Rows per file, the files that give none included.
SELECT f.name, count(p.recipient) AS rows
  FROM event_file f
  LEFT JOIN LATERAL bounce.parse_event(f.body) p ON true
 GROUP BY f.name
 ORDER BY f.name;

-- What each recipient came to, in the order of the events.
SELECT f.name, p.recipient, p.domain, p.action, p.status, p.reply_code,
       p.reason, p.hard, p.format, p.feedback_type
  FROM event_file f,
       LATERAL bounce.parse_event(f.body) WITH ORDINALITY p
 ORDER BY f.name, p.ordinality;

-- The other columns.
SELECT f.name, p.ordinality AS n, p.diagnostic, p.remote_mta,
       p.reporting_mta, p.smtp_command, p.original_message_id, p.arrived_at
  FROM event_file f,
       LATERAL bounce.parse_event(f.body) WITH ORDINALITY p
 ORDER BY f.name, p.ordinality;

-- The row shape is that of bounce.parse, so the two combine.
SELECT pg_get_function_result('bounce.parse(text)'::regprocedure)
       = pg_get_function_result('bounce.parse_event(jsonb)'::regprocedure)
       AS same_columns;
SELECT * FROM bounce.parse('not a bounce at all')
UNION ALL
SELECT * FROM bounce.parse_event((SELECT body FROM event_file
                                   WHERE name = 'postmark-01-hardbounce.json'));

--
-- Anything that is not a bounce, delay or complaint of a known shape gives
-- no row, never an error.
--
SELECT v.label, count(p.recipient) AS rows
  FROM (VALUES
        ('JSON null', 'null'),
        ('number', '42'),
        ('string', '"bounce"'),
        ('empty array', '[]'),
        ('empty object', '{}'),
        ('array of odd things', '[1, "a", null, [], [{"event": "bounce"}]]'),
        ('SNS, message not JSON', '{"Type": "Notification", "Message": "hello"}'),
        ('SNS, message a number', '{"Type": "Notification", "Message": 5}'),
        ('SNS subscription', '{"Type": "SubscriptionConfirmation", "Message": "{}"}'),
        ('SES, recipients not a list',
         '{"notificationType": "Bounce", "bounce": {"bounceType": "Permanent", "bouncedRecipients": {"emailAddress": "a@example.com"}}}'),
        ('SES, recipient not an object',
         '{"notificationType": "Bounce", "bounce": {"bouncedRecipients": ["a@example.com"]}}'),
        ('SES, send event', '{"eventType": "Send", "send": {}, "mail": {"destination": ["a@example.com"]}}'),
        ('SendGrid, no address', '{"event": "bounce", "email": null, "reason": "550 5.1.1 unknown"}'),
        ('SendGrid, address an object', '{"event": "bounce", "email": {"a": "b@example.com"}}'),
        ('SendGrid, unsubscribe', '{"event": "unsubscribe", "email": "a@example.com"}'),
        ('Mailgun, accepted', '{"event-data": {"event": "accepted", "recipient": "a@example.com"}}'),
        ('Postmark, open relay test', '{"RecordType": "Bounce", "Type": "OpenRelayTest", "Email": "a@example.com"}'),
        ('Postmark, no type', '{"RecordType": "Bounce", "Email": "a@example.com"}'),
        ('Postmark, delivery', '{"RecordType": "Delivery", "Email": "a@example.com"}'),
        ('SparkPost, subscribe request',
         '{"msys": {"message_event": {"type": "bounce", "bounce_class": "80", "rcpt_to": "a@example.com"}}}'),
        ('SparkPost, injection', '{"msys": {"message_event": {"type": "injection", "rcpt_to": "a@example.com"}}}'),
        ('unknown provider', '{"kind": "bounce", "to": "a@example.com"}')
       ) AS v (label, body)
  LEFT JOIN LATERAL bounce.parse_event(v.body::jsonb) p ON true
 GROUP BY v.label
 ORDER BY v.label;
SELECT count(*) AS rows FROM bounce.parse_event(NULL);

--
-- Smaller shapes, one field at a time.
--
-- Postmark gives TypeCode without Type; SparkPost's unsubscribe class is a
-- complaint; Mailgun's own codes (6xx) are no SMTP reply; a reply code from
-- the start of the words when the event has none; an SES recipient given
-- with a name; a second digit of 6 or more is no reply code.
SELECT p.recipient, p.action, p.status, p.reply_code, p.reason, p.hard,
       p.feedback_type, p.format
  FROM (VALUES
        (1, '{"RecordType": "Bounce", "TypeCode": 64, "Email": "away@example.com"}'),
        (2, '{"RecordType": "Bounce", "TypeCode": 128, "Email": "moved@example.com", "Details": ""}'),
        (3, '{"RecordType": "Bounce", "Type": "DnsError", "Email": "dns@example.com", "Details": ""}'),
        (4, '{"msys": {"message_event": {"type": "bounce", "bounce_class": "90", "rcpt_to": "stop@example.com"}}}'),
        (5, '{"event": "failed", "severity": "permanent", "recipient": "again@example.com", "delivery-status": {"code": 605, "message": "Not delivering to previously bounced address"}}'),
        (6, '{"event": "bounce", "email": "x@example.net", "reason": "552 Requested mail action aborted: exceeded storage allocation"}'),
        (7, '{"notificationType": "Bounce", "bounce": {"bounceType": "Transient", "bounceSubType": "MessageTooLarge", "bouncedRecipients": [{"emailAddress": "Big Box <big@example.org>"}]}}'),
        (8, '{"event": "bounce", "email": "y@example.net", "reason": "571 rejected"}'),
        (9, '{"notificationType": "Bounce", "bounce": {"bounceType": "Permanent", "bounceSubType": "NoEmail", "bouncedRecipients": [{"emailAddress": "nobody@example.org", "status": "5.1.1000"}]}}'),
        (10, '{"notificationType": "Bounce", "bounce": {"bounceType": "Permanent", "bounceSubType": "General", "bouncedRecipients": [{"emailAddress": "at@example.org", "diagnosticCode": "smtp; 550 host 192.0.2.5.1.1 refused"}]}}')
       ) AS v (n, body),
       LATERAL bounce.parse_event(v.body::jsonb) p
 ORDER BY v.n;

-- Time stamps: epoch seconds (number or digits) and ISO 8601; anything
-- else, and dates that do not exist, give NULL.
SELECT v.value, bounce.event_time(v.value::jsonb) AS event_time
  FROM (VALUES ('1742029600'), ('1742043598.521633'), ('"1742300000"'),
               ('"2025-03-14T09:12:45.318Z"'), ('"2025-03-18T16:40:00-05:00"'),
               ('"2025-03-18T16:40:00+0530"'), ('"2025-03-18 16:40"'),
               ('"2024-02-29T12:00:00Z"'), ('"2025-03-18T16:33:54.9070259Z"'),
               ('"2025-02-29T12:00:00Z"'), ('"2025-13-01T00:00:00Z"'),
               ('"2025-03-18T24:00:00Z"'), ('"2025-03-18T10:00:60Z"'),
               ('"2025-03-18T10:00:00+16:00"'), ('"0000-01-01T00:00:00Z"'),
               ('"2025-03-18"'), ('"yesterday"'), ('-5'), ('1e12'),
               ('true'), ('null'), ('{"t": 1}')) AS v (value);

-- Recipients as the providers give them.
SELECT v.address, bounce.event_recipient(v.address) AS recipient
  FROM (VALUES ('Pat.Morgan@Example.NET'), ('  a@example.com  '),
               ('Big Box <big@EXAMPLE.org>'), ('<x@example.net>'),
               ('no-at-sign.example.com'), ('two@at@example.com'),
               ('with space@example.com'), ('@example.com'), ('a@'),
               ('')) AS v (address);

--
-- provider_category: a reason in each provider's terms.
--
SELECT r AS reason,
       bounce.provider_category(r, 'ses') AS ses,
       bounce.provider_category(r, 'sendgrid') AS sendgrid,
       bounce.provider_category(r, 'mailgun') AS mailgun
  FROM unnest(enum_range(NULL::bounce.reason)) AS r;
SELECT r AS reason,
       bounce.provider_category(r, 'postmark') AS postmark,
       bounce.provider_category(r, 'sparkpost') AS sparkpost
  FROM unnest(enum_range(NULL::bounce.reason)) AS r;

-- Provider names ignore case and surrounding space; an unknown one is an
-- error; NULL gives NULL.
SELECT bounce.provider_category('userunknown', ' SES ') AS ses,
       bounce.provider_category(NULL, 'ses') AS no_reason,
       bounce.provider_category('userunknown', NULL) AS no_provider;
SELECT bounce.provider_category('userunknown', 'mandrill');
SELECT bounce.provider_category('userunknown', '');

-- Reasons sent out through a provider's category and read back from an
-- event that says nothing more: the round trip keeps the reason where the
-- provider's term is as precise as ours, and shows where it is coarser.
SELECT r AS reason,
       (SELECT p.reason FROM bounce.parse_event(jsonb_build_object(
            'RecordType', 'Bounce', 'Email', 'a@example.com', 'Details', '')
            || bounce.provider_category(r, 'postmark')) p) AS via_postmark,
       (SELECT p.reason FROM bounce.parse_event(jsonb_build_object(
            'msys', jsonb_build_object('message_event',
                bounce.provider_category(r, 'sparkpost')
                || '{"rcpt_to": "a@example.com"}'))) p) AS via_sparkpost,
       (SELECT p.reason FROM bounce.parse_event(jsonb_build_object(
            'email', 'a@example.com')
            || bounce.provider_category(r, 'sendgrid')) p) AS via_sendgrid
  FROM unnest('{userunknown,hasmoved,mailboxfull,mesgtoobig,expired,spamdetected,virusdetected,blocked,badreputation,authfailure,networkerror,speeding,onhold,feedback,vacation}'::bounce.reason[]) AS r;

--
-- Storing webhook events in bounce.events, as doc/events.md shows: the
-- provider's message id is the identity, or the event itself when it has
-- none, so an event posted twice is stored once.  In a transaction rolled
-- back at the end, over an empty table.
--
BEGIN;
WITH gone AS (DELETE FROM bounce.events RETURNING 1)
SELECT count(*) >= 0 AS emptied FROM gone;
INSERT INTO bounce.events (event_key, received_at, recipient, domain,
                           action, status, reply_code, reason,
                           parsed_reason, hard, diagnostic, remote_mta,
                           reporting_mta, original_message_id, arrived_at,
                           format, feedback_type)
SELECT bounce.event_key(coalesce(p.original_message_id, md5(f.body::text)),
                        p.recipient, p.status),
       coalesce(p.arrived_at, now()), p.recipient, p.domain, p.action,
       p.status, p.reply_code, p.reason, p.reason, p.hard, p.diagnostic,
       p.remote_mta, p.reporting_mta, p.original_message_id, p.arrived_at,
       p.format, p.feedback_type
  FROM event_file f, LATERAL bounce.parse_event(f.body) p
ON CONFLICT (event_key) DO NOTHING;
SELECT count(*) AS stored FROM bounce.events;
-- the same again: nothing new
INSERT INTO bounce.events (event_key, received_at, recipient, domain,
                           action, status, reason, parsed_reason, hard,
                           format)
SELECT bounce.event_key(coalesce(p.original_message_id, md5(f.body::text)),
                        p.recipient, p.status),
       coalesce(p.arrived_at, now()), p.recipient, p.domain, p.action,
       p.status, p.reason, p.reason, p.hard, p.format
  FROM event_file f, LATERAL bounce.parse_event(f.body) p
ON CONFLICT (event_key) DO NOTHING;
SELECT count(*) AS stored FROM bounce.events;

SELECT format, kind, count(*) AS events
  FROM bounce.events
 GROUP BY format, kind
 ORDER BY format, kind;
SELECT address, rule, reason, suppressed_at
  FROM bounce.suppression
 ORDER BY address;
ROLLBACK;
