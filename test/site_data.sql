-- test/site_data.sql: a site's data, for test/dump_restore.sh and
-- test/upgrade_test.sh.  Run by psql in a database where the bounce
-- extension is installed: stores bounce messages, an event sent in
-- directly, a table of the application's attached with bounce.attach,
-- settings, rules, patterns, send counts and an override.
--
SET client_min_messages = warning;

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
