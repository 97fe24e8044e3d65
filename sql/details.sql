--
-- details: the jsonb column of bounce.parse holding the report fields the
-- other columns do not carry, and the original message's headers
--
SET search_path = bounce, public;

CREATE TEMP TABLE fixture (name text PRIMARY KEY, b64 text, raw bytea);
\copy fixture (name, b64) FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/fixtures" && for f in rfc3464-08-all-fields.eml postfix-01-userunknown.eml; do printf "%s\t%s\n" "$f" "$(base64 -w0 "$f")"; done'
UPDATE fixture SET raw = decode(b64, 'base64'), b64 = NULL;

-- Every key of every recipient, one per line: message-level fields,
-- recipient-level fields, X- fields of both levels (the recipient's
-- X-Report-Batch wins over the message's), folded values unfolded, and the
-- original's headers with its Subject decoded from RFC 2047.
SELECT p.recipient, d.key, d.value
  FROM fixture f,
       LATERAL bounce.parse(f.raw) WITH ORDINALITY p,
       LATERAL jsonb_each_text(p.details) d
 WHERE f.name = 'rfc3464-08-all-fields.eml'
 ORDER BY p.ordinality, d.key;

-- details is the last column, of type jsonb, in both forms of parse and
-- in parse_event.
SELECT p.oid::regprocedure AS function,
       p.proargnames[array_length(p.proargnames, 1)] AS last_column,
       p.proallargtypes[array_length(p.proallargtypes, 1)]::regtype AS type
  FROM pg_proc p
 WHERE p.oid IN ('bounce.parse(text)'::regprocedure,
                 'bounce.parse(bytea)'::regprocedure,
                 'bounce.parse_event(jsonb)'::regprocedure)
 ORDER BY 1;

-- The text form gives the same details.
SELECT t.details = b.details AS same
  FROM fixture f,
       LATERAL bounce.parse(convert_from(f.raw, 'UTF8')) WITH ORDINALITY t,
       LATERAL bounce.parse(f.raw) WITH ORDINALITY b
 WHERE f.name = 'rfc3464-08-all-fields.eml' AND t.ordinality = b.ordinality;

-- A plain bounce: only what the original gives.
SELECT p.recipient, p.details
  FROM fixture f, LATERAL bounce.parse(f.raw) p
 WHERE f.name = 'postfix-01-userunknown.eml';

-- Nothing known: NULL.
SELECT details IS NULL AS is_null
  FROM bounce.parse(E'From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail Returned to Sender\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; u@example.com\nAction: failed\nStatus: 5.1.1\n\n--b--\n');

-- Invalid bytes in a value become U+FFFD; an X- field past the 64th of a
-- record is dropped.
SELECT p.details->>'x-note' AS note,
       (SELECT count(*) FROM jsonb_object_keys(p.details)) AS keys
  FROM bounce.parse(convert_to(
         E'From: MAILER-DAEMON@example.com\nSubject: Undelivered\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; u@example.com\nAction: failed\nStatus: 5.1.1\nX-Note: caf',
         'UTF8') || '\xe9'::bytea || convert_to(
         E'\n' || (SELECT string_agg('X-F' || i || ': v' || i, E'\n')
                     FROM generate_series(1, 70) i) || E'\n\n--b--\n',
         'UTF8')) p;

-- A feedback report: every field of its report part, keys lower-cased,
-- a repeated field's values joined in order, then the original's
-- headers; the recipient comes from Removal-Recipient, and arrived_at is
-- the report's Arrival-Date, not its Date.
CREATE TEMP TABLE arf_fixture (name text PRIMARY KEY, b64 text, raw bytea);
\copy arf_fixture (name, b64) FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/fixtures" && for f in arf-02-optout-removal.eml; do printf "%s\t%s\n" "$f" "$(base64 -w0 "$f")"; done'
UPDATE arf_fixture SET raw = decode(b64, 'base64'), b64 = NULL;
SELECT p.recipient, p.feedback_type, p.arrived_at AT TIME ZONE 'UTC' AS arrived_utc,
       d.key, d.value
  FROM arf_fixture f,
       LATERAL bounce.parse(f.raw) p,
       LATERAL jsonb_each_text(p.details) d
 ORDER BY d.key;
