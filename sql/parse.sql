--
-- parse: bounce.parse over the project's own sample messages
-- (test/fixtures, see its README.md for the values each must give)
--
SET search_path = bounce, public;

-- Load every fixture, binary-safe, from the client side.
CREATE TEMP TABLE fixture (name text PRIMARY KEY, b64 text, raw bytea);
\copy fixture (name, b64) FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/fixtures" && for f in *.eml; do printf "%s\t%s\n" "$f" "$(base64 -w0 "$f")"; done'
UPDATE fixture SET raw = decode(b64, 'base64'), b64 = NULL;
SELECT count(*) AS fixtures FROM fixture;

-- Every column of every recipient of every fixture, in message order.
\x on
SELECT f.name, p.*
  FROM fixture f,
       LATERAL bounce.parse(convert_from(f.raw, 'UTF8')) WITH ORDINALITY p
 ORDER BY f.name, p.ordinality;
\x off

-- The same in brief, to read at a glance.
SELECT f.name, p.recipient, p.action, p.status, p.reply_code, p.reason,
       p.hard, p.format
  FROM fixture f,
       LATERAL bounce.parse(f.raw) WITH ORDINALITY p
 ORDER BY f.name, p.ordinality;

-- The text and bytea forms agree on every fixture.
SELECT count(*) AS differing_rows
  FROM ((SELECT f.name, p.* FROM fixture f,
                LATERAL bounce.parse(convert_from(f.raw, 'UTF8')) p
         EXCEPT ALL
         SELECT f.name, p.* FROM fixture f, LATERAL bounce.parse(f.raw) p)
        UNION ALL
        (SELECT f.name, p.* FROM fixture f, LATERAL bounce.parse(f.raw) p
         EXCEPT ALL
         SELECT f.name, p.* FROM fixture f,
                LATERAL bounce.parse(convert_from(f.raw, 'UTF8')) p)) d;

-- LF, CRLF and lone-CR line ends give identical rows.
SELECT v.name AS variant, o.name AS original,
       (SELECT count(*) FROM bounce.parse(v.raw)) AS rows,
       (SELECT count(*)
          FROM (SELECT * FROM bounce.parse(v.raw)
                EXCEPT ALL SELECT * FROM bounce.parse(o.raw)) d) AS differing
  FROM fixture v
  JOIN fixture o ON o.name = regexp_replace(v.name, '-(crlf|cr)\.eml$', '.eml')
 WHERE v.name ~ '-(crlf|cr)\.eml$'
 ORDER BY v.name;

-- Every fixture rewritten with CRLF and with lone-CR line ends gives the
-- same rows as its LF form: the list shows any fixture where it does not.
WITH forms AS (
    SELECT name, convert_from(raw, 'UTF8') AS lf
      FROM fixture WHERE name !~ '-(crlf|cr)\.eml$'
)
SELECT f.name
  FROM forms f
 WHERE EXISTS (SELECT * FROM bounce.parse(f.lf)
               EXCEPT ALL
               SELECT * FROM bounce.parse(replace(f.lf, E'\n', E'\r\n')))
    OR EXISTS (SELECT * FROM bounce.parse(replace(f.lf, E'\n', E'\r\n'))
               EXCEPT ALL
               SELECT * FROM bounce.parse(f.lf))
    OR EXISTS (SELECT * FROM bounce.parse(f.lf)
               EXCEPT ALL
               SELECT * FROM bounce.parse(replace(f.lf, E'\n', E'\r')))
    OR EXISTS (SELECT * FROM bounce.parse(replace(f.lf, E'\n', E'\r'))
               EXCEPT ALL
               SELECT * FROM bounce.parse(f.lf));

-- Messages that are not bounces give no rows.
SELECT f.name, count(p.recipient) AS rows
  FROM fixture f LEFT JOIN LATERAL bounce.parse(f.raw) p ON true
 WHERE f.name LIKE 'not-bounce-%'
 GROUP BY f.name ORDER BY f.name;

-- Text that is not a mail message at all gives no rows, and no error.
SELECT count(*) FROM bounce.parse('');
SELECT count(*) FROM bounce.parse('hello, world');
SELECT count(*) FROM bounce.parse(NULL::text);
SELECT count(*) FROM bounce.parse('\x00ff00fe0d0a0d0a'::bytea);
SELECT count(*) FROM bounce.parse(repeat('x', 100000));

-- A truncated message: the first 40 % of a report.
SELECT count(*) AS rows_from_truncated
  FROM fixture f,
       LATERAL bounce.parse(substr(f.raw, 1, length(f.raw) * 2 / 5)) p
 WHERE f.name = 'postfix-05-three-recipients.eml';

-- Bytes that are not valid UTF-8 never reach a text column: here a Latin-1
-- byte in the diagnostic becomes U+FFFD.
SELECT recipient, status, reason, diagnostic
  FROM bounce.parse(convert_to(
'From: MAILER-DAEMON@mx.example.com
To: sender@example.org
Subject: Delivery Status Notification (Failure)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Delivery failed.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; jose@Example.NET
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 usuario desconocido: ', 'UTF8')
  || '\xe9'::bytea || convert_to(' no existe
--b1--
', 'UTF8'));
