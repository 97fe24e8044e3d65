/* bounce--1.0--1.1.sql: update from 1.0 to 1.1 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION bounce UPDATE TO '1.1'" to load this file. \quit

--
-- Analytics: a per-domain rollup that bounce.domain_summary reads instead
-- of every event (see bounce--1.1.sql and doc/analytics.md).
--
ALTER TABLE @extschema@.daily_rollup_pending
    ADD COLUMN first_added timestamptz,
    ADD COLUMN last_added timestamptz,
    ADD COLUMN first_removed timestamptz,
    ADD COLUMN last_removed timestamptz;

COMMENT ON TABLE @extschema@.daily_rollup_pending IS
'changes to bounce.daily_rollup and bounce.domain_rollup not applied yet: empty outside open transactions';

--
-- domain_rollup: the counts of bounce.domain_summary per domain and
-- reason, with the first and last time an event was received, kept by the
-- same pending changes and the same apply at commit as daily_rollup, so
-- that bounce.domain_summary reads a few rows per domain instead of every
-- event.
--
-- The counts are sums, so adding and taking away is exact.  first_seen and
-- last_seen are a minimum and a maximum: adding rows only moves them
-- outwards (least, greatest), but taking away the row that held the
-- minimum leaves a minimum that only the events know.  So each pending
-- change also notes the earliest and latest received_at it added and
-- removed, and the apply compares: where a removed time is at the new
-- minimum (or maximum), that group's minimum (or maximum) is looked up
-- again in the events of its first (or last) day, which daily_rollup
-- names; one scan of that day's events (through the BRIN index on day)
-- serves every group that needs it.  Removing events that are not the
-- first or last of their domain and reason, or whole days, costs no scan.
--
CREATE TABLE @extschema@.domain_rollup (
    domain text,
    reason @extschema@.reason,
    messages bigint NOT NULL DEFAULT 0,
    events bigint NOT NULL DEFAULT 0,
    hard bigint NOT NULL DEFAULT 0,
    soft bigint NOT NULL DEFAULT 0,
    delayed bigint NOT NULL DEFAULT 0,
    feedback bigint NOT NULL DEFAULT 0,
    autoreplies bigint NOT NULL DEFAULT 0,
    delivered bigint NOT NULL DEFAULT 0,
    first_seen timestamptz,
    last_seen timestamptz,
    CONSTRAINT domain_rollup_key UNIQUE NULLS NOT DISTINCT (domain, reason)
);

COMMENT ON TABLE @extschema@.domain_rollup IS
'event counts per domain and reason, with first and last received_at, maintained incrementally (read by bounce.domain_summary)';


-- Roles that keep or read daily_rollup (given by grant_writer or
-- grant_analyst, or by hand) get the same rights on domain_rollup, and
-- roles that may read bounce.domain_summary get SELECT on it, so that they
-- go on storing events and reading bounce.domain_summary.
DO $$
DECLARE
    g record;
BEGIN
    FOR g IN SELECT a.grantee::regrole AS grantee,
                    string_agg(DISTINCT a.privilege_type, ', ') AS privileges
               FROM pg_catalog.pg_class AS c,
                    pg_catalog.aclexplode(c.relacl) AS a
              WHERE ((c.oid = '@extschema@.daily_rollup'::regclass
                      AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE'))
                     OR (c.oid = '@extschema@.domain_summary'::regclass
                         AND a.privilege_type = 'SELECT'))
                AND a.grantee <> c.relowner AND a.grantee <> 0
              GROUP BY a.grantee LOOP
        EXECUTE format('GRANT %s ON @extschema@.domain_rollup TO %s',
                       g.privileges, g.grantee);
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.daily_rollup_apply()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    stale_domains text[];
    stale_reasons @extschema@.reason[];
    stale_first boolean[];
    stale_last boolean[];
    first_days date[];
    last_days date[];
    d date;
BEGIN
    WITH taken AS (
        DELETE FROM @extschema@.daily_rollup_pending AS p
         WHERE p.xid = pg_current_xact_id()
        RETURNING p.domain, p.day, p.reason, p.messages, p.events, p.hard,
                  p.soft, p.delayed, p.feedback, p.autoreplies, p.delivered,
                  p.first_added, p.last_added, p.first_removed, p.last_removed
    ),
    daily AS (
        INSERT INTO @extschema@.daily_rollup AS d
               (domain, day, reason, messages, events, hard, soft, delayed,
                feedback, autoreplies, delivered)
        SELECT t.domain, t.day, t.reason, sum(t.messages), sum(t.events),
               sum(t.hard), sum(t.soft), sum(t.delayed), sum(t.feedback),
               sum(t.autoreplies), sum(t.delivered)
          FROM taken AS t
         GROUP BY t.domain, t.day, t.reason
         ORDER BY t.domain, t.day, t.reason
        ON CONFLICT (domain, day, reason) DO UPDATE
           SET messages = d.messages + excluded.messages,
               events = d.events + excluded.events,
               hard = d.hard + excluded.hard,
               soft = d.soft + excluded.soft,
               delayed = d.delayed + excluded.delayed,
               feedback = d.feedback + excluded.feedback,
               autoreplies = d.autoreplies + excluded.autoreplies,
               delivered = d.delivered + excluded.delivered
    ),
    per_domain AS (
        SELECT t.domain, t.reason, sum(t.messages) AS messages,
               sum(t.events) AS events, sum(t.hard) AS hard,
               sum(t.soft) AS soft, sum(t.delayed) AS delayed,
               sum(t.feedback) AS feedback, sum(t.autoreplies) AS autoreplies,
               sum(t.delivered) AS delivered,
               min(t.first_added) AS first_added,
               max(t.last_added) AS last_added,
               min(t.first_removed) AS first_removed,
               max(t.last_removed) AS last_removed
          FROM taken AS t
         GROUP BY t.domain, t.reason
    ),
    applied AS (
        INSERT INTO @extschema@.domain_rollup AS d
               (domain, reason, messages, events, hard, soft, delayed,
                feedback, autoreplies, delivered, first_seen, last_seen)
        SELECT g.domain, g.reason, g.messages, g.events, g.hard, g.soft,
               g.delayed, g.feedback, g.autoreplies, g.delivered,
               CASE WHEN g.events > 0 THEN g.first_added END,
               CASE WHEN g.events > 0 THEN g.last_added END
          FROM per_domain AS g
         ORDER BY g.domain, g.reason
        ON CONFLICT (domain, reason) DO UPDATE
           SET messages = d.messages + excluded.messages,
               events = d.events + excluded.events,
               hard = d.hard + excluded.hard,
               soft = d.soft + excluded.soft,
               delayed = d.delayed + excluded.delayed,
               feedback = d.feedback + excluded.feedback,
               autoreplies = d.autoreplies + excluded.autoreplies,
               delivered = d.delivered + excluded.delivered,
               first_seen = CASE WHEN d.events + excluded.events > 0 THEN
                                least(d.first_seen, excluded.first_seen) END,
               last_seen = CASE WHEN d.events + excluded.events > 0 THEN
                               greatest(d.last_seen, excluded.last_seen) END
        RETURNING d.domain, d.reason, d.events, d.first_seen, d.last_seen
    )
    -- A removed time at the new minimum (maximum) may have been the only
    -- event at that time: the minimum (maximum) is then unknown.
    SELECT array_agg(a.domain ORDER BY a.domain, a.reason),
           array_agg(a.reason ORDER BY a.domain, a.reason),
           array_agg(a.first_seen IS NULL OR g.first_removed <= a.first_seen
                     ORDER BY a.domain, a.reason),
           array_agg(a.last_seen IS NULL OR g.last_removed >= a.last_seen
                     ORDER BY a.domain, a.reason)
      INTO stale_domains, stale_reasons, stale_first, stale_last
      FROM applied AS a
      JOIN per_domain AS g
        ON (g.domain IS NULL, coalesce(g.domain, ''), g.reason IS NULL,
            coalesce(g.reason, 'undefined'))
         = (a.domain IS NULL, coalesce(a.domain, ''), a.reason IS NULL,
            coalesce(a.reason, 'undefined'))
     WHERE a.events > 0
       AND (a.first_seen IS NULL OR a.last_seen IS NULL
            OR g.first_removed <= a.first_seen
            OR g.last_removed >= a.last_seen);

    IF stale_domains IS NULL THEN
        RETURN NULL;
    END IF;

    -- The first and last day of each such group, from daily_rollup (which
    -- this transaction has just brought up to date).
    SELECT array_agg(CASE WHEN k.fix_first THEN r.first_day END ORDER BY k.o),
           array_agg(CASE WHEN k.fix_last THEN r.last_day END ORDER BY k.o)
      INTO first_days, last_days
      FROM unnest(stale_domains, stale_reasons, stale_first, stale_last)
           WITH ORDINALITY AS k (domain, reason, fix_first, fix_last, o)
     CROSS JOIN LATERAL (
           SELECT min(x.day) AS first_day, max(x.day) AS last_day
             FROM @extschema@.daily_rollup AS x
            WHERE (x.domain = k.domain OR (x.domain IS NULL AND k.domain IS NULL))
              AND x.reason IS NOT DISTINCT FROM k.reason
              AND x.events > 0) AS r;

    -- One pass over the events of each of those days.
    FOR d IN SELECT DISTINCT u.day
               FROM unnest(first_days || last_days) AS u (day)
              WHERE u.day IS NOT NULL
              ORDER BY u.day LOOP
        INSERT INTO @extschema@.domain_rollup AS r (domain, reason, first_seen, last_seen)
        SELECT k.domain, k.reason,
               CASE WHEN k.first_day = d THEN m.first_seen END,
               CASE WHEN k.last_day = d THEN m.last_seen END
          FROM unnest(stale_domains, stale_reasons, first_days, last_days)
               AS k (domain, reason, first_day, last_day)
          JOIN (SELECT e.domain, e.reason,
                       min(e.received_at) AS first_seen,
                       max(e.received_at) AS last_seen
                  FROM @extschema@.events AS e
                 WHERE e.day = d
                 GROUP BY e.domain, e.reason) AS m
            ON (m.domain IS NULL, coalesce(m.domain, ''), m.reason IS NULL,
                coalesce(m.reason, 'undefined'))
             = (k.domain IS NULL, coalesce(k.domain, ''), k.reason IS NULL,
                coalesce(k.reason, 'undefined'))
         WHERE d IN (k.first_day, k.last_day)
         ORDER BY k.domain, k.reason
        ON CONFLICT (domain, reason) DO UPDATE
           SET first_seen = coalesce(excluded.first_seen, r.first_seen),
               last_seen = coalesce(excluded.last_seen, r.last_seen);
    END LOOP;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.events_rollup()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    delta text;
    queued boolean;
BEGIN
    IF NOT @extschema@.setting('rollup')::boolean THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM @extschema@.daily_rollup;
        DELETE FROM @extschema@.domain_rollup;
        DELETE FROM @extschema@.daily_rollup_pending AS p
         WHERE p.xid = pg_current_xact_id();
        RETURN NULL;
    END IF;

    -- An error in the apply at commit would undo the whole transaction; a
    -- role that could not apply its changes fails here instead, where the
    -- insert trigger still keeps the messages (marked failed).
    IF NOT (has_table_privilege('@extschema@.daily_rollup', 'SELECT')
            AND has_table_privilege('@extschema@.daily_rollup', 'INSERT')
            AND has_table_privilege('@extschema@.daily_rollup', 'UPDATE')
            AND has_table_privilege('@extschema@.domain_rollup', 'SELECT')
            AND has_table_privilege('@extschema@.domain_rollup', 'INSERT')
            AND has_table_privilege('@extschema@.domain_rollup', 'UPDATE')
            AND has_table_privilege('@extschema@.daily_rollup_pending', 'SELECT')
            AND has_table_privilege('@extschema@.daily_rollup_pending', 'INSERT')
            AND has_table_privilege('@extschema@.daily_rollup_pending', 'DELETE')) THEN
        RAISE EXCEPTION 'permission denied for table daily_rollup'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Storing events needs SELECT, INSERT and UPDATE on bounce.daily_rollup and bounce.domain_rollup and SELECT, INSERT and DELETE on bounce.daily_rollup_pending (see bounce.grant_writer).';
    END IF;

    queued := EXISTS (SELECT FROM @extschema@.daily_rollup_pending AS p
                       WHERE p.xid = pg_current_xact_id());

    delta := CASE TG_OP
        WHEN 'INSERT' THEN
            'SELECT n.domain, n.day, n.reason, n.kind, n.first_for_domain,'
            ' n.received_at, 1 AS sign FROM new_rows AS n'
        WHEN 'DELETE' THEN
            'SELECT o.domain, o.day, o.reason, o.kind, o.first_for_domain,'
            ' o.received_at, -1 AS sign FROM old_rows AS o'
        ELSE
            'SELECT n.domain, n.day, n.reason, n.kind, n.first_for_domain,'
            ' n.received_at, 1 AS sign FROM new_rows AS n'
            ' UNION ALL SELECT o.domain, o.day, o.reason, o.kind,'
            ' o.first_for_domain, o.received_at, -1 FROM old_rows AS o'
        END;
    EXECUTE format($q$
        INSERT INTO @extschema@.daily_rollup_pending
               (first, domain, day, reason, messages, events, hard, soft,
                delayed, feedback, autoreplies, delivered, first_added,
                last_added, first_removed, last_removed)
        SELECT NOT $1 AND row_number() OVER () = 1,
               c.domain, c.day, c.reason,
               coalesce(sum(c.sign) FILTER (WHERE c.first_for_domain), 0),
               sum(c.sign),
               coalesce(sum(c.sign) FILTER (WHERE c.kind = 'hard'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.kind = 'soft'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.kind = 'delayed'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.kind = 'feedback'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.kind = 'autoreply'), 0),
               coalesce(sum(c.sign) FILTER (WHERE c.kind = 'delivered'), 0),
               min(c.received_at) FILTER (WHERE c.sign > 0),
               max(c.received_at) FILTER (WHERE c.sign > 0),
               min(c.received_at) FILTER (WHERE c.sign < 0),
               max(c.received_at) FILTER (WHERE c.sign < 0)
          FROM (%s) AS c
         GROUP BY c.domain, c.day, c.reason
        $q$, delta) USING queued;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.refresh_rollup()
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    LOCK TABLE @extschema@.events IN SHARE MODE;
    DELETE FROM @extschema@.daily_rollup;
    DELETE FROM @extschema@.domain_rollup;
    DELETE FROM @extschema@.daily_rollup_pending AS p
     WHERE p.xid = pg_current_xact_id();
    WITH g AS MATERIALIZED (
        SELECT e.domain, e.day, e.reason,
               count(*) FILTER (WHERE e.first_for_domain) AS messages,
               count(*) AS events,
               count(*) FILTER (WHERE e.kind = 'hard') AS hard,
               count(*) FILTER (WHERE e.kind = 'soft') AS soft,
               count(*) FILTER (WHERE e.kind = 'delayed') AS delayed,
               count(*) FILTER (WHERE e.kind = 'feedback') AS feedback,
               count(*) FILTER (WHERE e.kind = 'autoreply') AS autoreplies,
               count(*) FILTER (WHERE e.kind = 'delivered') AS delivered,
               min(e.received_at) AS first_seen,
               max(e.received_at) AS last_seen
          FROM @extschema@.events AS e
         GROUP BY e.domain, e.day, e.reason
    ),
    per_domain AS (
        INSERT INTO @extschema@.domain_rollup
               (domain, reason, messages, events, hard, soft, delayed,
                feedback, autoreplies, delivered, first_seen, last_seen)
        SELECT g.domain, g.reason, sum(g.messages), sum(g.events),
               sum(g.hard), sum(g.soft), sum(g.delayed), sum(g.feedback),
               sum(g.autoreplies), sum(g.delivered), min(g.first_seen),
               max(g.last_seen)
          FROM g
         GROUP BY g.domain, g.reason
    )
    INSERT INTO @extschema@.daily_rollup
           (domain, day, reason, messages, events, hard, soft, delayed,
            feedback, autoreplies, delivered)
    SELECT g.domain, g.day, g.reason, g.messages, g.events, g.hard, g.soft,
           g.delayed, g.feedback, g.autoreplies, g.delivered
      FROM g;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION @extschema@.refresh_rollup() IS
'rebuild bounce.daily_rollup and bounce.domain_rollup from bounce.events';

CREATE OR REPLACE FUNCTION @extschema@.rollup_is_current()
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me xid8 := pg_current_xact_id_if_assigned();
BEGIN
    IF NOT @extschema@.setting('rollup')::boolean THEN
        RETURN false;
    END IF;
    IF (SELECT c.relrowsecurity FROM pg_class AS c
         WHERE c.oid = '@extschema@.events'::regclass) THEN
        RETURN false;
    END IF;
    IF me IS NOT NULL
       AND has_table_privilege('@extschema@.daily_rollup_pending', 'SELECT') THEN
        RETURN NOT EXISTS (SELECT FROM @extschema@.daily_rollup_pending AS p
                            WHERE p.xid = me);
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION @extschema@.rollup_is_current() IS
'true when bounce.domain_summary can read bounce.domain_rollup instead of the events';

CREATE OR REPLACE FUNCTION @extschema@.domain_reason_counts(
    OUT domain text,
    OUT reason @extschema@.reason,
    OUT messages bigint,
    OUT events bigint,
    OUT hard bigint,
    OUT soft bigint,
    OUT delayed bigint,
    OUT feedback bigint,
    OUT autoreplies bigint,
    OUT delivered bigint,
    OUT failures bigint,
    OUT first_seen timestamptz,
    OUT last_seen timestamptz)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 1000
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT e.domain,
           e.reason,
           pg_catalog.count(*) FILTER (WHERE e.first_for_domain) AS messages,
           pg_catalog.count(*) AS events,
           pg_catalog.count(*) FILTER (WHERE e.kind = 'hard') AS hard,
           pg_catalog.count(*) FILTER (WHERE e.kind = 'soft') AS soft,
           pg_catalog.count(*) FILTER (WHERE e.kind = 'delayed') AS delayed,
           pg_catalog.count(*) FILTER (WHERE e.kind = 'feedback') AS feedback,
           pg_catalog.count(*) FILTER (WHERE e.kind = 'autoreply') AS autoreplies,
           pg_catalog.count(*) FILTER (WHERE e.kind = 'delivered') AS delivered,
           pg_catalog.count(*)
               FILTER (WHERE e.kind IN ('hard', 'soft', 'delayed')) AS failures,
           pg_catalog.min(e.received_at) AS first_seen,
           pg_catalog.max(e.received_at) AS last_seen
      FROM @extschema@.events AS e
     GROUP BY e.domain, e.reason;
END
$$;
COMMENT ON FUNCTION @extschema@.domain_reason_counts() IS
'event counts per recipient domain and reason, read from bounce.events (bounce.domain_summary reads bounce.domain_rollup instead when it can)';

CREATE OR REPLACE VIEW @extschema@.domain_summary
WITH (security_invoker = true) AS
SELECT r.domain,
       pg_catalog.sum(r.messages)::bigint AS messages,
       pg_catalog.sum(r.events)::bigint AS events,
       pg_catalog.sum(r.hard + r.soft)::bigint AS bounced,
       pg_catalog.sum(r.hard)::bigint AS hard,
       pg_catalog.sum(r.soft)::bigint AS soft,
       pg_catalog.sum(r.delayed)::bigint AS delayed,
       pg_catalog.sum(r.feedback)::bigint AS feedback,
       pg_catalog.sum(r.autoreplies)::bigint AS autoreplies,
       pg_catalog.sum(r.delivered)::bigint AS delivered,
       @extschema@.format_reasons(
           pg_catalog.array_agg(r.reason ORDER BY r.failures DESC, r.reason)
               FILTER (WHERE r.failures > 0),
           pg_catalog.array_agg(r.failures ORDER BY r.failures DESC, r.reason)
               FILTER (WHERE r.failures > 0)) AS top_reasons,
       pg_catalog.jsonb_object_agg(r.reason, r.failures)
           FILTER (WHERE r.failures > 0 AND r.reason IS NOT NULL) AS reason_counts,
       pg_catalog.min(r.first_seen) AS first_seen,
       pg_catalog.max(r.last_seen) AS last_seen,
       pg_catalog.sum(r.sent)::bigint AS sent,
       CASE WHEN pg_catalog.sum(r.sent) > 0 THEN
           pg_catalog.round(greatest(pg_catalog.sum(r.sent)
                                     - pg_catalog.sum(r.hard + r.soft), 0)
                            / pg_catalog.sum(r.sent), 4)
       END AS delivery_rate
  FROM (SELECT x.domain, x.reason, x.messages, x.events, x.hard, x.soft,
               x.delayed, x.feedback, x.autoreplies, x.delivered,
               x.hard + x.soft + x.delayed AS failures,
               x.first_seen, x.last_seen, NULL::bigint AS sent
          FROM @extschema@.domain_rollup AS x
         WHERE x.events > 0
           AND (SELECT @extschema@.rollup_is_current())
        UNION ALL
        SELECT c.domain, c.reason, c.messages, c.events, c.hard, c.soft,
               c.delayed, c.feedback, c.autoreplies, c.delivered, c.failures,
               c.first_seen, c.last_seen, NULL::bigint
          FROM @extschema@.domain_reason_counts() AS c
         WHERE NOT (SELECT @extschema@.rollup_is_current())
        UNION ALL
        SELECT c.domain, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, c.sent
          FROM @extschema@.sends_all AS c) AS r
 GROUP BY r.domain;

CREATE OR REPLACE FUNCTION @extschema@.grant_writer(role regrole)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF role IS NULL THEN
        RAISE EXCEPTION 'role must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.check_grantor();
    EXECUTE format('GRANT USAGE ON SCHEMA @extschema@ TO %s', role);
    EXECUTE format('GRANT INSERT (raw, received_at, source),'
                   ' SELECT (id, raw, received_at),'
                   ' UPDATE (recipients, parse_state, parsed_at, parse_error)'
                   ' ON @extschema@.messages TO %s', role);
    EXECUTE format('GRANT INSERT, SELECT (event_key) ON @extschema@.events TO %s',
                   role);
    EXECUTE format('GRANT USAGE ON SEQUENCE @extschema@.events_id_seq TO %s', role);
    EXECUTE format('GRANT SELECT ON @extschema@.settings,'
                   ' @extschema@.setting_defaults, @extschema@.rules TO %s', role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON @extschema@.daily_rollup,'
                   ' @extschema@.domain_rollup TO %s', role);
    EXECUTE format('GRANT SELECT, INSERT, DELETE'
                   ' ON @extschema@.daily_rollup_pending TO %s', role);
    EXECUTE format('GRANT INSERT ON @extschema@.parse_failures TO %s', role);
END
$$;

CREATE OR REPLACE FUNCTION @extschema@.grant_analyst(role regrole, addresses boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF role IS NULL THEN
        RAISE EXCEPTION 'role must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.check_grantor();
    EXECUTE format('GRANT USAGE ON SCHEMA @extschema@ TO %s', role);
    EXECUTE format('GRANT SELECT ON @extschema@.domain_summary, @extschema@.daily,'
                   ' @extschema@.daily_reasons, @extschema@.daily_fast,'
                   ' @extschema@.reasons, @extschema@.remote_mtas,'
                   ' @extschema@.providers, @extschema@.sends_all,'
                   ' @extschema@.reason_policy, @extschema@.current_settings,'
                   ' @extschema@.attachments TO %s', role);
    EXECUTE format('GRANT SELECT ON @extschema@.daily_rollup,'
                   ' @extschema@.domain_rollup, @extschema@.sends,'
                   ' @extschema@.settings, @extschema@.setting_defaults,'
                   ' @extschema@.reason_scopes, @extschema@.blocklist_patterns,'
                   ' @extschema@.provider_patterns TO %s', role);
    IF addresses THEN
        EXECUTE format('GRANT SELECT ON @extschema@.suppression,'
                       ' @extschema@.blocklists, @extschema@.events,'
                       ' @extschema@.suppression_overrides TO %s', role);
    ELSE
        EXECUTE format('GRANT SELECT (id, message_id, source, ordinal, received_at,'
                       ' day, domain, action, status, reply_code, reason,'
                       ' parsed_reason, rule_id, hard, kind, first_for_domain,'
                       ' remote_mta, reporting_mta, smtp_command, arrived_at,'
                       ' format, feedback_type) ON @extschema@.events TO %s', role);
    END IF;
END
$$;

--
-- Ingestion: raw text in lz4, the insert trigger parses from its
-- transition table.
--
-- The raw text is compressed with lz4 where the server was built with it:
-- lz4 compresses bounces several times faster than the default pglz, and
-- compressing the raw text was the largest single cost of a COPY into
-- bounce.messages.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_settings AS s
                WHERE s.name = 'default_toast_compression'
                  AND 'lz4' = ANY (s.enumvals)) THEN
        ALTER TABLE @extschema@.messages ALTER COLUMN raw SET COMPRESSION lz4;
    END IF;
END
$$;


CREATE OR REPLACE FUNCTION @extschema@.messages_inserted()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    BEGIN
        EXECUTE @extschema@.ingest_statement(
            'SELECT n.id, NULL::text, n.raw, n.received_at'
            ' FROM new_rows AS n WHERE n.parse_state IS NULL',
            EXISTS (SELECT FROM @extschema@.rules), 'NULL', true);
        RETURN NULL;
    EXCEPTION
        WHEN query_canceled OR serialization_failure OR deadlock_detected
             OR lock_not_available THEN
            RAISE;
        WHEN OTHERS THEN
            NULL;               -- retried below
    END;
    PERFORM @extschema@.ingest_messages(
        ARRAY(SELECT n.id FROM new_rows AS n
               WHERE n.parse_state IS NULL ORDER BY n.id));
    RETURN NULL;
EXCEPTION
    WHEN query_canceled OR serialization_failure OR deadlock_detected
         OR lock_not_available THEN
        RAISE;
    WHEN OTHERS THEN
        -- last resort: keep the messages, unparsed
        RAISE WARNING 'bounce messages stored without parsing: %', SQLERRM
            USING HINT = 'Run bounce.reparse(unparsed_only => true) once the cause is fixed.';
        RETURN NULL;
END
$$;

-- use_send_view(NULL) removes the setting send_view, as set_setting(name,
-- NULL) does, instead of storing its default value as the site's own.
CREATE OR REPLACE FUNCTION @extschema@.use_send_view(rel regclass)
RETURNS void
LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT @extschema@.set_setting('send_view', @extschema@.send_relation_name($1));
END;

-- Build the per-domain rollup from the events stored (with the daily one,
-- in the same scan) while the rollup is on; otherwise domain_summary reads
-- the events until the rollup is turned on.
SELECT @extschema@.refresh_rollup()
 WHERE @extschema@.setting('rollup')::boolean;
