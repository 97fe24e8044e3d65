--
-- readme: the examples of README.md, run as written there (with the
-- sample file read from the client side instead of pg_read_file, which
-- needs the file on the server), so that the documentation cannot drift
-- from what the extension does.
--
CREATE TEMP TABLE sample (raw text);
\copy sample (raw) FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/fixtures" && printf "%s" "$(base64 -w0 postfix-01-userunknown.eml)"'
UPDATE sample SET raw = convert_from(decode(raw, 'base64'), 'UTF8');

-- "one of the bundled samples"
SELECT recipient, status, reply_code, reason, hard
  FROM sample, bounce.parse(sample.raw);

-- bounce.classify
SELECT bounce.classify('550 5.2.2 <a@example.com>: mailbox full');

-- bounce.is_hard: notaccept without a status, and with 4.x.x
SELECT bounce.is_hard('notaccept') AS no_status,
       bounce.is_hard('notaccept', '4.0.0') AS transient;

-- Type smtp_status
SELECT bounce.smtp_status_meaning('5.1.1');
SET search_path = bounce, public;
SELECT '5.1.10'::smtp_status > '5.1.2';
RESET search_path;

-- bounce.explain: a 5.1.1 reply saying "rate limit exceeded"
INSERT INTO bounce.messages (raw) VALUES (
'From: MAILER-DAEMON@mx.example.com
To: sender@example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="r1"

--r1
Content-Type: text/plain

Your message could not be delivered.

--r1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; busy@example.net
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 rate limit exceeded, try again later

--r1--
');
SELECT recipient, reason, decided_by, rule, status_reason, text_reason, winner
  FROM bounce.messages m, bounce.explain(m.raw);

-- Stored bounces and analytics
INSERT INTO bounce.messages (raw) SELECT raw FROM sample;
SELECT domain, messages, bounced, hard, soft, top_reasons
  FROM bounce.domain_summary ORDER BY bounced DESC, domain;
SELECT address, rule, reason FROM bounce.suppression ORDER BY address;

TRUNCATE bounce.messages, bounce.events;
