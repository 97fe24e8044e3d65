--
-- analytics_parallel: the per-domain summary reads the per-domain rollup
-- while it is current; read from the events (the setting rollup off), it
-- aggregates in parallel (partial aggregates in the workers, combined in
-- the leader).  All three give the same result.
--
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
TRUNCATE bounce.messages, bounce.events, bounce.sends RESTART IDENTITY;

-- 42000 events: event i goes to domain d(i % 7).example.net with reason
-- number (i / 7) % 6, on day (i / 42) % 30 of May 2020, and is the first
-- of its message for the domain unless (i / 42) % 4 = 0.  So each domain
-- has 1000 events of each reason, 750 of them first of their message.
INSERT INTO bounce.events
       (event_key, received_at, recipient, domain, action, status, reason,
        parsed_reason, hard, first_for_domain)
SELECT bounce.event_key('p' || i, d.addr, s.status),
       '2020-05-01'::timestamptz + (i / 42 % 30) * interval '1 day',
       d.addr, d.dom, s.action, s.status, s.reason, s.reason, s.hard,
       i / 42 % 4 <> 0
  FROM generate_series(0, 41999) AS i
 CROSS JOIN LATERAL (SELECT 'u' || i || '@d' || (i % 7) || '.example.net' AS addr,
                            'd' || (i % 7) || '.example.net' AS dom) AS d
 CROSS JOIN LATERAL (
       SELECT v.action, v.status::bounce.smtp_status AS status,
              v.reason::bounce.reason AS reason, v.hard
         FROM (VALUES (0, 'failed', '5.1.1', 'userunknown', true),
                      (1, 'failed', '5.2.2', 'mailboxfull', false),
                      (2, 'delayed', '4.4.7', 'expired', false),
                      (3, 'failed', '5.7.1', 'blocked', false),
                      (4, 'failed', '5.1.2', 'hostunknown', true),
                      (5, 'delivered', '2.0.0', 'delivered', false))
              AS v (k, action, status, reason, hard)
        WHERE v.k = i / 7 % 6) AS s;
SELECT sum(bounce.record_send('d' || n || '.example.net', 10000, '2020-05-01')) AS sent
  FROM generate_series(0, 6) AS n;
ANALYZE bounce.events;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;

-- The aggregation and parallel nodes of a plan, without the strategy
-- (hash or sort) that statistics decide.
CREATE FUNCTION pg_temp.aggregate_nodes(query text)
RETURNS SETOF text
LANGUAGE plpgsql
AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        IF line ~ '(Partial|Finalize)|Gather|Parallel' THEN
            RETURN NEXT regexp_replace(regexp_replace(regexp_replace(line,
                '^[ ->]*', ''), '(Hash|Group)Aggregate', 'Aggregate'),
                'Gather Merge', 'Gather');
        END IF;
    END LOOP;
END
$$;

-- The relations each branch of the plan scans, and whether it ran.
CREATE FUNCTION pg_temp.scans(query text)
RETURNS SETOF text
LANGUAGE plpgsql
AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || query LOOP
        IF line ~ 'Scan on (events|domain_rollup|domain_reason_counts)' THEN
            RETURN NEXT regexp_replace(regexp_replace(line,
                '^.*Scan on (\S+).*?(\(never executed\))?$', '\1 \2'),
                ' $', '');
        END IF;
    END LOOP;
END
$$;

-- from the rollup (kept by the INSERT above)
SELECT * FROM pg_temp.scans('SELECT * FROM bounce.domain_summary');
CREATE TEMP TABLE from_rollup AS SELECT * FROM bounce.domain_summary;

-- from the events, through bounce.domain_reason_counts(), whose query
-- aggregates in parallel
SELECT bounce.set_setting('rollup', 'off');
SELECT * FROM pg_temp.scans('SELECT * FROM bounce.domain_summary');
CREATE TEMP TABLE counts_query AS
SELECT substring(p.prosrc FROM 'RETURN QUERY(.*);') AS q
  FROM pg_proc AS p
 WHERE p.oid = 'bounce.domain_reason_counts()'::regprocedure;
SELECT * FROM pg_temp.aggregate_nodes((SELECT q FROM counts_query));

CREATE TEMP TABLE with_workers AS SELECT * FROM bounce.domain_summary;
SET max_parallel_workers_per_gather = 0;
SELECT * FROM pg_temp.aggregate_nodes((SELECT q FROM counts_query));
CREATE TEMP TABLE without_workers AS SELECT * FROM bounce.domain_summary;

SELECT count(*) AS domains,
       (SELECT count(*) FROM (TABLE with_workers EXCEPT TABLE without_workers) AS a)
     + (SELECT count(*) FROM (TABLE without_workers EXCEPT TABLE with_workers) AS b)
       AS differences,
       (SELECT count(*) FROM (TABLE with_workers EXCEPT TABLE from_rollup) AS a)
     + (SELECT count(*) FROM (TABLE from_rollup EXCEPT TABLE with_workers) AS b)
       AS differences_from_rollup
  FROM with_workers;
SELECT domain, messages, events, bounced, hard, soft, delayed, delivered,
       top_reasons, first_seen, last_seen, sent, delivery_rate
  FROM with_workers ORDER BY domain;

SELECT bounce.set_setting('rollup', NULL);
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
TRUNCATE bounce.events, bounce.sends;
