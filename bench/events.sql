-- bench/events.sql: fill bounce.events with :n generated events for the
-- summary benchmarks, directly by SQL instead of parsing as many messages.
--
-- Run by bench/run.sh as psql -v n=COUNT -f bench/events.sql.  Recipient
-- domains follow a Zipf-like distribution over about 3,000 domains (rank r
-- drawn with probability close to 1/r, the first ten being large
-- providers), reasons follow the weights below, and the events are spread
-- over 90 days.  To load faster, the INSERT runs with triggers off
-- (session_replication_role = replica), so the roll-up is left empty for
-- bench/run.sh to rebuild with bounce.refresh_rollup(), and the secondary
-- indexes of bounce.events are dropped before it and built again, from the
-- same definitions, after it.  Prints the seconds the whole load took.

\set ON_ERROR_STOP 1

TRUNCATE bounce.messages, bounce.events CASCADE;

CREATE TEMP TABLE bench_reasons AS
SELECT (row_number() OVER () - 1)::int AS i, v.reason::bounce.reason AS reason,
       v.status::bounce.smtp_status AS status, v.reply, v.action, v.hard
  FROM (VALUES
        ('userunknown', '5.1.1', 550, 'failed', true, 40),
        ('mailboxfull', '5.2.2', 552, 'failed', false, 10),
        ('hostunknown', '5.4.4', NULL, 'failed', true, 8),
        ('blocked', '5.7.1', 554, 'failed', false, 8),
        ('spamdetected', '5.7.1', 550, 'failed', false, 5),
        ('authfailure', '5.7.26', 550, 'failed', false, 5),
        ('speeding', '4.7.1', 450, 'delayed', false, 5),
        ('suspend', '5.2.1', 550, 'failed', false, 4),
        ('expired', '4.4.7', NULL, 'failed', false, 3),
        ('policyviolation', '5.7.0', 550, 'failed', false, 3),
        ('toomanyconn', '4.7.0', 421, 'delayed', false, 3),
        ('networkerror', '4.4.1', NULL, 'delayed', false, 3),
        ('mesgtoobig', '5.3.4', 552, 'failed', false, 2),
        ('rejected', '5.1.8', 553, 'failed', false, 2),
        ('vacation', NULL, NULL, NULL, false, 1),
        ('delivered', '2.0.0', 250, 'delivered', false, 1))
       AS v (reason, status, reply, action, hard, weight),
       generate_series(1, v.weight);

CREATE TEMP TABLE bench_domains AS
SELECT d AS rank,
       CASE WHEN d <= 10 THEN
           (ARRAY['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com',
                  'aol.com', 'icloud.com', 'gmx.de', 'web.de',
                  'yandex.ru', 'orange.fr'])[d]
       ELSE 'example-' || d || '.com' END AS domain
  FROM generate_series(1, 3000) AS d;

ANALYZE bench_reasons, bench_domains;

SELECT count(*) AS nreasons FROM bench_reasons \gset

SELECT clock_timestamp() AS t0 \gset

CREATE TEMP TABLE bench_indexes AS
SELECT c.relname, pg_get_indexdef(i.indexrelid) AS def
  FROM pg_index AS i
  JOIN pg_class AS c ON c.oid = i.indexrelid
 WHERE i.indrelid = 'bounce.events'::regclass
   AND NOT EXISTS (SELECT FROM pg_constraint AS k WHERE k.conindid = i.indexrelid);

SELECT format('DROP INDEX bounce.%I', relname) FROM bench_indexes \gexec

SET session_replication_role = replica;

INSERT INTO bounce.events
       (event_key, received_at, recipient, domain, action, status,
        reply_code, reason, parsed_reason, hard, first_for_domain, format)
SELECT gen_random_uuid(),
       timestamptz '2025-01-01 00:00:00+00' + s.g % 90 * interval '1 day'
           + s.g % 86400 * interval '1 second',
       'user' || s.g % 100000 || '@' || d.domain,
       d.domain, r.action, r.status, r.reply, r.reason, r.reason, r.hard,
       s.g % 5 <> 0,
       'postfix'
  FROM (SELECT g, floor(exp(random() * ln(3000)))::int AS d,
               (random() * :nreasons)::int % :nreasons AS ri
          FROM generate_series(1, :n) AS g) AS s
  JOIN bench_domains AS d ON d.rank = s.d
  JOIN bench_reasons AS r ON r.i = s.ri;

RESET session_replication_role;

SELECT def FROM bench_indexes \gexec

ANALYZE bounce.events;

SELECT extract(epoch FROM clock_timestamp() - :'t0') AS load_seconds;
