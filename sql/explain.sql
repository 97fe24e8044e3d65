--
-- explain: why each recipient of a bounce got its reason
-- (over the project's own sample messages in test/fixtures)
--
SET search_path = bounce, public;

CREATE TEMP TABLE fixture (name text PRIMARY KEY, b64 text, raw bytea);
\copy fixture (name, b64) FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/fixtures" && for f in *.eml; do printf "%s\t%s\n" "$f" "$(base64 -w0 "$f")"; done'
UPDATE fixture SET raw = decode(b64, 'base64'), b64 = NULL;

-- Every recipient of every fixture, explained, in message order.
SELECT f.name, e.recipient, e.reason, e.hard, e.format, e.decided_by,
       e.rule, e.status_reason, e.text_reason, e.winner
  FROM fixture f,
       LATERAL bounce.explain(f.raw) WITH ORDINALITY e
 ORDER BY f.name, e.ordinality;

-- explain gives the same recipients, reasons and hard flags as parse, in
-- the same order: zero differing rows.
SELECT count(*) AS differing_rows
  FROM (SELECT f.name, p.ordinality, p.recipient, p.reason, p.hard, p.format
          FROM fixture f, LATERAL bounce.parse(f.raw) WITH ORDINALITY p) p
       FULL JOIN
       (SELECT f.name, e.ordinality, e.recipient, e.reason, e.hard, e.format
          FROM fixture f, LATERAL bounce.explain(f.raw) WITH ORDINALITY e) e
       USING (name, ordinality)
 WHERE p.recipient IS DISTINCT FROM e.recipient
    OR p.reason IS DISTINCT FROM e.reason
    OR p.hard IS DISTINCT FROM e.hard
    OR p.format IS DISTINCT FROM e.format;

-- The text and bytea forms agree.
SELECT count(*) AS differing_rows
  FROM ((SELECT f.name, e.* FROM fixture f,
                LATERAL bounce.explain(convert_from(f.raw, 'UTF8')) e
         EXCEPT ALL
         SELECT f.name, e.* FROM fixture f, LATERAL bounce.explain(f.raw) e)
        UNION ALL
        (SELECT f.name, e.* FROM fixture f, LATERAL bounce.explain(f.raw) e
         EXCEPT ALL
         SELECT f.name, e.* FROM fixture f,
                LATERAL bounce.explain(convert_from(f.raw, 'UTF8')) e)) d;

-- Where code and text disagree: a generic 5.1.1 with rate-limit wording is
-- speeding (the text wins); a 5.4.1 "Recipient address rejected: Access
-- denied" is userunknown (the text wins over the code's networkerror); a
-- 5.1.1 with "relay access denied" stays userunknown (the code wins).
CREATE TEMP TABLE disagree (diag text, status text);
INSERT INTO disagree VALUES
  ('550 5.1.1 Rate limit exceeded for this sender, try again later', '5.1.1'),
  ('550 5.4.1 <bob@example.com>: Recipient address rejected: Access denied', '5.4.1'),
  ('550 5.1.1 relay access denied', '5.1.1');
SELECT d.status, e.reason, e.hard, e.decided_by, e.rule, e.status_reason,
       e.text_reason, e.winner
  FROM disagree d,
       LATERAL bounce.explain(
'From: MAILER-DAEMON@mx.example.net
To: sender@example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; bob@example.com
Action: failed
Status: ' || d.status || '
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; ' || d.diag || '
--B--
') e
 ORDER BY d.status, e.reason;

-- Not a bounce, and not a message: no rows.
SELECT count(*) FROM bounce.explain('Subject: hello

just a letter
'::text);
SELECT count(*) FROM bounce.explain(''::bytea);
