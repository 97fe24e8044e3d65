--
-- privacy: pseudonymised addresses (a keyed hash, HMAC-SHA256), address
-- domains, redacted diagnostics, and the recipe of doc/privacy.md for a
-- view that shows analysts the events without the addresses.
--
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
\set VERBOSITY terse

-- HMAC-SHA256 against the test vectors of RFC 4231 (cases 1, 2 and 6: a
-- short key, a key shorter than the output, a key longer than a block).
SELECT encode(bounce.hmac_sha256('Hi There', decode(repeat('0b', 20), 'hex')), 'hex') AS case_1,
       encode(bounce.hmac_sha256('what do ya want for nothing?', 'Jefe'), 'hex') AS case_2;
SELECT encode(bounce.hmac_sha256('Test Using Larger Than Block-Size Key - Hash Key First',
                                 decode(repeat('aa', 131), 'hex')), 'hex') AS case_6;

-- Pseudonyms: the hash covers the whole address in lower case, so case
-- and angle brackets do not matter, while another domain, another local
-- part or another key gives another pseudonym.  The values were computed
-- independently with Python's hmac module.
SELECT v.address, v.key, bounce.pseudonymize(v.address, v.key) AS pseudonym
  FROM (VALUES (1, 'bob@example.net', 'k3y'),
               (2, 'Bob@Example.NET', 'k3y'),
               (3, ' <bob@example.net> ', 'k3y'),
               (4, 'bob@example.org', 'k3y'),
               (5, 'alice@example.net', 'k3y'),
               (6, 'bob@example.net', 'another key'),
               (7, 'bob', 'k3y'),
               (8, 'b\ob@example.net', 'k3y'),
               (9, 'bob@example.net', 'a\b'),
               (10, 'zoë@example.net', 'k3y'),
               (11, '', 'k3y'),
               (12, NULL, 'k3y'),
               (13, 'bob@example.net', NULL)) AS v (n, address, key)
 ORDER BY v.n;
SELECT bounce.pseudonymize('bob@example.net', '');

-- Domains.
SELECT v.address, bounce.address_domain(v.address) AS domain
  FROM (VALUES ('bob@Example.NET'), ('<bob@example.net>'), ('bob@example.net.'),
               ('"odd@local"@example.org'), ('bob'), ('bob@'), ('')) AS v (address);

-- Diagnostics with the local parts of addresses redacted.
SELECT bounce.redact_addresses(v.t) AS redacted
  FROM (VALUES ('550 5.1.1 <Bob.Smith+news@Example.net>: Recipient address rejected: User unknown'),
               ('mailbox of carol@example.org (and dave@example.org) is full.'),
               ('no address here')) AS v (t);

--
-- The recipe: analysts see events through a view that shows pseudonyms
-- and redacted diagnostics; the key lives in a table they cannot read.
--
CREATE ROLE regress_bounce_analyst NOLOGIN;
CREATE SCHEMA private;
CREATE TABLE private.pseudonym_key (key text NOT NULL);
INSERT INTO private.pseudonym_key VALUES ('k3y');
REVOKE ALL ON SCHEMA private FROM PUBLIC;
REVOKE ALL ON private.pseudonym_key FROM PUBLIC;

CREATE SCHEMA reports;
CREATE VIEW reports.bounce_events WITH (security_barrier) AS
SELECT e.id,
       e.received_at,
       e.day,
       bounce.pseudonymize(e.address, k.key) AS recipient,
       e.domain,
       e.action,
       e.status,
       e.reply_code,
       e.reason,
       e.hard,
       e.kind,
       bounce.redact_addresses(e.diagnostic) AS diagnostic,
       e.remote_mta,
       e.format,
       e.feedback_type
  FROM bounce.events AS e
 CROSS JOIN private.pseudonym_key AS k;
-- USAGE on the schema bounce lets the functions of the view find each
-- other when the analyst runs it; it gives no access to any table.
GRANT USAGE ON SCHEMA bounce, reports TO regress_bounce_analyst;
GRANT SELECT ON reports.bounce_events TO regress_bounce_analyst;

-- Some events, in a transaction rolled back at the end.
BEGIN;
WITH gone AS (DELETE FROM bounce.events RETURNING 1)
SELECT count(*) >= 0 AS emptied FROM gone;
INSERT INTO bounce.events (event_key, received_at, recipient, domain, action,
                           status, reply_code, reason, parsed_reason, hard,
                           diagnostic, remote_mta, format)
VALUES (bounce.event_key('<m1@mailer.example.com>', 'Bob@Example.net', '5.1.1'),
        '2025-03-01 10:00+00', 'Bob@Example.net', 'example.net', 'failed',
        '5.1.1', 550, 'userunknown', 'userunknown', true,
        '550 5.1.1 <Bob@Example.net>: Recipient address rejected: User unknown',
        'mx1.example.net', 'postfix'),
       (bounce.event_key('<m2@mailer.example.com>', 'bob@example.net', '4.2.2'),
        '2025-02-20 08:00+00', 'bob@example.net', 'example.net', 'delayed',
        '4.2.2', 452, 'mailboxfull', 'mailboxfull', false,
        '452 4.2.2 Mailbox full', 'mx1.example.net', 'postfix'),
       (bounce.event_key('<m3@mailer.example.com>', 'alice@example.net', '5.7.1'),
        '2025-03-02 11:00+00', 'alice@example.net', 'example.net', 'failed',
        '5.7.1', 554, 'blocked', 'blocked', false,
        '554 5.7.1 Client host [192.0.2.7] blocked using bl.example.org',
        'mx1.example.net', 'postfix');

SET ROLE regress_bounce_analyst;
SELECT recipient, domain, status, reason, hard, kind, diagnostic
  FROM reports.bounce_events
 ORDER BY received_at;
-- per pseudonymised address: counting and grouping still work
SELECT recipient, count(*) AS events, bool_or(hard) AS any_hard
  FROM reports.bounce_events
 GROUP BY recipient
 ORDER BY recipient;
-- the addresses and the key stay out of reach
SAVEPOINT denied;
SELECT count(*) FROM bounce.events;
ROLLBACK TO denied;
SELECT key FROM private.pseudonym_key;
ROLLBACK TO denied;
SELECT current_user;
RESET ROLE;
ROLLBACK;

REVOKE USAGE ON SCHEMA bounce FROM regress_bounce_analyst;
DROP VIEW reports.bounce_events;
DROP SCHEMA reports;
DROP TABLE private.pseudonym_key;
DROP SCHEMA private;
DROP ROLE regress_bounce_analyst;
