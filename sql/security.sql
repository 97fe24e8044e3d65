--
-- security: no function of the extension runs with its owner's rights;
-- none depends on the caller's search_path; the views read the tables with
-- the caller's rights, so that row-level security applies through them;
-- a writer and an analyst get what bounce.grant_writer and
-- bounce.grant_analyst give them, and nothing more (doc/security.md).
--
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
\set VERBOSITY terse

-- The objects of the extension, by catalog.
CREATE TEMP VIEW ext_objects AS
SELECT d.classid, d.objid
  FROM pg_depend AS d
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT e.oid FROM pg_extension AS e WHERE e.extname = 'bounce')
   AND d.deptype = 'e';

CREATE TEMP VIEW ext_functions AS
SELECT p.oid::regprocedure AS fn, l.lanname, p.prosecdef, p.proconfig,
       p.prosqlbody IS NOT NULL AS sql_body
  FROM pg_temp.ext_objects AS o
  JOIN pg_proc AS p ON p.oid = o.objid
  JOIN pg_language AS l ON l.oid = p.prolang
 WHERE o.classid = 'pg_proc'::regclass;

--
-- Catalog checks
--
-- functions that run with their owner's rights: none
SELECT fn FROM pg_temp.ext_functions WHERE prosecdef ORDER BY fn::text;

-- SQL and PL/pgSQL functions that would look names up in the caller's
-- search_path when they run: none.  A function is safe when it sets its
-- own search_path, or when its body is an SQL-standard one (BEGIN ATOMIC
-- or RETURN), whose names are bound once, when it is created.
SELECT fn, lanname
  FROM pg_temp.ext_functions
 WHERE lanname IN ('sql', 'plpgsql')
   AND NOT sql_body
   AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (proconfig), false)
 ORDER BY fn::text;

-- functions that set some other search_path: none
SELECT fn, proconfig
  FROM pg_temp.ext_functions
 WHERE EXISTS (SELECT FROM unnest(proconfig) AS c (setting)
                WHERE c.setting LIKE 'search_path=%'
                  AND c.setting <> 'search_path=pg_catalog, pg_temp')
 ORDER BY fn::text;

-- the checks above are not vacuous: each kind exists
SELECT count(*) FILTER (WHERE proconfig IS NOT NULL) > 0 AS with_search_path,
       count(*) FILTER (WHERE sql_body) > 0 AS with_sql_body,
       count(*) FILTER (WHERE lanname = 'c') > 0 AS in_c
  FROM pg_temp.ext_functions;

-- views that read the tables with their owner's rights: none
SELECT c.oid::regclass AS view
  FROM pg_temp.ext_objects AS o
  JOIN pg_class AS c ON c.oid = o.objid
 WHERE o.classid = 'pg_class'::regclass
   AND c.relkind = 'v'
   AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false)
 ORDER BY 1::text;

-- relations on which the extension granted anything by itself: none
SELECT c.oid::regclass AS relation
  FROM pg_temp.ext_objects AS o
  JOIN pg_class AS c ON c.oid = o.objid
 WHERE o.classid = 'pg_class'::regclass
   AND (c.relacl IS NOT NULL
        OR EXISTS (SELECT FROM pg_attribute AS a
                    WHERE a.attrelid = c.oid AND a.attacl IS NOT NULL))
 ORDER BY 1::text;

--
-- A hostile search_path.  A schema placed before pg_catalog shadows
-- functions and operators the extension uses (lower, btrim, md5, now,
-- count, = on text and on the reason type).  The same work is done under
-- a clean search_path and under the hostile one, and must give the same
-- results.
--
CREATE SCHEMA regress_bounce_evil;
CREATE FUNCTION regress_bounce_evil.lower(text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'evil'::text $$;
CREATE FUNCTION regress_bounce_evil.btrim(text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'evil'::text $$;
CREATE FUNCTION regress_bounce_evil.md5(text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT '00000000000000000000000000000000'::text $$;
CREATE FUNCTION regress_bounce_evil.now() RETURNS timestamptz
    LANGUAGE sql STABLE AS $$ SELECT '2000-01-01 00:00+00'::timestamptz $$;
CREATE FUNCTION regress_bounce_evil.always(text, text) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT true $$;
CREATE OPERATOR regress_bounce_evil.= (
    LEFTARG = text, RIGHTARG = text, FUNCTION = regress_bounce_evil.always);
CREATE FUNCTION regress_bounce_evil.never(bounce.reason, bounce.reason) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT false $$;
CREATE OPERATOR regress_bounce_evil.= (
    LEFTARG = bounce.reason, RIGHTARG = bounce.reason,
    FUNCTION = regress_bounce_evil.never);
CREATE FUNCTION regress_bounce_evil.add_ten(bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS $$ SELECT $1 + 10 $$;
CREATE AGGREGATE regress_bounce_evil.count(*) (
    SFUNC = regress_bounce_evil.add_ten, STYPE = bigint, INITCOND = '0');

-- The shadowing works on code that does not protect itself.
CREATE FUNCTION pg_temp.unprotected(x text) RETURNS text
    LANGUAGE plpgsql AS $$ BEGIN RETURN lower(x) || ' ' || (x = 'nothing')::text; END $$;
SELECT pg_temp.unprotected('Alice@Example.COM') AS clean;
SET search_path = regress_bounce_evil, pg_catalog, public;
SELECT pg_temp.unprotected('Alice@Example.COM') AS hostile,
       (SELECT count(*) FROM generate_series(1, 3)) AS three;
RESET search_path;

-- A bounce report (RFC 3464) on one recipient.
CREATE FUNCTION pg_temp.dsn(n integer, rcpt text, status text, diag text, mta text)
RETURNS text
LANGUAGE sql AS $$
SELECT pg_catalog.concat_ws(E'\n',
    'From: MAILER-DAEMON@mx.example.org',
    'To: news@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '', '--B', 'Content-Type: message/delivery-status', '',
    'Reporting-MTA: dns; mx.example.org', '',
    'Final-Recipient: rfc822; ' OPERATOR(pg_catalog.||) rcpt,
    'Action: failed',
    'Status: ' OPERATOR(pg_catalog.||) status,
    'Remote-MTA: dns; ' OPERATOR(pg_catalog.||) mta,
    'Diagnostic-Code: smtp; ' OPERATOR(pg_catalog.||) diag, '',
    '--B', 'Content-Type: text/rfc822-headers', '',
    'Message-ID: <n' OPERATOR(pg_catalog.||) n::text OPERATOR(pg_catalog.||) '@example.org>',
    '', '--B--', '')
$$;

CREATE TEMP TABLE results (path text, what text, val jsonb);

-- The work: store bounces (the insert trigger parses them), count sends,
-- take an address off the suppression list, and record what the views
-- and some functions give.  Every name in here is qualified, so that only
-- the extension's own code meets the session's search_path.
CREATE FUNCTION pg_temp.work(path text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE bounce.messages, bounce.events, bounce.sends, bounce.rules,
        bounce.settings, bounce.suppression_overrides RESTART IDENTITY;
    INSERT INTO bounce.rules (pattern, reason) VALUES ('mailbox quota', 'mailboxfull');
    INSERT INTO bounce.messages (raw, received_at, source)
    SELECT pg_temp.dsn(v.n, v.rcpt, v.status, v.diag, v.mta),
           '2024-05-01 08:00+00'::timestamptz
               OPERATOR(pg_catalog.+) pg_catalog.make_interval(hours => v.n),
           'regress'
      FROM (VALUES
        (1, 'alice@example.com', '5.1.1',
         '550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown',
         'mx.example.com'),
        (2, 'Bob@Example.COM', '5.2.2', '552 5.2.2 Mailbox full', 'MX.Example.com.'),
        (3, 'carol@example.net', '5.7.1',
         '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
         'mx.example.net'),
        (4, 'dave@gmail.com', '5.1.1', '550 5.1.1 The email account does not exist',
         'gmail-smtp-in.l.google.com'),
        (5, 'erin@example.org', '5.0.0', '550 mailbox quota exceeded for erin',
         'mx.example.org'),
        (6, 'carol@example.net', '5.1.1', '550 5.1.1 No such user', 'mx.example.net'))
           AS v (n, rcpt, status, diag, mta);
    PERFORM bounce.record_send(' Example.COM ', 100, '2024-05-01');
    PERFORM bounce.unsuppress('Carol@Example.NET', 'asked');

    INSERT INTO pg_temp.results
    SELECT path, 'messages', pg_catalog.to_jsonb(m) OPERATOR(pg_catalog.-) 'parsed_at'
      FROM bounce.messages AS m;
    INSERT INTO pg_temp.results
    SELECT path, 'events', pg_catalog.to_jsonb(e) FROM bounce.events AS e;
    INSERT INTO pg_temp.results
    SELECT path, 'domain_summary', pg_catalog.to_jsonb(v) FROM bounce.domain_summary AS v;
    INSERT INTO pg_temp.results
    SELECT path, 'daily', pg_catalog.to_jsonb(v) FROM bounce.daily AS v;
    INSERT INTO pg_temp.results
    SELECT path, 'reasons', pg_catalog.to_jsonb(v) FROM bounce.reasons AS v;
    INSERT INTO pg_temp.results
    SELECT path, 'suppression', pg_catalog.to_jsonb(v) FROM bounce.suppression AS v;
    INSERT INTO pg_temp.results
    SELECT path, 'blocklists', pg_catalog.to_jsonb(v) FROM bounce.blocklists AS v;
    INSERT INTO pg_temp.results
    SELECT path, 'remote_mtas', pg_catalog.to_jsonb(v) FROM bounce.remote_mtas AS v;
    INSERT INTO pg_temp.results
    SELECT path, 'providers', pg_catalog.to_jsonb(v) FROM bounce.providers AS v;
    INSERT INTO pg_temp.results
    SELECT path, 'reason_policy', pg_catalog.to_jsonb(v) FROM bounce.reason_policy AS v;
    INSERT INTO pg_temp.results
    SELECT path, 'functions', pg_catalog.jsonb_build_object(
        'is_suppressed', bounce.is_suppressed('ALICE@example.com'),
        'carol_suppressed', bounce.is_suppressed('carol@example.net'),
        'mta_host', bounce.mta_host('dns; MX.Example.COM.'),
        'host_matches', bounce.host_matches('mx.example.com', 'example.org'),
        'provider', bounce.provider('dns; MX.Google.com.', 'example.org'),
        'event_key', bounce.event_key('<m@example.org>', 'Bob@Example.COM', '5.1.1'),
        'classify', bounce.classify('550 5.1.1 user unknown'),
        'soft_limit', bounce.setting('soft_limit'),
        'format_reasons', bounce.format_reasons('{userunknown,blocked}', '{2,1}'));
END
$$;

SELECT pg_temp.work('clean');
SET search_path = regress_bounce_evil, pg_catalog, public;
SELECT pg_temp.work('hostile');
RESET search_path;

-- rows of each result under the clean search_path, and rows that differ
-- under the hostile one: none
SELECT r.what,
       count(*) FILTER (WHERE r.path = 'clean') AS rows,
       (SELECT count(*)
          FROM ((SELECT x.val FROM results AS x WHERE x.what = r.what AND x.path = 'clean'
                 EXCEPT ALL
                 SELECT x.val FROM results AS x WHERE x.what = r.what AND x.path = 'hostile')
                UNION ALL
                (SELECT x.val FROM results AS x WHERE x.what = r.what AND x.path = 'hostile'
                 EXCEPT ALL
                 SELECT x.val FROM results AS x WHERE x.what = r.what AND x.path = 'clean')) AS d)
           AS differences
  FROM results AS r
 GROUP BY r.what
 ORDER BY r.what;

-- and what they were
SELECT jsonb_pretty(val) AS functions FROM results WHERE what = 'functions' AND path = 'hostile';
SELECT val ->> 'address' AS address, val ->> 'rule' AS rule, val ->> 'reason' AS reason
  FROM results WHERE what = 'suppression' AND path = 'hostile' ORDER BY 1;
SELECT val ->> 'domain' AS domain, val ->> 'events' AS events, val ->> 'top_reasons' AS top_reasons,
       val ->> 'sent' AS sent
  FROM results WHERE what = 'domain_summary' AND path = 'hostile' ORDER BY 1;

DROP SCHEMA regress_bounce_evil CASCADE;

--
-- Roles.  A writer stores bounces; an analyst reads the views; a second
-- analyst reads them without addresses.
--
CREATE ROLE regress_bounce_sec_writer NOLOGIN;
CREATE ROLE regress_bounce_sec_analyst NOLOGIN;
CREATE ROLE regress_bounce_sec_noaddr NOLOGIN;

SELECT bounce.grant_writer('regress_bounce_sec_writer'),
       bounce.grant_analyst('regress_bounce_sec_analyst'),
       bounce.grant_analyst('regress_bounce_sec_noaddr', addresses => false);

-- what each role got, table by table and column by column
SELECT r.rolname AS role, c.relname AS relation,
       string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type) AS privileges
  FROM pg_class AS c
 CROSS JOIN LATERAL aclexplode(c.relacl) AS a
  JOIN pg_roles AS r ON r.oid = a.grantee
 WHERE c.relnamespace = 'bounce'::regnamespace
   AND r.rolname LIKE 'regress_bounce_sec_%'
 GROUP BY 1, 2
 ORDER BY 1, 2;
SELECT r.rolname AS role, c.relname AS relation, a.privilege_type AS privilege,
       string_agg(t.attname, ', ' ORDER BY t.attnum) AS columns
  FROM pg_class AS c
  JOIN pg_attribute AS t ON t.attrelid = c.oid
 CROSS JOIN LATERAL aclexplode(t.attacl) AS a
  JOIN pg_roles AS r ON r.oid = a.grantee
 WHERE c.relnamespace = 'bounce'::regnamespace
   AND r.rolname LIKE 'regress_bounce_sec_%'
 GROUP BY 1, 2, 3
 ORDER BY 1, 2, 3;
SELECT r.rolname AS role, n.nspname AS schema, a.privilege_type AS privilege
  FROM pg_namespace AS n
 CROSS JOIN LATERAL aclexplode(n.nspacl) AS a
  JOIN pg_roles AS r ON r.oid = a.grantee
 WHERE n.nspname = 'bounce' AND r.rolname LIKE 'regress_bounce_sec_%'
 ORDER BY 1;

-- Run a statement; "ok", or the SQLSTATE and message of its error.
CREATE FUNCTION pg_temp.try(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

--
-- The writer: its messages are stored and parsed in its name; it can
-- neither read the figures nor change what is stored.
--
SET ROLE regress_bounce_sec_writer;
INSERT INTO bounce.messages (raw, received_at, source)
VALUES (pg_temp.dsn(7, 'frank@example.com', '5.1.1', '550 5.1.1 User unknown', 'mx.example.com'),
        '2024-05-02 09:00+00', 'writer');
INSERT INTO bounce.messages (raw, received_at, source)
SELECT pg_temp.dsn(n, 'user' || n || '@example.org', '5.2.2', '552 5.2.2 Mailbox full',
                   'mx.example.org'),
       '2024-05-02 10:00+00', 'writer'
  FROM generate_series(8, 9) AS n;
SELECT s.what, pg_temp.try(s.stmt) AS result
  FROM (VALUES
    ('read the figures', 'SELECT * FROM bounce.domain_summary'),
    ('read the source of messages', 'SELECT source FROM bounce.messages'),
    ('read recipients', 'SELECT recipient FROM bounce.events'),
    ('store a message marked parsed',
     'INSERT INTO bounce.messages (raw, parse_state) VALUES (''x'', ''parsed'')'),
    ('change a stored message', 'UPDATE bounce.messages SET raw = ''''' ),
    ('delete messages', 'DELETE FROM bounce.messages'),
    ('change events', 'UPDATE bounce.events SET hard = false'),
    ('reparse', 'SELECT * FROM bounce.reparse()'),
    ('add a rule', 'INSERT INTO bounce.rules (pattern, reason) VALUES (''x'', ''blocked'')'),
    ('change a setting', 'SELECT bounce.set_setting(''rollup'', ''off'')'),
    ('take an address off the list', 'SELECT bounce.unsuppress(''frank@example.com'')'))
       AS s (what, stmt);
-- only the owner of the tables may hand out rights on them
SELECT bounce.grant_analyst('regress_bounce_sec_writer');
RESET ROLE;

-- stored, parsed and counted
SELECT m.id, m.source, m.parse_state, m.recipients,
       (SELECT count(*) FROM bounce.events AS e WHERE e.message_id = m.id) AS events
  FROM bounce.messages AS m
 WHERE m.source = 'writer'
 ORDER BY m.id;
SELECT count(*) AS differences
  FROM ((SELECT * FROM bounce.daily EXCEPT SELECT * FROM bounce.daily_fast)
        UNION ALL
        (SELECT * FROM bounce.daily_fast EXCEPT SELECT * FROM bounce.daily)) AS d;

--
-- The analyst: reads every view, changes nothing, and does not see the
-- messages themselves.
--
SET ROLE regress_bounce_sec_analyst;
SELECT domain, messages, events, hard, soft, top_reasons, sent
  FROM bounce.domain_summary ORDER BY domain;
SELECT address, rule, reason FROM bounce.suppression ORDER BY address;
SELECT bounce.is_suppressed('Frank@Example.com') AS frank_suppressed;
SELECT s.what, pg_temp.try(s.stmt) AS result
  FROM (VALUES
    ('daily', 'SELECT * FROM bounce.daily'),
    ('daily_fast', 'SELECT * FROM bounce.daily_fast'),
    ('reasons', 'SELECT * FROM bounce.reasons'),
    ('blocklists', 'SELECT * FROM bounce.blocklists'),
    ('remote_mtas', 'SELECT * FROM bounce.remote_mtas'),
    ('providers', 'SELECT * FROM bounce.providers'),
    ('reason_policy', 'SELECT * FROM bounce.reason_policy'),
    ('current_settings', 'SELECT * FROM bounce.current_settings'),
    ('attachments', 'SELECT * FROM bounce.attachments'),
    ('read the messages', 'SELECT raw FROM bounce.messages'),
    ('store a message', 'INSERT INTO bounce.messages (raw) VALUES (''x'')'),
    ('store an event',
     'INSERT INTO bounce.events (event_key) VALUES (bounce.event_key(''x'', ''y'', NULL))'),
    ('take an address off the list', 'SELECT bounce.unsuppress(''frank@example.com'')'),
    ('change a setting', 'SELECT bounce.set_setting(''soft_limit'', ''1'')'),
    ('rebuild the rollup', 'SELECT bounce.refresh_rollup()'))
       AS s (what, stmt);
RESET ROLE;

--
-- The analyst without addresses: the per-domain figures, not the list of
-- addresses.
--
SET ROLE regress_bounce_sec_noaddr;
SELECT domain, events, bounced, top_reasons FROM bounce.domain_summary ORDER BY domain;
SELECT provider, events FROM bounce.providers ORDER BY provider;
SELECT s.what, pg_temp.try(s.stmt) AS result
  FROM (VALUES
    ('daily', 'SELECT * FROM bounce.daily'),
    ('remote_mtas', 'SELECT * FROM bounce.remote_mtas'),
    ('suppression', 'SELECT * FROM bounce.suppression'),
    ('blocklists', 'SELECT * FROM bounce.blocklists'),
    ('recipients', 'SELECT recipient FROM bounce.events'),
    ('diagnostics', 'SELECT diagnostic FROM bounce.events'))
       AS s (what, stmt);
RESET ROLE;

--
-- Row-level security on bounce.events applies through the views: this
-- analyst may see the events of example.com only.
--
ALTER TABLE bounce.events ENABLE ROW LEVEL SECURITY;
CREATE POLICY regress_bounce_sec_one_domain ON bounce.events
    FOR SELECT TO regress_bounce_sec_analyst USING (domain = 'example.com');
SET ROLE regress_bounce_sec_analyst;
SELECT domain, messages, events, top_reasons, sent FROM bounce.domain_summary ORDER BY domain;
SELECT address, rule FROM bounce.suppression ORDER BY address;
SELECT domain, day, events FROM bounce.daily ORDER BY domain, day;
RESET ROLE;
-- the owner sees all of them
SELECT domain, events FROM bounce.domain_summary ORDER BY domain;

-- With row-level security on, the writer's events must pass policies
-- too: without them its message is stored, marked failed.  It needs an
-- INSERT policy, and a SELECT policy that lets it see the rows it stored
-- (the trigger counts them with RETURNING).  The SELECT policy shows it no
-- more than before: its column privileges let it read event_key only.
SET ROLE regress_bounce_sec_writer;
INSERT INTO bounce.messages (raw, received_at, source)
VALUES (pg_temp.dsn(10, 'gina@example.com', '5.1.1', '550 5.1.1 User unknown', 'mx.example.com'),
        '2024-05-03 09:00+00', 'writer, no policy');
RESET ROLE;
CREATE POLICY regress_bounce_sec_store ON bounce.events
    FOR INSERT TO regress_bounce_sec_writer WITH CHECK (true);
CREATE POLICY regress_bounce_sec_stored ON bounce.events
    FOR SELECT TO regress_bounce_sec_writer USING (true);
SET ROLE regress_bounce_sec_writer;
INSERT INTO bounce.messages (raw, received_at, source)
VALUES (pg_temp.dsn(11, 'hank@example.com', '5.1.1', '550 5.1.1 User unknown', 'mx.example.com'),
        '2024-05-03 10:00+00', 'writer, policy');
RESET ROLE;
SELECT m.source, m.parse_state, m.recipients, m.parse_error,
       (SELECT count(*) FROM bounce.events AS e WHERE e.message_id = m.id) AS events
  FROM bounce.messages AS m
 WHERE m.source LIKE 'writer, %'
 ORDER BY m.id;

--
-- Clean up
--
DROP POLICY regress_bounce_sec_one_domain ON bounce.events;
DROP POLICY regress_bounce_sec_store ON bounce.events;
DROP POLICY regress_bounce_sec_stored ON bounce.events;
ALTER TABLE bounce.events DISABLE ROW LEVEL SECURITY;
DROP OWNED BY regress_bounce_sec_writer, regress_bounce_sec_analyst, regress_bounce_sec_noaddr;
DROP ROLE regress_bounce_sec_writer;
DROP ROLE regress_bounce_sec_analyst;
DROP ROLE regress_bounce_sec_noaddr;
TRUNCATE bounce.messages, bounce.events, bounce.sends, bounce.rules,
    bounce.settings, bounce.suppression_overrides RESTART IDENTITY;
