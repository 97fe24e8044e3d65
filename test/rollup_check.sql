-- test/rollup_check.sql: checks that the roll-ups say what the events say,
-- for the regression tests (sql/analytics.sql, sql/analytics_ingest.sql)
-- and the load and crash tests.
--
-- Included with \i in a database with the bounce extension; the functions
-- go in pg_temp, so they last as long as the session that included them
-- and are called schema-qualified.

-- rollup_differences(): rows in which bounce.domain_rollup and the counts
-- of bounce.events per domain and reason disagree, either way.
CREATE FUNCTION pg_temp.rollup_differences()
RETURNS bigint
LANGUAGE sql
AS $$
    WITH r AS (
        SELECT r.domain, r.reason, r.messages, r.events, r.hard, r.soft,
               r.delayed, r.feedback, r.autoreplies, r.delivered,
               r.first_seen, r.last_seen
          FROM bounce.domain_rollup AS r WHERE r.events > 0
    ), e AS (
        SELECT e.domain, e.reason, count(*) FILTER (WHERE e.first_for_domain),
               count(*), count(*) FILTER (WHERE e.kind = 'hard'),
               count(*) FILTER (WHERE e.kind = 'soft'),
               count(*) FILTER (WHERE e.kind = 'delayed'),
               count(*) FILTER (WHERE e.kind = 'feedback'),
               count(*) FILTER (WHERE e.kind = 'autoreply'),
               count(*) FILTER (WHERE e.kind = 'delivered'),
               min(e.received_at), max(e.received_at)
          FROM bounce.events AS e GROUP BY e.domain, e.reason
    )
    SELECT count(*)
      FROM ((TABLE r EXCEPT ALL TABLE e) UNION ALL
            (TABLE e EXCEPT ALL TABLE r)) AS d
$$;

-- daily_differences(): rows in which bounce.daily (read from the events)
-- and bounce.daily_fast (read from the daily roll-up) disagree, either way.
CREATE FUNCTION pg_temp.daily_differences()
RETURNS bigint
LANGUAGE sql
AS $$
    SELECT count(*)
      FROM ((SELECT * FROM bounce.daily EXCEPT SELECT * FROM bounce.daily_fast)
            UNION ALL
            (SELECT * FROM bounce.daily_fast EXCEPT SELECT * FROM bounce.daily)) AS d
$$;

-- summary_differences(): rollup_differences(), plus 1 if
-- bounce.domain_summary read from the roll-up differs from
-- bounce.domain_summary read from the events (the setting rollup turned
-- off in a subtransaction that is then rolled back).  Fails when the
-- roll-up is not in use.
CREATE FUNCTION pg_temp.summary_differences()
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    n bigint := pg_temp.rollup_differences();
    fast text;
    slow text;
BEGIN
    IF NOT bounce.rollup_is_current() THEN
        RAISE EXCEPTION 'the rollup is not in use';
    END IF;
    SELECT string_agg(s::text, E'\n' ORDER BY s.domain) INTO fast
      FROM bounce.domain_summary AS s;
    BEGIN
        PERFORM bounce.set_setting('rollup', 'off');
        SELECT string_agg(s::text, E'\n' ORDER BY s.domain) INTO slow
          FROM bounce.domain_summary AS s;
        RAISE EXCEPTION 'undo';
    EXCEPTION WHEN raise_exception THEN
        NULL;
    END;
    RETURN n + CASE WHEN fast IS NOT DISTINCT FROM slow THEN 0 ELSE 1 END;
END
$$;
