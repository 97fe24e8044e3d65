/* bounce--1.1--1.2.sql: update from 1.1 to 1.2 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION bounce UPDATE TO '1.2'" to load this file. \quit

-- An address as a provider gives it, in the form bounce.parse reports
-- recipients: the part in angle brackets if any, the domain lower-cased;
-- NULL unless it is local@domain without white space, and when longer
-- than 512 bytes (as bounce.parse: such an address would not fit in the
-- index on bounce.events, and the insert of a whole batch would fail).
CREATE OR REPLACE FUNCTION @extschema@.event_recipient(address text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT a.address
      FROM pg_catalog.regexp_match(
               coalesce(pg_catalog.substring($1, '<([^<>]*)>'), $1),
               '^[[:space:]]*([^@[:space:]]+)@([^@[:space:]]+)[[:space:]]*$')
           AS r (m),
           LATERAL (SELECT r.m[1] || '@' || pg_catalog.lower(r.m[2])) AS a (address)
     WHERE pg_catalog.octet_length(a.address) <= 512;
END;

--
-- parse_outcome(raw): what parsing makes of a message, in words, so that
-- a message giving no rows can be told apart: 'report' (bounce.parse gives
-- its rows), 'no report' (a message, but not a bounce, a feedback report
-- or an auto-reply), 'not a message', or 'too many recipients' (it reports
-- on more than bounce.parse reads, and so gives no rows).
--
CREATE FUNCTION @extschema@.parse_outcome(raw text)
RETURNS text
AS 'MODULE_PATHNAME', 'parse_outcome_text'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.parse_outcome(text) IS
'what parsing makes of a message: report, no report, not a message, too many recipients';

CREATE FUNCTION @extschema@.parse_outcome(raw bytea)
RETURNS text
AS 'MODULE_PATHNAME', 'parse_outcome_bytea'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.parse_outcome(bytea) IS
'what parsing makes of a message given as bytes: report, no report, not a message, too many recipients';

-- Ingestion marks a message that reports on more recipients than
-- bounce.parse reads as failed, with the reason in parse_error, instead of
-- empty like a message that is not a bounce.
CREATE OR REPLACE FUNCTION @extschema@.ingest_statement(
    src text,
    with_rules boolean,
    source text,
    mark boolean)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    stmt text;
BEGIN
    stmt := format($q$
WITH parsed AS MATERIALIZED (
    SELECT s.message_id, s.source_key, s.received_at, p.*,
           -- why a message gives no rows (rare: parsed a second time)
           CASE WHEN p.ordinal IS NULL THEN
               @extschema@.parse_outcome(s.raw)
           END AS outcome
      FROM (%s) AS s (message_id, source_key, raw, received_at)
      LEFT JOIN LATERAL (
           -- the digest of a message without a Message-ID is computed
           -- once (an initplan), not once per recipient
           SELECT x.*,
                  coalesce(x.original_message_id,
                           (SELECT pg_catalog.md5(s.raw))) AS identity
             FROM @extschema@.parse(s.raw) WITH ORDINALITY
                  AS x (recipient, domain, action, status, reply_code, reason,
                        hard, diagnostic, remote_mta, reporting_mta,
                        smtp_command, original_message_id, arrived_at, format,
                        feedback_type, details, ordinal)
           OFFSET 0) AS p
           ON true
),
stored AS (
    INSERT INTO @extschema@.events AS e
           (id, message_id, source, source_key, ordinal, event_key,
            received_at, recipient, domain, action, status, reply_code,
            parsed_reason, reason, rule_id, hard, first_for_domain,
            diagnostic, remote_mta, reporting_mta, smtp_command,
            original_message_id, arrived_at, format, feedback_type,
            details)
    SELECT w.*
      FROM (SELECT pg_catalog.nextval('@extschema@.events_id_seq'),
                   q.message_id, %s, q.source_key, q.ordinal,
                   @extschema@.event_key(q.identity, q.recipient, q.status),
                   q.received_at, q.recipient, q.domain, q.action, q.status,
                   q.reply_code, q.reason, coalesce(m.reason, q.reason),
                   m.rule_id,
                   CASE WHEN m.rule_id IS NULL THEN q.hard
                        ELSE @extschema@.is_hard(m.reason, q.status) END,
                   pg_catalog.row_number() OVER (
                       PARTITION BY q.message_id, q.source_key, q.domain
                       ORDER BY q.ordinal) = 1,
                   q.diagnostic, q.remote_mta, q.reporting_mta,
                   q.smtp_command, q.original_message_id, q.arrived_at,
                   q.format, q.feedback_type, q.details
              FROM parsed AS q
              %s
             WHERE q.ordinal IS NOT NULL
             ORDER BY q.message_id, q.source_key, q.ordinal)
           AS w (id, message_id, source, source_key, ordinal, event_key)
     ORDER BY w.event_key, w.message_id, w.source_key, w.ordinal
    ON CONFLICT (event_key) DO NOTHING
    RETURNING 1
)%s
SELECT (SELECT pg_catalog.count(*) FROM parsed AS q
         WHERE q.ordinal IS NULL OR q.ordinal = 1),
       (SELECT pg_catalog.count(*) FROM stored)
$q$,
        src,
        source,
        CASE WHEN with_rules THEN
            'LEFT JOIN LATERAL @extschema@.matching_rule(q.diagnostic, q.status,'
            ' q.reply_code, q.action, q.reason) AS m ON true'
        ELSE
            'LEFT JOIN (SELECT NULL::bigint AS rule_id,'
            ' NULL::@extschema@.reason AS reason) AS m ON false'
        END,
        CASE WHEN mark THEN $q$,
marked AS (
    UPDATE @extschema@.messages AS msg
       SET recipients = CASE WHEN c.n > 0 OR c.outcome IS DISTINCT FROM
                                 'too many recipients' THEN c.n END,
           parse_state = CASE WHEN c.n > 0 THEN 'parsed'
                              WHEN c.outcome = 'too many recipients' THEN 'failed'
                              ELSE 'empty' END,
           parsed_at = pg_catalog.now(),
           parse_error = CASE WHEN c.n = 0 AND c.outcome = 'too many recipients' THEN
                             'the message reports on more recipients than bounce.parse reads (100000)'
                         END
      FROM (SELECT q.message_id, pg_catalog.count(q.ordinal)::integer AS n,
                   pg_catalog.max(q.outcome) AS outcome
              FROM parsed AS q
             GROUP BY q.message_id) AS c
     WHERE msg.id = c.message_id
)$q$
        ELSE '' END);
    RETURN stmt;
END
$fn$;
