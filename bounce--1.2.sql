/* bounce--1.2.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION bounce" to load this file. \quit

--
-- smtp_status: an RFC 3463 enhanced mail system status code
--
-- BEGIN smtp_status (maintained with src/smtp_status.c)
CREATE TYPE @extschema@.smtp_status;

CREATE FUNCTION @extschema@.smtp_status_in(cstring)
RETURNS @extschema@.smtp_status
AS 'MODULE_PATHNAME', 'smtp_status_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.smtp_status_out(@extschema@.smtp_status)
RETURNS cstring
AS 'MODULE_PATHNAME', 'smtp_status_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.smtp_status_recv(internal)
RETURNS @extschema@.smtp_status
AS 'MODULE_PATHNAME', 'smtp_status_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.smtp_status_send(@extschema@.smtp_status)
RETURNS bytea
AS 'MODULE_PATHNAME', 'smtp_status_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.smtp_status (
    INPUT = @extschema@.smtp_status_in,
    OUTPUT = @extschema@.smtp_status_out,
    RECEIVE = @extschema@.smtp_status_recv,
    SEND = @extschema@.smtp_status_send,
    INTERNALLENGTH = 4,
    PASSEDBYVALUE,
    ALIGNMENT = int4,
    STORAGE = plain
);

COMMENT ON TYPE @extschema@.smtp_status IS
    'enhanced mail system status code (RFC 3463), such as 5.1.1';

-- comparison
CREATE FUNCTION @extschema@.smtp_status_eq(@extschema@.smtp_status, @extschema@.smtp_status)
RETURNS boolean
AS 'MODULE_PATHNAME', 'smtp_status_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.smtp_status_ne(@extschema@.smtp_status, @extschema@.smtp_status)
RETURNS boolean
AS 'MODULE_PATHNAME', 'smtp_status_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.smtp_status_lt(@extschema@.smtp_status, @extschema@.smtp_status)
RETURNS boolean
AS 'MODULE_PATHNAME', 'smtp_status_lt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.smtp_status_le(@extschema@.smtp_status, @extschema@.smtp_status)
RETURNS boolean
AS 'MODULE_PATHNAME', 'smtp_status_le'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.smtp_status_gt(@extschema@.smtp_status, @extschema@.smtp_status)
RETURNS boolean
AS 'MODULE_PATHNAME', 'smtp_status_gt'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.smtp_status_ge(@extschema@.smtp_status, @extschema@.smtp_status)
RETURNS boolean
AS 'MODULE_PATHNAME', 'smtp_status_ge'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.smtp_status_cmp(@extschema@.smtp_status, @extschema@.smtp_status)
RETURNS integer
AS 'MODULE_PATHNAME', 'smtp_status_cmp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.smtp_status_hash(@extschema@.smtp_status)
RETURNS integer
AS 'MODULE_PATHNAME', 'smtp_status_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.smtp_status_hash_extended(@extschema@.smtp_status, bigint)
RETURNS bigint
AS 'MODULE_PATHNAME', 'smtp_status_hash_extended'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.smtp_status,
    RIGHTARG = @extschema@.smtp_status,
    FUNCTION = @extschema@.smtp_status_eq,
    COMMUTATOR = OPERATOR(@extschema@.=),
    NEGATOR = OPERATOR(@extschema@.<>),
    RESTRICT = pg_catalog.eqsel,
    JOIN = pg_catalog.eqjoinsel,
    HASHES,
    MERGES
);

CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.smtp_status,
    RIGHTARG = @extschema@.smtp_status,
    FUNCTION = @extschema@.smtp_status_ne,
    COMMUTATOR = OPERATOR(@extschema@.<>),
    NEGATOR = OPERATOR(@extschema@.=),
    RESTRICT = pg_catalog.neqsel,
    JOIN = pg_catalog.neqjoinsel
);

CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.smtp_status,
    RIGHTARG = @extschema@.smtp_status,
    FUNCTION = @extschema@.smtp_status_lt,
    COMMUTATOR = OPERATOR(@extschema@.>),
    NEGATOR = OPERATOR(@extschema@.>=),
    RESTRICT = pg_catalog.scalarltsel,
    JOIN = pg_catalog.scalarltjoinsel
);

CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.smtp_status,
    RIGHTARG = @extschema@.smtp_status,
    FUNCTION = @extschema@.smtp_status_le,
    COMMUTATOR = OPERATOR(@extschema@.>=),
    NEGATOR = OPERATOR(@extschema@.>),
    RESTRICT = pg_catalog.scalarlesel,
    JOIN = pg_catalog.scalarlejoinsel
);

CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.smtp_status,
    RIGHTARG = @extschema@.smtp_status,
    FUNCTION = @extschema@.smtp_status_gt,
    COMMUTATOR = OPERATOR(@extschema@.<),
    NEGATOR = OPERATOR(@extschema@.<=),
    RESTRICT = pg_catalog.scalargtsel,
    JOIN = pg_catalog.scalargtjoinsel
);

CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.smtp_status,
    RIGHTARG = @extschema@.smtp_status,
    FUNCTION = @extschema@.smtp_status_ge,
    COMMUTATOR = OPERATOR(@extschema@.<=),
    NEGATOR = OPERATOR(@extschema@.<),
    RESTRICT = pg_catalog.scalargesel,
    JOIN = pg_catalog.scalargejoinsel
);

CREATE OPERATOR CLASS @extschema@.smtp_status_ops
DEFAULT FOR TYPE @extschema@.smtp_status USING btree AS
    OPERATOR 1 @extschema@.<,
    OPERATOR 2 @extschema@.<=,
    OPERATOR 3 @extschema@.=,
    OPERATOR 4 @extschema@.>=,
    OPERATOR 5 @extschema@.>,
    FUNCTION 1 @extschema@.smtp_status_cmp(@extschema@.smtp_status, @extschema@.smtp_status);

CREATE OPERATOR CLASS @extschema@.smtp_status_ops
DEFAULT FOR TYPE @extschema@.smtp_status USING hash AS
    OPERATOR 1 @extschema@.=,
    FUNCTION 1 @extschema@.smtp_status_hash(@extschema@.smtp_status),
    FUNCTION 2 @extschema@.smtp_status_hash_extended(@extschema@.smtp_status, bigint);

-- construction and parts
CREATE FUNCTION @extschema@.smtp_status(class integer, subject integer, detail integer)
RETURNS @extschema@.smtp_status
AS 'MODULE_PATHNAME', 'smtp_status'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.smtp_status(integer, integer, integer) IS
    'status code from its class (2, 4 or 5), subject and detail (0 to 999)';

CREATE FUNCTION @extschema@.smtp_status_class(@extschema@.smtp_status)
RETURNS integer
AS 'MODULE_PATHNAME', 'smtp_status_class'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.smtp_status_class(@extschema@.smtp_status) IS
    'class of a status code: 2 success, 4 transient failure, 5 permanent failure';

CREATE FUNCTION @extschema@.smtp_status_subject(@extschema@.smtp_status)
RETURNS integer
AS 'MODULE_PATHNAME', 'smtp_status_subject'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.smtp_status_subject(@extschema@.smtp_status) IS
    'subject of a status code (the middle number)';

CREATE FUNCTION @extschema@.smtp_status_detail(@extschema@.smtp_status)
RETURNS integer
AS 'MODULE_PATHNAME', 'smtp_status_detail'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.smtp_status_detail(@extschema@.smtp_status) IS
    'detail of a status code (the last number)';

CREATE FUNCTION @extschema@.smtp_status_is_permanent(@extschema@.smtp_status)
RETURNS boolean
AS 'MODULE_PATHNAME', 'smtp_status_is_permanent'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.smtp_status_is_permanent(@extschema@.smtp_status) IS
    'true for a permanent failure (class 5)';

CREATE FUNCTION @extschema@.smtp_status_is_transient(@extschema@.smtp_status)
RETURNS boolean
AS 'MODULE_PATHNAME', 'smtp_status_is_transient'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.smtp_status_is_transient(@extschema@.smtp_status) IS
    'true for a persistent transient failure (class 4)';

CREATE FUNCTION @extschema@.smtp_status_meaning(@extschema@.smtp_status)
RETURNS text
AS 'MODULE_PATHNAME', 'smtp_status_meaning'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.smtp_status_meaning(@extschema@.smtp_status) IS
    'registered meaning of a status code, else that of its class and subject';
-- END smtp_status

--
-- reason: why a delivery failed.  The labels and their order match
-- BNC_REASON_LIST in src/core/bnc.h.
--
CREATE TYPE @extschema@.reason AS ENUM (
    'authfailure', 'badreputation', 'blocked', 'contenterror', 'delivered',
    'exceedlimit', 'expired', 'failedstarttls', 'feedback', 'filtered',
    'hasmoved', 'hostunknown', 'mailboxfull', 'mailererror', 'mesgtoobig',
    'networkerror', 'norelaying', 'notaccept', 'notcompliantrfc', 'onhold',
    'policyviolation', 'rejected', 'requireptr', 'securityerror',
    'spamdetected', 'speeding', 'suspend', 'syntaxerror', 'systemerror',
    'systemfull', 'toomanyconn', 'undefined', 'userunknown', 'vacation',
    'virusdetected'
);

-- BEGIN parse (maintained with src/bounce.c and src/reason.c)

--
-- parse(raw): one row per recipient that a bounce message reports on.
-- A message that is not a bounce, or not a mail message at all, gives no
-- rows; it never raises an error.
--
CREATE FUNCTION @extschema@.parse(
    raw text,
    OUT recipient text,
    OUT domain text,
    OUT action text,
    OUT status @extschema@.smtp_status,
    OUT reply_code integer,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT diagnostic text,
    OUT remote_mta text,
    OUT reporting_mta text,
    OUT smtp_command text,
    OUT original_message_id text,
    OUT arrived_at timestamptz,
    OUT format text,
    OUT feedback_type text,
    OUT details jsonb)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'parse_text'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 1;

COMMENT ON FUNCTION @extschema@.parse(text) IS
'recipients reported on by a bounce message, with status, reason and hard flag';

-- The same for a message kept as bytes, in whatever character set it came.
CREATE FUNCTION @extschema@.parse(
    raw bytea,
    OUT recipient text,
    OUT domain text,
    OUT action text,
    OUT status @extschema@.smtp_status,
    OUT reply_code integer,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT diagnostic text,
    OUT remote_mta text,
    OUT reporting_mta text,
    OUT smtp_command text,
    OUT original_message_id text,
    OUT arrived_at timestamptz,
    OUT format text,
    OUT feedback_type text,
    OUT details jsonb)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'parse_bytea'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 1;

COMMENT ON FUNCTION @extschema@.parse(bytea) IS
'recipients reported on by a bounce message given as bytes';

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

--
-- classify(diagnostic): the reason for one SMTP response or diagnostic
-- line.  A status or reply code passed explicitly takes precedence over
-- one read from the text.
--
CREATE FUNCTION @extschema@.classify(
    diagnostic text,
    status @extschema@.smtp_status DEFAULT NULL,
    reply_code integer DEFAULT NULL)
RETURNS @extschema@.reason
AS 'MODULE_PATHNAME', 'bounce_classify'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.classify(text, @extschema@.smtp_status, integer) IS
'reason for an SMTP response or diagnostic line';

-- is_hard(reason, status): whether such a failure is a hard bounce.
CREATE FUNCTION @extschema@.is_hard(
    reason @extschema@.reason,
    status @extschema@.smtp_status DEFAULT NULL)
RETURNS boolean
AS 'MODULE_PATHNAME', 'bounce_is_hard'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.is_hard(@extschema@.reason, @extschema@.smtp_status) IS
'true when a failure for this reason and status is a hard bounce';

-- END parse

-- BEGIN analytics (maintained with doc/analytics.md)

--
-- Stored bounces and what they add up to.  An application inserts raw
-- messages into bounce.messages (or attaches a table of its own with
-- bounce.attach); a statement-level trigger parses each new message once
-- into bounce.events, one row per recipient, and the views below read
-- bounce.events.  doc/analytics.md is the reference.
--
-- Every function here runs with search_path = pg_catalog, pg_temp or names
-- everything it uses with its schema, so that a caller's search_path
-- cannot change what it does.
--

--
-- Settings.  The built-in defaults live in setting_defaults, which belongs
-- to the extension; a site's own values live in settings, which pg_dump
-- saves.  A restore therefore brings the site's values back without
-- clashing with the defaults that CREATE EXTENSION puts in place.
--
CREATE TABLE @extschema@.setting_defaults (
    name text PRIMARY KEY,
    value text NOT NULL,
    type text NOT NULL
        CHECK (type IN ('integer', 'interval', 'boolean', 'reason[]',
                        'text[]', 'relation')),
    description text NOT NULL
);

COMMENT ON TABLE @extschema@.setting_defaults IS
'built-in value of each setting (change a setting in bounce.settings)';

INSERT INTO @extschema@.setting_defaults (name, value, type, description)
VALUES
('soft_limit', '3', 'integer',
 'number of soft bounces, of the reasons in soft_reasons, within soft_window that puts an address on the suppression list'),
('soft_window', '7 days', 'interval',
 'period within which soft_limit soft bounces suppress an address'),
('soft_reasons',
 '{expired,filtered,hasmoved,hostunknown,mailboxfull,mailererror,notaccept,suspend,systemerror,systemfull,userunknown}',
 'reason[]',
 'reasons of soft bounces that count towards soft_limit: those that say something about the recipient or its mail system'),
('complaint_types',
 '{abuse,fraud,virus,other,opt-out,opt-out-list,unsubscribe}', 'text[]',
 'feedback types of feedback reports that suppress an address (a report without a type counts too)'),
('rollup', 'true', 'boolean',
 'maintain bounce.daily_rollup as events are stored (otherwise only bounce.refresh_rollup() fills it)'),
('send_view', '', 'relation',
 'table or view with columns domain, day, sent that bounce.sends_all reads instead of bounce.sends; empty for bounce.sends');

CREATE TABLE @extschema@.settings (
    name text PRIMARY KEY REFERENCES @extschema@.setting_defaults (name),
    value text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

COMMENT ON TABLE @extschema@.settings IS
'site values of settings, overriding bounce.setting_defaults';

-- The value of a setting: the site's, else the built-in default.
CREATE FUNCTION @extschema@.setting(name text)
RETURNS text
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v text;
BEGIN
    SELECT coalesce(s.value, d.value) INTO v
      FROM @extschema@.setting_defaults AS d
      LEFT JOIN @extschema@.settings AS s ON s.name = d.name
     WHERE d.name = $1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unrecognized setting "%"', $1
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The settings are listed in bounce.current_settings.';
    END IF;
    RETURN v;
END
$$;

COMMENT ON FUNCTION @extschema@.setting(text) IS
'current value of a setting of the bounce extension';

-- Check that a relation has the columns of a send count (domain, day,
-- sent) and return its schema-qualified name.
CREATE FUNCTION @extschema@.send_relation_name(rel regclass)
RETURNS text
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    BEGIN
        EXECUTE format('SELECT v.domain::text, v.day::date, v.sent::bigint'
                       ' FROM %s AS v LIMIT 0', rel);
    EXCEPTION
        WHEN undefined_column OR cannot_coerce OR datatype_mismatch THEN
            RAISE EXCEPTION 'relation % cannot serve as a send count', rel
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = SQLERRM,
                      HINT = 'It needs the columns domain (text), day (date) and sent (bigint).';
    END;
    RETURN (SELECT format('%I.%I', n.nspname, c.relname)
              FROM pg_class AS c
              JOIN pg_namespace AS n ON n.oid = c.relnamespace
             WHERE c.oid = rel);
END
$$;

-- Trigger: check a site value against the type of its setting and store
-- it in canonical form.
CREATE FUNCTION @extschema@.settings_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind text;
    ok boolean := true;
BEGIN
    SELECT d.type INTO kind
      FROM @extschema@.setting_defaults AS d
     WHERE d.name = NEW.name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unrecognized setting "%"', NEW.name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The settings are listed in bounce.current_settings.';
    END IF;

    CASE kind
        WHEN 'integer' THEN
            ok := NEW.value::integer > 0;
            NEW.value := NEW.value::integer::text;
        WHEN 'interval' THEN
            ok := NEW.value::interval > interval '0';
        WHEN 'boolean' THEN
            NEW.value := NEW.value::boolean::text;
        WHEN 'reason[]' THEN
            NEW.value := NEW.value::@extschema@.reason[]::text;
        WHEN 'text[]' THEN
            NEW.value := NEW.value::text[]::text;
        WHEN 'relation' THEN
            IF NEW.value <> '' THEN
                NEW.value := @extschema@.send_relation_name(NEW.value::regclass);
            END IF;
    END CASE;

    IF NOT ok THEN
        RAISE EXCEPTION 'invalid value for setting "%": "%"', NEW.name, NEW.value
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The value must be greater than zero.';
    END IF;
    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END
$$;

CREATE TRIGGER settings_check
BEFORE INSERT OR UPDATE ON @extschema@.settings
FOR EACH ROW EXECUTE FUNCTION @extschema@.settings_check();

-- Trigger: turning the rollup on rebuilds it, so that it is exact from
-- then on.
CREATE FUNCTION @extschema@.settings_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF (TG_OP <> 'DELETE' AND NEW.name = 'rollup') OR
       (TG_OP <> 'INSERT' AND OLD.name = 'rollup') THEN
        IF @extschema@.setting('rollup')::boolean THEN
            PERFORM @extschema@.refresh_rollup();
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER settings_changed
AFTER INSERT OR UPDATE OR DELETE ON @extschema@.settings
FOR EACH ROW EXECUTE FUNCTION @extschema@.settings_changed();

-- Set a setting to a value, or back to its default when value is NULL;
-- returns the value now in force.
CREATE FUNCTION @extschema@.set_setting(name text, value text)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF $2 IS NULL THEN
        DELETE FROM @extschema@.settings AS s WHERE s.name = $1;
    ELSE
        INSERT INTO @extschema@.settings AS s (name, value)
        VALUES ($1, $2)
        ON CONFLICT ON CONSTRAINT settings_pkey
        DO UPDATE SET value = excluded.value;
    END IF;
    RETURN @extschema@.setting($1);
END
$$;

COMMENT ON FUNCTION @extschema@.set_setting(text, text) IS
'set a setting of the bounce extension (NULL restores the default)';

CREATE VIEW @extschema@.current_settings
WITH (security_invoker = true) AS
SELECT d.name,
       coalesce(s.value, d.value) AS value,
       d.value AS default_value,
       s.name IS NULL AS is_default,
       d.type,
       d.description
  FROM @extschema@.setting_defaults AS d
  LEFT JOIN @extschema@.settings AS s ON s.name = d.name;

COMMENT ON VIEW @extschema@.current_settings IS
'every setting with the value in force and its default';

--
-- What each reason says, and so whether a soft bounce for it counts
-- towards suppressing the address.  The scopes: recipient (the mailbox),
-- destination (the recipient's domain or mail system), sender (the sending
-- address, host or domain), message (its content, size or form),
-- transport (connection, encryption, DNS or rate on the way), report (not
-- a failure) and unknown.
--
CREATE TABLE @extschema@.reason_scopes (
    reason @extschema@.reason PRIMARY KEY,
    scope text NOT NULL
        CHECK (scope IN ('recipient', 'destination', 'sender', 'message',
                         'transport', 'report', 'unknown')),
    description text NOT NULL
);

COMMENT ON TABLE @extschema@.reason_scopes IS
'what a failure for each reason says something about';

INSERT INTO @extschema@.reason_scopes (reason, scope, description) VALUES
('authfailure', 'sender', 'the message failed SPF, DKIM or DMARC checks'),
('badreputation', 'sender', 'the sending host or domain has a poor reputation'),
('blocked', 'sender', 'the sending host or its address is refused, often by a block list'),
('contenterror', 'message', 'the content of the message is malformed or not accepted'),
('delivered', 'report', 'the message was delivered'),
('exceedlimit', 'message', 'the message exceeds a limit of the destination'),
('expired', 'destination', 'delivery kept failing until the sending server gave up'),
('failedstarttls', 'transport', 'encryption of the connection could not be set up'),
('feedback', 'report', 'a feedback report (complaint) about a message'),
('filtered', 'recipient', 'a rule of the recipient refused the message'),
('hasmoved', 'recipient', 'the recipient has moved to another address'),
('hostunknown', 'destination', 'the recipient domain does not exist or has no mail server'),
('mailboxfull', 'recipient', 'the mailbox is full'),
('mailererror', 'recipient', 'the program delivering into the mailbox failed'),
('mesgtoobig', 'message', 'the message is too big'),
('networkerror', 'transport', 'a DNS or network problem on the way'),
('norelaying', 'transport', 'the server refused to relay the message'),
('notaccept', 'destination', 'the destination accepts no mail'),
('notcompliantrfc', 'message', 'the message does not follow the mail standards'),
('onhold', 'unknown', 'the failure is not decided yet'),
('policyviolation', 'sender', 'a policy of the receiving site refused the message'),
('rejected', 'sender', 'the envelope sender was refused'),
('requireptr', 'sender', 'the sending address has no valid reverse DNS name'),
('securityerror', 'transport', 'refused for a security reason on the connection'),
('spamdetected', 'message', 'the message was judged to be spam'),
('speeding', 'transport', 'too many messages were sent too fast'),
('suspend', 'recipient', 'the mailbox is disabled or suspended'),
('syntaxerror', 'transport', 'an SMTP command was malformed'),
('systemerror', 'destination', 'an error inside the receiving system'),
('systemfull', 'destination', 'the receiving system is out of storage'),
('toomanyconn', 'transport', 'too many connections to the receiving server'),
('undefined', 'unknown', 'no reason could be recognised'),
('userunknown', 'recipient', 'the mailbox does not exist'),
('vacation', 'report', 'an automatic reply, such as an absence notice'),
('virusdetected', 'message', 'the message was judged to carry a virus');

CREATE VIEW @extschema@.reason_policy
WITH (security_invoker = true) AS
SELECT r.reason,
       r.scope,
       r.reason = ANY (c.soft_reasons) AS counts_when_soft,
       r.description
  FROM @extschema@.reason_scopes AS r
 CROSS JOIN (SELECT @extschema@.setting('soft_reasons')::@extschema@.reason[]
                    AS soft_reasons) AS c;

COMMENT ON VIEW @extschema@.reason_policy IS
'each reason, its scope, and whether a soft bounce for it counts towards suppression';

--
-- messages: the raw bounces an application stores.  A row is never
-- refused for what it contains: parse_state tells what parsing made of it
-- (NULL until it has been parsed).
--
CREATE TABLE @extschema@.messages (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    raw text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    source text,
    recipients integer,
    parse_state text CHECK (parse_state IN ('parsed', 'empty', 'failed')),
    parsed_at timestamptz,
    parse_error text
);

CREATE INDEX messages_received_at_idx ON @extschema@.messages
    USING brin (received_at);

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

COMMENT ON TABLE @extschema@.messages IS
'raw bounce messages, each parsed into bounce.events when inserted';
COMMENT ON COLUMN @extschema@.messages.recipients IS
'number of recipients that parsing found (NULL until parsed or when parsing failed)';
COMMENT ON COLUMN @extschema@.messages.parse_state IS
'parsed (recipients found), empty (not a bounce), failed (see parse_error), NULL (not parsed yet)';

--
-- events: one row per recipient that a stored bounce reports on, with
-- every column of bounce.parse.  Rows inserted directly (from a sending
-- service's webhooks, say) are welcome too: see doc/analytics.md.
--
CREATE TABLE @extschema@.events (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    message_id bigint,
    source regclass,
    source_key text,
    ordinal integer NOT NULL DEFAULT 1,
    event_key uuid NOT NULL,
    received_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    day date GENERATED ALWAYS AS ((received_at AT TIME ZONE 'UTC')::date) STORED,
    recipient text,
    address text GENERATED ALWAYS AS (pg_catalog.lower(recipient)) STORED,
    domain text,
    action text,
    status @extschema@.smtp_status,
    reply_code integer,
    reason @extschema@.reason,
    parsed_reason @extschema@.reason,
    rule_id bigint,
    hard boolean,
    kind text GENERATED ALWAYS AS (
        CASE
            WHEN reason = 'delivered'
                 OR action IN ('delivered', 'relayed', 'expanded') THEN 'delivered'
            WHEN reason = 'feedback' THEN 'feedback'
            WHEN reason = 'vacation' THEN 'autoreply'
            WHEN action = 'delayed' THEN 'delayed'
            WHEN hard THEN 'hard'
            ELSE 'soft'
        END) STORED,
    first_for_domain boolean NOT NULL DEFAULT true,
    diagnostic text,
    remote_mta text,
    reporting_mta text,
    smtp_command text,
    original_message_id text,
    arrived_at timestamptz,
    format text,
    feedback_type text,
    details jsonb
);

CREATE UNIQUE INDEX events_event_key_idx ON @extschema@.events (event_key);
CREATE INDEX events_message_id_idx ON @extschema@.events (message_id)
    WHERE message_id IS NOT NULL;
CREATE INDEX events_source_idx ON @extschema@.events (source, source_key)
    WHERE source IS NOT NULL;
CREATE INDEX events_address_idx ON @extschema@.events (address, received_at);
CREATE INDEX events_day_idx ON @extschema@.events USING brin (day);

COMMENT ON TABLE @extschema@.events IS
'one row per recipient reported on by a stored bounce';
COMMENT ON COLUMN @extschema@.events.message_id IS
'the bounce.messages row the event was parsed from';
COMMENT ON COLUMN @extschema@.events.source IS
'the attached table the event was parsed from (NULL for bounce.messages)';
COMMENT ON COLUMN @extschema@.events.source_key IS
'key of the row of the attached table, as text';
COMMENT ON COLUMN @extschema@.events.ordinal IS
'position of the recipient in the output of bounce.parse for its message';
COMMENT ON COLUMN @extschema@.events.event_key IS
'identity of the bounce for this recipient (bounce.event_key); a bounce stored twice is counted once';
COMMENT ON COLUMN @extschema@.events.day IS
'UTC day of received_at';
COMMENT ON COLUMN @extschema@.events.address IS
'recipient in lower case, the unit of suppression';
COMMENT ON COLUMN @extschema@.events.reason IS
'reason in force: that of the site rule that matched (rule_id), else parsed_reason';
COMMENT ON COLUMN @extschema@.events.parsed_reason IS
'reason given by the built-in classification';
COMMENT ON COLUMN @extschema@.events.kind IS
'delivered, feedback, autoreply, delayed, hard or soft';
COMMENT ON COLUMN @extschema@.events.first_for_domain IS
'true on the first event of its message for its domain, so that counting these counts messages';

--
-- rules: a site's own classification, which takes precedence over the
-- built-in one for failures.  A rule matches when its pattern (a regular
-- expression, case-insensitive) finds the diagnostic and its status and
-- reply code, when given, are those of the event.  The rule of highest
-- priority wins; among equals, the oldest.
--
CREATE TABLE @extschema@.rules (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    pattern text NOT NULL
        CHECK (pattern <> '' AND ('' ~* pattern) IS NOT NULL),
    status @extschema@.smtp_status,
    reply_code integer CHECK (reply_code BETWEEN 200 AND 599),
    reason @extschema@.reason NOT NULL
        CHECK (reason NOT IN ('delivered', 'feedback', 'vacation')),
    priority integer NOT NULL DEFAULT 0,
    note text,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

COMMENT ON TABLE @extschema@.rules IS
'site rules mapping diagnostics to reasons, applied before the built-in classification';

-- The site rule for a failure, if any matches (no row otherwise).  A
-- report that is not a failure (delivered, feedback, auto-reply) gets no
-- rule.
CREATE FUNCTION @extschema@.matching_rule(
    diagnostic text,
    status @extschema@.smtp_status,
    reply_code integer,
    action text,
    parsed_reason @extschema@.reason,
    OUT rule_id bigint,
    OUT reason @extschema@.reason)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
BEGIN ATOMIC
    SELECT r.id, r.reason
      FROM @extschema@.rules AS r
     WHERE $1 ~* r.pattern
       AND (r.status IS NULL OR r.status OPERATOR(@extschema@.=) $2)
       AND (r.reply_code IS NULL OR r.reply_code = $3)
       AND coalesce($4, '') NOT IN ('delivered', 'relayed', 'expanded')
       AND coalesce($5, 'undefined') NOT IN ('delivered', 'feedback', 'vacation')
     ORDER BY r.priority DESC, r.id
     LIMIT 1;
END;

COMMENT ON FUNCTION @extschema@.matching_rule(text, @extschema@.smtp_status,
                                              integer, text, @extschema@.reason) IS
'the site rule (bounce.rules) that classifies a failure, if any';

--
-- The identity of a bounce for one recipient: the original message (its
-- Message-ID, or the bounce itself when that is unknown), the recipient
-- and the status.  The same bounce stored twice has the same key; a
-- delay notice and the final failure for the same message differ.
--
CREATE FUNCTION @extschema@.event_key(
    identity text,
    recipient text,
    status @extschema@.smtp_status)
RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN pg_catalog.md5(identity || E'\n' ||
                      coalesce(pg_catalog.lower(recipient), '') || E'\n' ||
                      coalesce(status::text, ''))::uuid;

COMMENT ON FUNCTION @extschema@.event_key(text, text, @extschema@.smtp_status) IS
'deduplication key of a bounce for one recipient (NULL when identity is NULL)';

--
-- sends: how many messages went to each domain each day, the denominator
-- of delivery rates.  Fed by record_send(), or replaced by a view of the
-- application's own (use_send_view).
--
CREATE TABLE @extschema@.sends (
    domain text NOT NULL,
    day date NOT NULL,
    sent bigint NOT NULL CHECK (sent >= 0),
    PRIMARY KEY (domain, day)
);

COMMENT ON TABLE @extschema@.sends IS
'messages sent per recipient domain and UTC day';

-- Count n more messages sent to a domain on a day; returns the new total.
CREATE FUNCTION @extschema@.record_send(
    domain text,
    n bigint DEFAULT 1,
    day date DEFAULT (pg_catalog.now() AT TIME ZONE 'UTC')::date)
RETURNS bigint
LANGUAGE sql VOLATILE
BEGIN ATOMIC
    INSERT INTO @extschema@.sends AS s (domain, day, sent)
    VALUES (pg_catalog.lower(pg_catalog.btrim($1)), $3, $2)
    ON CONFLICT (domain, day) DO UPDATE SET sent = s.sent + excluded.sent
    RETURNING s.sent;
END;

COMMENT ON FUNCTION @extschema@.record_send(text, bigint, date) IS
'add to the number of messages sent to a domain on a (UTC) day';

-- The send counts in force: bounce.sends, or the relation named by the
-- setting send_view.
CREATE FUNCTION @extschema@.send_counts(
    OUT domain text,
    OUT day date,
    OUT sent bigint)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text := @extschema@.setting('send_view');
BEGIN
    IF rel = '' THEN
        RETURN QUERY SELECT s.domain, s.day, s.sent FROM @extschema@.sends AS s;
    ELSE
        RETURN QUERY EXECUTE
            format('SELECT lower(v.domain::text), v.day::date, v.sent::bigint FROM %s AS v',
                   rel::regclass);
    END IF;
END
$$;

CREATE VIEW @extschema@.sends_all
WITH (security_invoker = true) AS
SELECT c.domain, c.day, c.sent
  FROM @extschema@.send_counts() AS c;

COMMENT ON VIEW @extschema@.sends_all IS
'send counts the views use: bounce.sends, or the view given to bounce.use_send_view';

-- Read send counts from a relation of the application's (NULL: back to
-- bounce.sends).
CREATE FUNCTION @extschema@.use_send_view(rel regclass)
RETURNS void
LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT @extschema@.set_setting('send_view', @extschema@.send_relation_name($1));
END;

COMMENT ON FUNCTION @extschema@.use_send_view(regclass) IS
'make bounce.sends_all read a relation with columns domain, day, sent (NULL: bounce.sends)';

--
-- suppression_overrides: addresses a site took off the suppression list;
-- only events after cleared_at count against them again.
--
CREATE TABLE @extschema@.suppression_overrides (
    address text PRIMARY KEY CHECK (address = pg_catalog.lower(address)),
    cleared_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    note text
);

COMMENT ON TABLE @extschema@.suppression_overrides IS
'addresses taken off the suppression list: earlier events no longer count against them';

--
-- Block lists and reputation services, recognised by name in diagnostics.
-- Sites add their own rows; built-in rows come back with the extension and
-- are not dumped.
--
CREATE TABLE @extschema@.blocklist_patterns (
    name text PRIMARY KEY,
    pattern text NOT NULL
        CHECK (pattern <> '' AND ('' ~* pattern) IS NOT NULL),
    builtin boolean NOT NULL DEFAULT false
);

COMMENT ON TABLE @extschema@.blocklist_patterns IS
'block lists and reputation services, each with a case-insensitive regular expression over diagnostics';

INSERT INTO @extschema@.blocklist_patterns (name, pattern, builtin) VALUES
('Spamhaus', 'spamhaus', true),
('SpamCop', 'spamcop', true),
('Barracuda', 'barracuda', true),
('SORBS', '\msorbs\M', true),
('UCEPROTECT', 'uceprotect', true),
('Proofpoint', 'proofpoint', true),
('Cloudmark', 'cloudmark', true),
('Abusix', 'abusix', true),
('Mailspike', 'mailspike', true),
('PSBL', '\mpsbl\M', true),
('SpamRATS', 'spamrats|\mrats-(dyna|noptr|spam)\M', true),
('Invaluement', 'invaluement', true),
('Trend Micro', 'trend ?micro|mail-abuse\.(com|org)', true),
('Sender Score', 'senderscore', true),
('SURBL', '\msurbl\M', true),
('URIBL', '\muribl\M', true),
('Lashback', 'lashback', true),
('Backscatterer', 'backscatterer', true),
('JunkEmailFilter', 'hostkarma|junkemailfilter', true),
('Microsoft', '\mS3[0-9]{3}\M|banned sending ip|\m5\.7\.6[0-4][0-9]\M', true),
('Yahoo', '\[TS(S[0-9]{2}|[0-9]{2})\]', true),
('Google', 'unusual rate of unsolicited|very low reputation of the sending', true),
('Apple', '\[(CS|HM)[0-9]{2}\]', true);

--
-- Mailbox providers, recognised from the host name of the receiving mail
-- server (kind 'mta') or, failing that, from the recipient domain (kind
-- 'domain').  A suffix matches the name itself and every name under it.
--
CREATE TABLE @extschema@.provider_patterns (
    provider text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('mta', 'domain')),
    suffix text NOT NULL CHECK (suffix = pg_catalog.lower(suffix) AND suffix <> ''),
    builtin boolean NOT NULL DEFAULT false,
    PRIMARY KEY (kind, suffix)
);

COMMENT ON TABLE @extschema@.provider_patterns IS
'mailbox providers by mail server name suffix (kind mta) or recipient domain (kind domain)';

INSERT INTO @extschema@.provider_patterns (provider, kind, suffix, builtin)
SELECT v.provider, v.kind, v.suffix, true
  FROM (VALUES
    ('Google', 'mta', 'google.com'), ('Google', 'mta', 'googlemail.com'),
    ('Google', 'domain', 'gmail.com'), ('Google', 'domain', 'googlemail.com'),
    ('Microsoft', 'mta', 'outlook.com'), ('Microsoft', 'mta', 'hotmail.com'),
    ('Microsoft', 'domain', 'outlook.com'), ('Microsoft', 'domain', 'hotmail.com'),
    ('Microsoft', 'domain', 'live.com'), ('Microsoft', 'domain', 'msn.com'),
    ('Microsoft', 'domain', 'hotmail.co.uk'), ('Microsoft', 'domain', 'hotmail.fr'),
    ('Microsoft', 'domain', 'hotmail.de'), ('Microsoft', 'domain', 'hotmail.it'),
    ('Microsoft', 'domain', 'live.co.uk'), ('Microsoft', 'domain', 'live.fr'),
    ('Yahoo', 'mta', 'yahoodns.net'), ('Yahoo', 'mta', 'yahoo.com'),
    ('Yahoo', 'mta', 'aol.com'),
    ('Yahoo', 'domain', 'yahoo.com'), ('Yahoo', 'domain', 'ymail.com'),
    ('Yahoo', 'domain', 'rocketmail.com'), ('Yahoo', 'domain', 'yahoo.co.uk'),
    ('Yahoo', 'domain', 'yahoo.fr'), ('Yahoo', 'domain', 'yahoo.de'),
    ('Yahoo', 'domain', 'aol.com'), ('Yahoo', 'domain', 'aim.com'),
    ('Apple', 'mta', 'icloud.com'), ('Apple', 'mta', 'apple.com'),
    ('Apple', 'domain', 'icloud.com'), ('Apple', 'domain', 'me.com'),
    ('Apple', 'domain', 'mac.com'),
    ('Proton', 'mta', 'protonmail.ch'), ('Proton', 'domain', 'proton.me'),
    ('Proton', 'domain', 'protonmail.com'), ('Proton', 'domain', 'pm.me'),
    ('Zoho', 'mta', 'zoho.com'), ('Zoho', 'mta', 'zoho.eu'),
    ('Zoho', 'domain', 'zohomail.com'),
    ('Fastmail', 'mta', 'messagingengine.com'), ('Fastmail', 'domain', 'fastmail.com'),
    ('GMX', 'mta', 'gmx.net'), ('GMX', 'domain', 'gmx.net'),
    ('GMX', 'domain', 'gmx.de'), ('GMX', 'domain', 'gmx.com'),
    ('GMX', 'mta', 'web.de'), ('GMX', 'domain', 'web.de'),
    ('Yandex', 'mta', 'yandex.net'), ('Yandex', 'mta', 'yandex.ru'),
    ('Yandex', 'domain', 'yandex.ru'), ('Yandex', 'domain', 'yandex.com'),
    ('Yandex', 'domain', 'ya.ru'),
    ('Mail.ru', 'mta', 'mail.ru'), ('Mail.ru', 'domain', 'mail.ru'),
    ('Comcast', 'mta', 'comcast.net'), ('Comcast', 'domain', 'comcast.net'),
    ('Orange', 'mta', 'orange.fr'), ('Orange', 'domain', 'orange.fr'),
    ('Orange', 'domain', 'wanadoo.fr'),
    ('Tencent', 'mta', 'qq.com'), ('Tencent', 'domain', 'qq.com'),
    ('NetEase', 'mta', '163.com'), ('NetEase', 'domain', '163.com'),
    ('NetEase', 'domain', '126.com')
  ) AS v (provider, kind, suffix);

-- The host name in a Remote-MTA value such as "dns; mx.example.net" or
-- "mx.example.net [192.0.2.1]", lower-cased, without a final dot.
CREATE FUNCTION @extschema@.mta_host(remote_mta text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN nullif(pg_catalog.rtrim(pg_catalog.substring(pg_catalog.lower($1),
                                   '^\s*(?:dns\s*;\s*)?\[?([^][[:space:];()<>]+)'),
                               '.'), '');

COMMENT ON FUNCTION @extschema@.mta_host(text) IS
'host name (or address) of a receiving mail server as the views group it';

-- Is host equal to suffix, or a name under it?
CREATE FUNCTION @extschema@.host_matches(host text, suffix text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN $1 = $2 OR pg_catalog.right($1, pg_catalog.length($2) + 1) = '.' || $2;

-- The mailbox provider of a recipient: from the receiving server's name
-- when a pattern knows it, else from the recipient domain; NULL if
-- neither is known.
CREATE FUNCTION @extschema@.provider(remote_mta text, domain text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT p.provider
      FROM @extschema@.provider_patterns AS p
     WHERE (p.kind = 'mta'
            AND @extschema@.host_matches(@extschema@.mta_host($1), p.suffix))
        OR (p.kind = 'domain'
            AND @extschema@.host_matches(pg_catalog.lower($2), p.suffix))
     ORDER BY p.kind = 'mta' DESC, pg_catalog.length(p.suffix) DESC, p.provider
     LIMIT 1;
END;

COMMENT ON FUNCTION @extschema@.provider(text, text) IS
'mailbox provider (bounce.provider_patterns) of a receiving server or recipient domain';

-- "userunknown 3, mailboxfull 1": the first n reasons with their counts.
CREATE FUNCTION @extschema@.format_reasons(
    reasons @extschema@.reason[],
    counts bigint[],
    n integer DEFAULT 3)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.string_agg(u.r::text || ' ' || u.c::text, ', ' ORDER BY u.o)
      FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2))
           WITH ORDINALITY AS u (r, c, o)
     WHERE u.o <= $3;
END;

COMMENT ON FUNCTION @extschema@.format_reasons(@extschema@.reason[], bigint[], integer) IS
'reasons with their counts as text, such as "userunknown 3, mailboxfull 1"';

--
-- Parsing stored messages into events.
--
-- Messages are parsed in sets: one INSERT ... SELECT over all the rows of
-- an INSERT or COPY statement, so that loading many messages costs one
-- statement, not one per message.  Parsing does not raise errors on odd
-- input, but should anything in that statement fail (a server error, a
-- constraint a site added to bounce.events), the set is retried one
-- message at a time, each in its own subtransaction, and a message that
-- still fails is stored all the same, marked 'failed' with the error.
-- Subtransactions are costly, so they are only paid on that path.
--

-- The statement that parses the rows of src, a query giving (message_id,
-- source_key, raw, received_at), into bounce.events.  It returns the
-- number of rows of src and of events stored; with mark it also records
-- the outcome in bounce.messages.  Events whose key is stored already are
-- skipped.  source is an SQL expression for events.source.
--
-- Ids are drawn in message order, but the rows go into the unique index
-- in key order: a load that meets a key another uncommitted load has just
-- stored waits for it, and two single-statement loads of the same bounces
-- that waited on each other's keys in different orders would deadlock.
CREATE FUNCTION @extschema@.ingest_statement(
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

-- Parse the messages with the given ids into events (see above).
CREATE FUNCTION @extschema@.ingest_messages(
    ids bigint[],
    OUT messages bigint,
    OUT events bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    stmt text;
    one bigint;
    n bigint;
    e bigint;
BEGIN
    messages := 0;
    events := 0;
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN;
    END IF;
    stmt := @extschema@.ingest_statement(
        'SELECT m.id, NULL::text, m.raw, m.received_at'
        ' FROM pg_catalog.unnest($1) AS u (id)'
        ' JOIN @extschema@.messages AS m ON m.id = u.id',
        EXISTS (SELECT FROM @extschema@.rules), 'NULL', true);

    BEGIN
        EXECUTE stmt INTO messages, events USING ids;
        RETURN;
    EXCEPTION
        WHEN query_canceled OR serialization_failure OR deadlock_detected
             OR lock_not_available THEN
            RAISE;
        WHEN OTHERS THEN
            NULL;               -- retried one message at a time below
    END;

    FOREACH one IN ARRAY ids LOOP
        BEGIN
            EXECUTE stmt INTO n, e USING ARRAY[one];
            messages := messages + n;
            events := events + e;
        EXCEPTION
            WHEN query_canceled OR serialization_failure OR deadlock_detected
                 OR lock_not_available THEN
                RAISE;
            WHEN OTHERS THEN
                UPDATE @extschema@.messages AS m
                   SET recipients = NULL, parse_state = 'failed',
                       parsed_at = pg_catalog.now(), parse_error = SQLERRM
                 WHERE m.id = one;
                messages := messages + 1;
        END;
    END LOOP;
END
$$;

-- Trigger: parse the messages a statement inserted.  Rows that arrive
-- with a parse_state already (as pg_restore reloads them) are left alone.
--
-- The set is parsed from the transition table, which holds each new row
-- with its raw text as it was inserted: reading the rows back from
-- bounce.messages would fetch each raw value again from the TOAST table
-- and decompress it.  Should that statement fail, ingest_messages takes
-- the same messages from the table: it tries the set once more, then one
-- message at a time.
CREATE FUNCTION @extschema@.messages_inserted()
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

CREATE TRIGGER messages_inserted
AFTER INSERT ON @extschema@.messages
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.messages_inserted();

-- Trigger: the events of deleted messages go with them.
CREATE FUNCTION @extschema@.messages_deleted()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM @extschema@.events AS e
     USING old_rows AS o
     WHERE e.message_id = o.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_deleted
AFTER DELETE ON @extschema@.messages
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.messages_deleted();

-- Trigger: truncating the messages removes their events.
CREATE FUNCTION @extschema@.messages_truncated()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM @extschema@.events AS e WHERE e.message_id IS NOT NULL;
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_truncated
AFTER TRUNCATE ON @extschema@.messages
FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.messages_truncated();

-- Parse stored messages again (after an upgrade of the classification,
-- say): the events of the chosen messages are rebuilt.  With no argument,
-- every message; otherwise those with first_id <= id <= last_id and
-- received_from <= received_at < received_before, for the bounds given;
-- with unparsed_only, only those not parsed yet or whose parsing failed.
CREATE FUNCTION @extschema@.reparse(
    first_id bigint DEFAULT NULL,
    last_id bigint DEFAULT NULL,
    received_from timestamptz DEFAULT NULL,
    received_before timestamptz DEFAULT NULL,
    unparsed_only boolean DEFAULT false,
    OUT messages bigint,
    OUT events_removed bigint,
    OUT events_added bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ids bigint[];
BEGIN
    -- The messages are locked in id order first, so that two calls over
    -- the same messages take turns instead of deadlocking on their events.
    ids := ARRAY(SELECT m.id
                   FROM @extschema@.messages AS m
                  WHERE (first_id IS NULL OR m.id >= first_id)
                    AND (last_id IS NULL OR m.id <= last_id)
                    AND (received_from IS NULL OR m.received_at >= received_from)
                    AND (received_before IS NULL OR m.received_at < received_before)
                    AND (NOT unparsed_only OR m.parse_state IS NULL
                         OR m.parse_state = 'failed')
                  ORDER BY m.id
                    FOR NO KEY UPDATE);

    DELETE FROM @extschema@.events AS e
     USING unnest(ids) AS u (id)
     WHERE e.message_id = u.id;
    GET DIAGNOSTICS events_removed = ROW_COUNT;

    SELECT i.messages, i.events INTO messages, events_added
      FROM @extschema@.ingest_messages(ids) AS i;
END
$$;

COMMENT ON FUNCTION @extschema@.reparse(bigint, bigint, timestamptz, timestamptz, boolean) IS
'parse stored messages again and rebuild their events';

--
-- Attaching an application's own table of raw messages.  Its rows are
-- parsed on insert like those of bounce.messages; their events carry the
-- table in events.source and the row's key in events.source_key.  The
-- application's rows are never changed; a row whose parsing fails is
-- recorded in parse_failures.
--
CREATE TABLE @extschema@.parse_failures (
    source regclass NOT NULL,
    source_key text,
    failed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    error text NOT NULL
);

COMMENT ON TABLE @extschema@.parse_failures IS
'rows of attached tables whose parsing failed';

-- Parse rows of an attached table into events: those whose key is in keys,
-- or all of them when keys is NULL.  When the set fails, the rows are
-- parsed one at a time and a row that still fails is recorded in
-- parse_failures.  The key column is unique (attach checks), so each
-- row is found again by its key through an index.
CREATE FUNCTION @extschema@.ingest_attached(
    tbl regclass,
    raw_column name,
    key_column name,
    received_column name,
    keys text[],
    OUT messages bigint,
    OUT events bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    with_rules boolean := EXISTS (SELECT FROM @extschema@.rules);
    key_type text;
    stmt text;
    one text;
    n bigint;
    e bigint;
BEGIN
    messages := 0;
    events := 0;
    SELECT format_type(a.atttypid, a.atttypmod) INTO key_type
      FROM pg_attribute AS a
     WHERE a.attrelid = tbl AND a.attname = key_column AND NOT a.attisdropped;
    stmt := @extschema@.ingest_statement(
        format('SELECT NULL::bigint, t.%I::text, t.%I, %s FROM %s AS t'
               ' WHERE $1 IS NULL OR t.%I = ANY ($1::%s[])',
               key_column, raw_column,
               CASE WHEN coalesce(received_column, '') = '' THEN 'pg_catalog.now()'
                    ELSE format('coalesce(t.%I::timestamptz, pg_catalog.now())',
                                received_column) END,
               tbl, key_column, key_type),
        with_rules,
        format('%s::pg_catalog.oid::pg_catalog.regclass', tbl::oid),
        false);

    BEGIN
        EXECUTE stmt INTO messages, events USING keys;
        RETURN;
    EXCEPTION
        WHEN query_canceled OR serialization_failure OR deadlock_detected
             OR lock_not_available THEN
            RAISE;
        WHEN OTHERS THEN
            NULL;               -- retried one row at a time below
    END;

    IF keys IS NULL THEN
        EXECUTE format('SELECT array_agg(t.%I::text) FROM %s AS t', key_column, tbl)
           INTO keys;
    END IF;
    FOREACH one IN ARRAY coalesce(keys, '{}') LOOP
        BEGIN
            EXECUTE stmt INTO n, e USING ARRAY[one];
            messages := messages + n;
            events := events + e;
        EXCEPTION
            WHEN query_canceled OR serialization_failure OR deadlock_detected
                 OR lock_not_available THEN
                RAISE;
            WHEN OTHERS THEN
                INSERT INTO @extschema@.parse_failures (source, source_key, error)
                VALUES (tbl, one, SQLERRM);
                messages := messages + 1;
        END;
    END LOOP;
END
$$;

-- Trigger on an attached table: parse the rows a statement inserted.
-- Arguments: raw column, key column, received-at column ('' for none).
CREATE FUNCTION @extschema@.attached_inserted()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    keys text[];
BEGIN
    EXECUTE format('SELECT array_agg(n.%I::text) FROM bounce_new_rows AS n',
                   TG_ARGV[1])
       INTO keys;
    IF keys IS NOT NULL THEN
        PERFORM @extschema@.ingest_attached(TG_RELID, TG_ARGV[0], TG_ARGV[1],
                                            TG_ARGV[2], keys);
    END IF;
    RETURN NULL;
EXCEPTION
    WHEN query_canceled OR serialization_failure OR deadlock_detected
         OR lock_not_available THEN
        RAISE;
    WHEN OTHERS THEN
        -- last resort: keep the application's rows, unparsed
        RAISE WARNING 'rows of % stored without parsing: %', TG_RELID::regclass, SQLERRM
            USING HINT = 'Run bounce.reparse_table() once the cause is fixed.';
        RETURN NULL;
END
$$;

-- Trigger on an attached table: events of deleted rows go with them.
-- Argument: key column.
CREATE FUNCTION @extschema@.attached_deleted()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE format('DELETE FROM @extschema@.events AS e USING bounce_old_rows AS o'
                   ' WHERE e.source = $1 AND e.source_key = o.%I::text',
                   TG_ARGV[0])
      USING TG_RELID::regclass;
    RETURN NULL;
END
$$;

-- Trigger on an attached table: truncating it removes its events.
CREATE FUNCTION @extschema@.attached_truncated()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM @extschema@.events AS e WHERE e.source = TG_RELID::regclass;
    RETURN NULL;
END
$$;

-- Attach a table of raw messages: from now on its inserted rows are parsed
-- into bounce.events.  raw_column is text or bytea; key_column identifies
-- a row (NOT NULL, unique on its own); received_column, if given, says
-- when the bounce arrived (else the time of the insert).  With backfill,
-- the rows already there are parsed too.  Returns the events stored.
CREATE FUNCTION @extschema@.attach(
    tbl regclass,
    raw_column name,
    key_column name,
    received_column name DEFAULT NULL,
    backfill boolean DEFAULT true)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    raw_type regtype;
    key_att pg_attribute;
    recv_type regtype;
    n bigint := 0;
BEGIN
    IF tbl IS NULL OR raw_column IS NULL OR key_column IS NULL THEN
        RAISE EXCEPTION 'table, raw column and key column must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF tbl = '@extschema@.messages'::regclass THEN
        RAISE EXCEPTION 'bounce.messages is parsed already'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_class AS c
                    WHERE c.oid = tbl AND c.relkind IN ('r', 'p')) THEN
        RAISE EXCEPTION '% is not a table', tbl
            USING ERRCODE = 'wrong_object_type';
    END IF;
    -- bounce.events attached to itself would feed its own rows back
    IF EXISTS (SELECT FROM pg_depend AS d
                WHERE d.classid = 'pg_class'::regclass AND d.objid = tbl
                  AND d.refclassid = 'pg_extension'::regclass
                  AND d.deptype = 'e'
                  AND d.refobjid = (SELECT x.oid FROM pg_extension AS x
                                     WHERE x.extname = 'bounce')) THEN
        RAISE EXCEPTION 'table % belongs to the bounce extension', tbl
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the events of a temporary table would outlive it, naming a dropped
    -- relation (whose OID a later table may take)
    IF EXISTS (SELECT FROM pg_class AS c
                WHERE c.oid = tbl AND c.relpersistence = 't') THEN
        RAISE EXCEPTION 'cannot attach temporary table %', tbl
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Its events would stay in bounce.events after the table is gone.';
    END IF;
    IF EXISTS (SELECT FROM pg_trigger AS t
                WHERE t.tgrelid = tbl AND t.tgname = 'bounce_parse_insert') THEN
        RAISE EXCEPTION 'table % is attached already', tbl
            USING ERRCODE = 'duplicate_object';
    END IF;

    SELECT a.atttypid INTO raw_type FROM pg_attribute AS a
     WHERE a.attrelid = tbl AND a.attname = raw_column
       AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'column "%" of relation % does not exist', raw_column, tbl
            USING ERRCODE = 'undefined_column';
    END IF;
    IF raw_type NOT IN ('text'::regtype, 'bytea'::regtype, 'character varying'::regtype) THEN
        RAISE EXCEPTION 'column "%" of relation % is of type %', raw_column, tbl, raw_type
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Raw messages are kept as text or bytea.';
    END IF;

    SELECT a.* INTO key_att FROM pg_attribute AS a
     WHERE a.attrelid = tbl AND a.attname = key_column
       AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'column "%" of relation % does not exist', key_column, tbl
            USING ERRCODE = 'undefined_column';
    END IF;
    IF NOT key_att.attnotnull OR NOT EXISTS (
            SELECT FROM pg_index AS i
             WHERE i.indrelid = tbl AND i.indisunique AND i.indnkeyatts = 1
               AND i.indkey[0] = key_att.attnum AND i.indpred IS NULL
               AND i.indexprs IS NULL) THEN
        RAISE EXCEPTION 'column "%" of relation % does not identify a row', key_column, tbl
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The key column must be NOT NULL with a unique index on it alone, such as a primary key.';
    END IF;

    IF received_column IS NOT NULL THEN
        SELECT a.atttypid INTO recv_type FROM pg_attribute AS a
         WHERE a.attrelid = tbl AND a.attname = received_column
           AND a.attnum > 0 AND NOT a.attisdropped;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'column "%" of relation % does not exist', received_column, tbl
                USING ERRCODE = 'undefined_column';
        END IF;
        IF recv_type NOT IN ('timestamp with time zone'::regtype,
                             'timestamp without time zone'::regtype,
                             'date'::regtype) THEN
            RAISE EXCEPTION 'column "%" of relation % is of type %', received_column, tbl, recv_type
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'The time a bounce arrived is a timestamp with time zone.';
        END IF;
    END IF;

    EXECUTE format('CREATE TRIGGER bounce_parse_insert AFTER INSERT ON %s'
                   ' REFERENCING NEW TABLE AS bounce_new_rows FOR EACH STATEMENT'
                   ' EXECUTE FUNCTION @extschema@.attached_inserted(%L, %L, %L)',
                   tbl, raw_column, key_column, coalesce(received_column, ''));
    EXECUTE format('CREATE TRIGGER bounce_parse_delete AFTER DELETE ON %s'
                   ' REFERENCING OLD TABLE AS bounce_old_rows FOR EACH STATEMENT'
                   ' EXECUTE FUNCTION @extschema@.attached_deleted(%L)',
                   tbl, key_column);
    EXECUTE format('CREATE TRIGGER bounce_parse_truncate AFTER TRUNCATE ON %s'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.attached_truncated()',
                   tbl);

    IF backfill THEN
        SELECT i.events INTO n
          FROM @extschema@.ingest_attached(tbl, raw_column, key_column,
                                           received_column, NULL) AS i;
    END IF;
    RETURN n;
END
$$;

COMMENT ON FUNCTION @extschema@.attach(regclass, name, name, name, boolean) IS
'parse the rows inserted into a table of raw messages into bounce.events';

-- Tables attached with attach(), read from their triggers.
CREATE VIEW @extschema@.attachments
WITH (security_invoker = true) AS
SELECT t.tgrelid::pg_catalog.regclass AS tbl,
       a.args[1]::name AS raw_column,
       a.args[2]::name AS key_column,
       nullif(a.args[3], '')::name AS received_column
  FROM pg_catalog.pg_trigger AS t
 CROSS JOIN LATERAL (
       SELECT pg_catalog.string_to_array(
                  pg_catalog.encode(t.tgargs, 'escape'), '\000') AS args) AS a
 WHERE t.tgfoid = '@extschema@.attached_inserted()'::pg_catalog.regprocedure
   AND t.tgname = 'bounce_parse_insert';

COMMENT ON VIEW @extschema@.attachments IS
'tables whose rows are parsed into bounce.events (see bounce.attach)';

-- Stop parsing an attached table; with drop_events, also remove the
-- events parsed from it.  Returns the events removed.
CREATE FUNCTION @extschema@.detach(tbl regclass, drop_events boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint := 0;
BEGIN
    IF NOT EXISTS (SELECT FROM @extschema@.attachments AS a WHERE a.tbl = $1) THEN
        RAISE EXCEPTION 'table % is not attached', tbl
            USING ERRCODE = 'undefined_object';
    END IF;
    EXECUTE format('DROP TRIGGER bounce_parse_insert ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS bounce_parse_delete ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS bounce_parse_truncate ON %s', tbl);
    IF drop_events THEN
        DELETE FROM @extschema@.events AS e WHERE e.source = $1;
        GET DIAGNOSTICS n = ROW_COUNT;
        DELETE FROM @extschema@.parse_failures AS f WHERE f.source = $1;
    END IF;
    RETURN n;
END
$$;

COMMENT ON FUNCTION @extschema@.detach(regclass, boolean) IS
'stop parsing an attached table (drop_events: also remove its events)';

-- Parse all rows of an attached table again, rebuilding its events.
CREATE FUNCTION @extschema@.reparse_table(
    tbl regclass,
    OUT messages bigint,
    OUT events_removed bigint,
    OUT events_added bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a record;
BEGIN
    SELECT * INTO a FROM @extschema@.attachments AS t WHERE t.tbl = $1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'table % is not attached', tbl
            USING ERRCODE = 'undefined_object';
    END IF;
    DELETE FROM @extschema@.events AS e WHERE e.source = $1;
    GET DIAGNOSTICS events_removed = ROW_COUNT;
    DELETE FROM @extschema@.parse_failures AS f WHERE f.source = $1;
    SELECT i.messages, i.events INTO messages, events_added
      FROM @extschema@.ingest_attached($1, a.raw_column, a.key_column,
                                       a.received_column, NULL) AS i;
END
$$;

COMMENT ON FUNCTION @extschema@.reparse_table(regclass) IS
'parse all rows of an attached table again and rebuild their events';

-- Apply the site rules to the stored events again (after rules were added,
-- changed or removed): reason becomes that of the matching rule, else the
-- built-in parsed_reason, and hard is recomputed where the reason changed.
-- With received_from, only events received from then on.  Returns the
-- number of events changed.
CREATE FUNCTION @extschema@.reclassify(received_from timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    UPDATE @extschema@.events AS e
       SET parsed_reason = coalesce(e.parsed_reason, e.reason),
           reason = coalesce(m.reason, e.parsed_reason, e.reason),
           rule_id = m.rule_id,
           hard = @extschema@.is_hard(coalesce(m.reason, e.parsed_reason, e.reason),
                                      e.status)
      FROM (SELECT x.id, r.rule_id, r.reason
              FROM @extschema@.events AS x
              LEFT JOIN LATERAL @extschema@.matching_rule(
                       x.diagnostic, x.status, x.reply_code, x.action,
                       coalesce(x.parsed_reason, x.reason)) AS r ON true
             WHERE received_from IS NULL OR x.received_at >= received_from) AS m
     WHERE e.id = m.id
       AND (e.rule_id IS DISTINCT FROM m.rule_id
            OR e.reason IS DISTINCT FROM coalesce(m.reason, e.parsed_reason, e.reason));
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

COMMENT ON FUNCTION @extschema@.reclassify(timestamptz) IS
'apply the site rules (bounce.rules) to stored events again';

--
-- daily_rollup: the counts of bounce.daily per domain, day and reason,
-- kept up to date by triggers on bounce.events while the setting rollup is
-- on (each statement adds what it inserted and takes away what it
-- deleted), or rebuilt on demand by refresh_rollup().  It is derived data:
-- pg_dump does not save it, and a restore rebuilds it as the events load.
--
-- Concurrent loads add to the same rows (today's, for the big domains).
-- Were each statement to update them at once, a transaction would hold
-- their locks from its first load to its commit, and two transactions
-- that each loaded twice could deadlock on them.  So a statement only
-- notes its changes in daily_rollup_pending, and a deferred trigger adds
-- up the transaction's notes and applies them at commit, in one pass in
-- key order: rollup rows are locked only while committing, always in the
-- same order.
--
CREATE TABLE @extschema@.daily_rollup (
    domain text,
    day date NOT NULL,
    reason @extschema@.reason,
    messages bigint NOT NULL DEFAULT 0,
    events bigint NOT NULL DEFAULT 0,
    hard bigint NOT NULL DEFAULT 0,
    soft bigint NOT NULL DEFAULT 0,
    delayed bigint NOT NULL DEFAULT 0,
    feedback bigint NOT NULL DEFAULT 0,
    autoreplies bigint NOT NULL DEFAULT 0,
    delivered bigint NOT NULL DEFAULT 0,
    CONSTRAINT daily_rollup_key UNIQUE NULLS NOT DISTINCT (domain, day, reason)
);

COMMENT ON TABLE @extschema@.daily_rollup IS
'event counts per domain, UTC day and reason, maintained incrementally (see bounce.daily_fast)';

-- Changes to daily_rollup that the open transaction has still to apply,
-- by its transaction id (first marks the row that queued the apply).
CREATE TABLE @extschema@.daily_rollup_pending (
    xid xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    first boolean NOT NULL DEFAULT false,
    domain text,
    day date NOT NULL,
    reason @extschema@.reason,
    messages bigint NOT NULL,
    events bigint NOT NULL,
    hard bigint NOT NULL,
    soft bigint NOT NULL,
    delayed bigint NOT NULL,
    feedback bigint NOT NULL,
    autoreplies bigint NOT NULL,
    delivered bigint NOT NULL,
    first_added timestamptz,
    last_added timestamptz,
    first_removed timestamptz,
    last_removed timestamptz
);

CREATE INDEX daily_rollup_pending_xid_idx
    ON @extschema@.daily_rollup_pending (xid);

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

-- Deferred trigger: apply the open transaction's pending changes to the
-- rollups, summed per row and in key order, and remove them; then look up
-- again the first and last times that removals made unknown (see
-- domain_rollup above).  Both rollups are written in key order, daily_rollup
-- after domain_rollup in every transaction, so that concurrent commits
-- cannot lock their rows in opposite orders.
CREATE FUNCTION @extschema@.daily_rollup_apply()
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

CREATE CONSTRAINT TRIGGER daily_rollup_pending_apply
AFTER INSERT ON @extschema@.daily_rollup_pending
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (NEW.first)
EXECUTE FUNCTION @extschema@.daily_rollup_apply();

-- Trigger on events: note the counts of the rows a statement inserted, and
-- those of the rows it deleted taken away, for the rollup at commit.
CREATE FUNCTION @extschema@.events_rollup()
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

CREATE TRIGGER events_rollup_insert
AFTER INSERT ON @extschema@.events
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.events_rollup();

CREATE TRIGGER events_rollup_update
AFTER UPDATE ON @extschema@.events
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.events_rollup();

CREATE TRIGGER events_rollup_delete
AFTER DELETE ON @extschema@.events
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.events_rollup();

CREATE TRIGGER events_rollup_truncate
AFTER TRUNCATE ON @extschema@.events
FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.events_rollup();

-- Rebuild daily_rollup and domain_rollup from bounce.events, in one scan
-- of the events; returns the number of rows of daily_rollup.  Writers to
-- bounce.events wait while it runs.
CREATE FUNCTION @extschema@.refresh_rollup()
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

--
-- Views.  Counts are of events (one per recipient of a bounce); messages
-- counts the bounce messages behind them.  bounced = hard + soft: final
-- failures.  top_reasons and reason_counts cover failures (hard, soft and
-- delayed).  Days are UTC days.
--
-- Like every view of the extension, they read the tables with the rights
-- of the querying role (security_invoker), so that its privileges and the
-- row-level security policies of the tables apply (doc/security.md).
--
-- The per-domain views add up rows per reason, with the send counts as
-- rows of their own (no reason, no events), so that a domain with sends
-- and no bounces has a row too, and a condition on domain or day reaches
-- the scan below (of the events, or of the rollup for domain_summary).
--
-- Do the rollups hold exactly what this transaction would count in
-- bounce.events?  They do while the setting rollup is on, unless this
-- transaction has changed events whose changes wait for its commit in
-- daily_rollup_pending, or row-level security on bounce.events could hide
-- some events from the querying role (the rollups count them all).  A
-- role without SELECT on daily_rollup_pending cannot have stored events
-- with the rollup on, so it has no pending changes.
CREATE FUNCTION @extschema@.rollup_is_current()
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

-- bounce.domain_summary reads domain_rollup when rollup_is_current(), the
-- events otherwise: each branch has the condition as a one-time filter
-- (an initplan), so only one of them runs, and both give the same rows.

-- The counts per domain and reason that bounce.domain_summary adds up,
-- read from the events.  The view calls it only when it cannot read
-- domain_rollup.  A function rather than a subquery of the view: a scan of
-- every event in the view's plan, even under a filter that skips it, makes
-- the planner judge the whole query costly and compile it with JIT, which
-- takes longer than reading the rollup.  The query inside is planned when
-- it runs, in parallel where that pays.
CREATE FUNCTION @extschema@.domain_reason_counts(
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

CREATE VIEW @extschema@.domain_summary
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

COMMENT ON VIEW @extschema@.domain_summary IS
'bounces per recipient domain, with the delivery rate where sends are known';

-- Counts per domain, UTC day and reason, the rows bounce.daily adds up.
CREATE VIEW @extschema@.daily_reasons
WITH (security_invoker = true) AS
SELECT e.domain,
       e.day,
       e.reason,
       pg_catalog.count(*) FILTER (WHERE e.first_for_domain) AS messages,
       pg_catalog.count(*) AS events,
       pg_catalog.count(*) FILTER (WHERE e.kind = 'hard') AS hard,
       pg_catalog.count(*) FILTER (WHERE e.kind = 'soft') AS soft,
       pg_catalog.count(*) FILTER (WHERE e.kind = 'delayed') AS delayed,
       pg_catalog.count(*) FILTER (WHERE e.kind = 'feedback') AS feedback,
       pg_catalog.count(*) FILTER (WHERE e.kind = 'autoreply') AS autoreplies,
       pg_catalog.count(*) FILTER (WHERE e.kind = 'delivered') AS delivered
  FROM @extschema@.events AS e
 GROUP BY e.domain, e.day, e.reason;

COMMENT ON VIEW @extschema@.daily_reasons IS
'event counts per recipient domain, UTC day and reason';

CREATE VIEW @extschema@.daily
WITH (security_invoker = true) AS
SELECT r.domain,
       r.day,
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
       pg_catalog.sum(r.sent)::bigint AS sent,
       CASE WHEN pg_catalog.sum(r.sent) > 0 THEN
           pg_catalog.round(greatest(pg_catalog.sum(r.sent)
                                     - pg_catalog.sum(r.hard + r.soft), 0)
                            / pg_catalog.sum(r.sent), 4)
       END AS delivery_rate
  FROM (SELECT x.domain, x.day, x.reason, x.messages, x.events, x.hard,
               x.soft, x.delayed, x.feedback, x.autoreplies, x.delivered,
               x.hard + x.soft + x.delayed AS failures, NULL::bigint AS sent
          FROM @extschema@.daily_reasons AS x
        UNION ALL
        SELECT c.domain, c.day, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, c.sent
          FROM @extschema@.sends_all AS c) AS r
 GROUP BY r.domain, r.day;

COMMENT ON VIEW @extschema@.daily IS
'bounces per recipient domain and UTC day, with the delivery rate where sends are known';

-- The same as bounce.daily, read from bounce.daily_rollup.
CREATE VIEW @extschema@.daily_fast
WITH (security_invoker = true) AS
SELECT r.domain,
       r.day,
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
       pg_catalog.sum(r.sent)::bigint AS sent,
       CASE WHEN pg_catalog.sum(r.sent) > 0 THEN
           pg_catalog.round(greatest(pg_catalog.sum(r.sent)
                                     - pg_catalog.sum(r.hard + r.soft), 0)
                            / pg_catalog.sum(r.sent), 4)
       END AS delivery_rate
  FROM (SELECT x.domain, x.day, x.reason, x.messages, x.events, x.hard,
               x.soft, x.delayed, x.feedback, x.autoreplies, x.delivered,
               x.hard + x.soft + x.delayed AS failures, NULL::bigint AS sent
          FROM @extschema@.daily_rollup AS x
         WHERE x.events > 0
        UNION ALL
        SELECT c.domain, c.day, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, c.sent
          FROM @extschema@.sends_all AS c) AS r
 GROUP BY r.domain, r.day;

COMMENT ON VIEW @extschema@.daily_fast IS
'bounce.daily read from bounce.daily_rollup instead of bounce.events';

CREATE VIEW @extschema@.reasons
WITH (security_invoker = true) AS
SELECT r.domain,
       r.reason,
       r.events,
       r.hard,
       r.soft,
       r.delayed,
       r.feedback,
       r.autoreplies,
       r.delivered,
       pg_catalog.round(r.events::numeric
                        / pg_catalog.sum(r.events) OVER (PARTITION BY r.domain), 4) AS share,
       r.first_seen,
       r.last_seen
  FROM (SELECT e.domain,
               e.reason,
               pg_catalog.count(*) AS events,
               pg_catalog.count(*) FILTER (WHERE e.kind = 'hard') AS hard,
               pg_catalog.count(*) FILTER (WHERE e.kind = 'soft') AS soft,
               pg_catalog.count(*) FILTER (WHERE e.kind = 'delayed') AS delayed,
               pg_catalog.count(*) FILTER (WHERE e.kind = 'feedback') AS feedback,
               pg_catalog.count(*) FILTER (WHERE e.kind = 'autoreply') AS autoreplies,
               pg_catalog.count(*) FILTER (WHERE e.kind = 'delivered') AS delivered,
               pg_catalog.min(e.received_at) AS first_seen,
               pg_catalog.max(e.received_at) AS last_seen
          FROM @extschema@.events AS e
         GROUP BY e.domain, e.reason) AS r;

COMMENT ON VIEW @extschema@.reasons IS
'events per recipient domain and reason, with the share of the domain''s events';

--
-- suppression: the addresses to stop mailing, one row each, with the rule
-- that put them there (the earliest to fire) and when.  Rules: any hard
-- bounce; any complaint (a feedback report whose type is in the setting
-- complaint_types, or has none); soft_limit soft bounces within
-- soft_window, counting only the reasons in soft_reasons.  A delivery to
-- the address (a delivered event) clears earlier bounces; an entry in
-- suppression_overrides clears earlier bounces and complaints.  The
-- settings are read once per query, so a change applies to all history.
--
CREATE VIEW @extschema@.suppression
WITH (security_invoker = true) AS
SELECT DISTINCT ON (c.address)
       c.address,
       c.domain,
       c.rule,
       c.reason,
       c.suppressed_at,
       c.event_id
  FROM (SELECT e.address, e.domain, 'hard'::text AS rule, 1 AS rank,
               e.reason, e.received_at AS suppressed_at, e.id AS event_id
          FROM @extschema@.events AS e
          LEFT JOIN (SELECT x.address, pg_catalog.max(x.at) AS cleared_at
                       FROM (SELECT d.address, d.received_at AS at
                               FROM @extschema@.events AS d
                              WHERE d.kind = 'delivered'
                             UNION ALL
                             SELECT o.address, o.cleared_at
                               FROM @extschema@.suppression_overrides AS o) AS x
                      GROUP BY x.address) AS cp ON cp.address = e.address
         WHERE e.kind = 'hard'
           AND e.address IS NOT NULL
           AND (cp.cleared_at IS NULL OR e.received_at > cp.cleared_at)
        UNION ALL
        SELECT e.address, e.domain, 'complaint'::text, 2,
               e.reason, e.received_at, e.id
          FROM @extschema@.events AS e
         CROSS JOIN (SELECT (SELECT @extschema@.setting('complaint_types'))::text[]
                            AS complaint_types) AS cfg
          LEFT JOIN @extschema@.suppression_overrides AS o
            ON o.address = e.address
         WHERE e.kind = 'feedback'
           AND e.address IS NOT NULL
           AND (e.feedback_type IS NULL
                OR pg_catalog.lower(e.feedback_type) = ANY (cfg.complaint_types))
           AND (o.cleared_at IS NULL OR e.received_at > o.cleared_at)
        UNION ALL
        SELECT w.address, w.domain, 'soft_repeated'::text, 3,
               w.reason, w.received_at, w.id
          FROM (SELECT e.address, e.domain, e.reason, e.received_at, e.id,
                       cfg.soft_window,
                       pg_catalog.lag(e.received_at, cfg.soft_limit - 1)
                           OVER (PARTITION BY e.address
                                 ORDER BY e.received_at, e.id) AS window_start
                  FROM @extschema@.events AS e
                 CROSS JOIN (SELECT (SELECT @extschema@.setting('soft_limit'))::integer
                                        AS soft_limit,
                                    (SELECT @extschema@.setting('soft_window'))::interval
                                        AS soft_window,
                                    (SELECT @extschema@.setting('soft_reasons'))::@extschema@.reason[]
                                        AS soft_reasons) AS cfg
                  LEFT JOIN (SELECT x.address, pg_catalog.max(x.at) AS cleared_at
                               FROM (SELECT d.address, d.received_at AS at
                                       FROM @extschema@.events AS d
                                      WHERE d.kind = 'delivered'
                                     UNION ALL
                                     SELECT o.address, o.cleared_at
                                       FROM @extschema@.suppression_overrides AS o) AS x
                              GROUP BY x.address) AS cp ON cp.address = e.address
                 WHERE e.kind = 'soft'
                   AND e.address IS NOT NULL
                   AND e.reason = ANY (cfg.soft_reasons)
                   AND (cp.cleared_at IS NULL OR e.received_at > cp.cleared_at)) AS w
         WHERE w.window_start >= w.received_at - w.soft_window) AS c
 ORDER BY c.address, c.suppressed_at, c.rank, c.event_id;

COMMENT ON VIEW @extschema@.suppression IS
'addresses to stop mailing, with the rule that put each there and since when';

-- Is the address on the suppression list?
CREATE FUNCTION @extschema@.is_suppressed(address text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT EXISTS (SELECT FROM @extschema@.suppression AS s
                    WHERE s.address = pg_catalog.lower($1));
END;

COMMENT ON FUNCTION @extschema@.is_suppressed(text) IS
'true when the address is on bounce.suppression';

-- Take an address off the suppression list: its earlier bounces and
-- complaints no longer count.  Returns whether it was on the list.
CREATE FUNCTION @extschema@.unsuppress(address text, note text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    was boolean := @extschema@.is_suppressed($1);
BEGIN
    INSERT INTO @extschema@.suppression_overrides AS o (address, cleared_at, note)
    VALUES (lower($1), now(), $2)
    ON CONFLICT ON CONSTRAINT suppression_overrides_pkey
    DO UPDATE SET cleared_at = excluded.cleared_at, note = excluded.note;
    RETURN was;
END
$$;

COMMENT ON FUNCTION @extschema@.unsuppress(text, text) IS
'take an address off bounce.suppression (earlier events stop counting)';

CREATE VIEW @extschema@.blocklists
WITH (security_invoker = true) AS
SELECT b.name AS blocklist,
       e.domain,
       e.day,
       pg_catalog.count(*) AS events,
       pg_catalog.count(DISTINCT e.address) AS addresses,
       pg_catalog.min(e.received_at) AS first_seen,
       pg_catalog.max(e.received_at) AS last_seen,
       pg_catalog.min(e.diagnostic) AS example
  FROM @extschema@.events AS e
  JOIN @extschema@.blocklist_patterns AS b ON e.diagnostic ~* b.pattern
 WHERE e.kind IN ('hard', 'soft', 'delayed')
 GROUP BY b.name, e.domain, e.day;

COMMENT ON VIEW @extschema@.blocklists IS
'failures whose diagnostic names a block list or reputation service, per domain and UTC day';

CREATE VIEW @extschema@.remote_mtas
WITH (security_invoker = true) AS
WITH g AS (
    SELECT f.remote_mta, f.domain, f.reason,
           pg_catalog.count(*) AS failures,
           pg_catalog.count(*) FILTER (WHERE f.kind = 'hard') AS hard,
           pg_catalog.count(*) FILTER (WHERE f.kind = 'soft') AS soft,
           pg_catalog.count(*) FILTER (WHERE f.kind = 'delayed') AS delayed,
           pg_catalog.min(f.received_at) AS first_seen,
           pg_catalog.max(f.received_at) AS last_seen
      FROM (SELECT @extschema@.mta_host(e.remote_mta) AS remote_mta,
                   e.domain, e.reason, e.kind, e.received_at
              FROM @extschema@.events AS e
             WHERE e.kind IN ('hard', 'soft', 'delayed')) AS f
     WHERE f.remote_mta IS NOT NULL
     GROUP BY f.remote_mta, f.domain, f.reason
), r AS (
    SELECT g.remote_mta, g.reason,
           pg_catalog.sum(g.failures)::bigint AS failures,
           pg_catalog.sum(g.hard)::bigint AS hard,
           pg_catalog.sum(g.soft)::bigint AS soft,
           pg_catalog.sum(g.delayed)::bigint AS delayed,
           pg_catalog.min(g.first_seen) AS first_seen,
           pg_catalog.max(g.last_seen) AS last_seen
      FROM g
     GROUP BY g.remote_mta, g.reason
)
SELECT r.remote_mta,
       d.domains,
       pg_catalog.sum(r.failures)::bigint AS failures,
       pg_catalog.sum(r.hard)::bigint AS hard,
       pg_catalog.sum(r.soft)::bigint AS soft,
       pg_catalog.sum(r.delayed)::bigint AS delayed,
       @extschema@.format_reasons(
           pg_catalog.array_agg(r.reason ORDER BY r.failures DESC, r.reason),
           pg_catalog.array_agg(r.failures ORDER BY r.failures DESC, r.reason)) AS top_reasons,
       pg_catalog.jsonb_object_agg(r.reason, r.failures)
           FILTER (WHERE r.reason IS NOT NULL) AS reason_counts,
       pg_catalog.min(r.first_seen) AS first_seen,
       pg_catalog.max(r.last_seen) AS last_seen
  FROM r
  JOIN (SELECT g.remote_mta, pg_catalog.count(DISTINCT g.domain) AS domains
          FROM g
         GROUP BY g.remote_mta) AS d ON d.remote_mta = r.remote_mta
 GROUP BY r.remote_mta, d.domains;

COMMENT ON VIEW @extschema@.remote_mtas IS
'failures per receiving mail server, with their reasons';

CREATE VIEW @extschema@.providers
WITH (security_invoker = true) AS
WITH g AS (
    SELECT @extschema@.mta_host(e.remote_mta) AS host, e.domain, e.reason,
           pg_catalog.count(*) AS events,
           pg_catalog.count(*) FILTER (WHERE e.kind = 'hard') AS hard,
           pg_catalog.count(*) FILTER (WHERE e.kind = 'soft') AS soft,
           pg_catalog.count(*) FILTER (WHERE e.kind = 'delayed') AS delayed,
           pg_catalog.count(*) FILTER (WHERE e.kind = 'feedback') AS feedback,
           pg_catalog.min(e.received_at) AS first_seen,
           pg_catalog.max(e.received_at) AS last_seen
      FROM @extschema@.events AS e
     GROUP BY 1, e.domain, e.reason
), p AS (
    SELECT coalesce(@extschema@.provider(g.host, g.domain), 'other') AS provider, g.*
      FROM g
), r AS (
    SELECT p.provider, p.reason,
           pg_catalog.sum(p.events)::bigint AS events,
           pg_catalog.sum(p.hard)::bigint AS hard,
           pg_catalog.sum(p.soft)::bigint AS soft,
           pg_catalog.sum(p.delayed)::bigint AS delayed,
           pg_catalog.sum(p.feedback)::bigint AS feedback,
           pg_catalog.sum(p.hard + p.soft + p.delayed)::bigint AS failures,
           pg_catalog.min(p.first_seen) AS first_seen,
           pg_catalog.max(p.last_seen) AS last_seen
      FROM p
     GROUP BY p.provider, p.reason
)
SELECT r.provider,
       d.domains,
       pg_catalog.sum(r.events)::bigint AS events,
       pg_catalog.sum(r.hard + r.soft)::bigint AS bounced,
       pg_catalog.sum(r.hard)::bigint AS hard,
       pg_catalog.sum(r.soft)::bigint AS soft,
       pg_catalog.sum(r.delayed)::bigint AS delayed,
       pg_catalog.sum(r.feedback)::bigint AS feedback,
       @extschema@.format_reasons(
           pg_catalog.array_agg(r.reason ORDER BY r.failures DESC, r.reason)
               FILTER (WHERE r.failures > 0),
           pg_catalog.array_agg(r.failures ORDER BY r.failures DESC, r.reason)
               FILTER (WHERE r.failures > 0)) AS top_reasons,
       pg_catalog.jsonb_object_agg(r.reason, r.failures)
           FILTER (WHERE r.failures > 0 AND r.reason IS NOT NULL) AS reason_counts,
       pg_catalog.min(r.first_seen) AS first_seen,
       pg_catalog.max(r.last_seen) AS last_seen
  FROM r
  JOIN (SELECT p.provider, pg_catalog.count(DISTINCT p.domain) AS domains
          FROM p
         GROUP BY p.provider) AS d ON d.provider = r.provider
 GROUP BY r.provider, d.domains;

COMMENT ON VIEW @extschema@.providers IS
'events per mailbox provider (bounce.provider_patterns), "other" when unknown';

--
-- pg_dump saves the tables that hold a site's data (and the sequences of
-- their identity columns); built-in rows of the pattern tables come back
-- with the extension instead.
--
SELECT pg_catalog.pg_extension_config_dump('@extschema@.messages', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.messages_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.events', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.events_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rules', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rules_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.sends', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.settings', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.suppression_overrides', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.parse_failures', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.blocklist_patterns',
                                           'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.provider_patterns',
                                           'WHERE NOT builtin');

-- END analytics

-- BEGIN security (maintained with doc/security.md)

--
-- Grants for the two kinds of roles an application has: one that stores
-- bounces, one that reads the figures.  No function of the extension is
-- SECURITY DEFINER: the insert trigger parses and stores events with the
-- rights of the role whose INSERT fires it, and the views read the tables
-- with the rights of the role that queries them.  So these roles need
-- rights on the tables underneath, and these functions grant exactly
-- those.  They run with the rights of their caller, who must own the
-- extension's tables (or be a member of their owner).
--

-- Raise an error unless the current role may grant on the extension's
-- tables.
CREATE FUNCTION @extschema@.check_grantor()
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    owner oid := (SELECT c.relowner FROM pg_class AS c
                   WHERE c.oid = '@extschema@.messages'::regclass);
BEGIN
    IF NOT pg_has_role(current_user, owner, 'USAGE') THEN
        RAISE EXCEPTION 'permission denied to grant rights on the tables of the bounce extension'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Only their owner, %s, and its members can.',
                                  owner::regrole);
    END IF;
END
$$;

-- Let a role store bounces: INSERT into bounce.messages (raw, received_at
-- and source), and what the insert trigger does in its name: read the
-- settings and rules, mark the messages, store events, keep the rollup.
CREATE FUNCTION @extschema@.grant_writer(role regrole)
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

COMMENT ON FUNCTION @extschema@.grant_writer(regrole) IS
'grant a role what it needs to store bounces in bounce.messages (see doc/security.md)';

-- Let a role read the views.  With addresses false, it may read every
-- column of bounce.events but those that identify a person (recipient,
-- address, diagnostic, original_message_id, event_key, source_key): the
-- per-domain, per-server and per-provider views work, and it gets no
-- rights on bounce.suppression, bounce.blocklists (which show addresses and
-- diagnostics) and bounce.suppression_overrides.
CREATE FUNCTION @extschema@.grant_analyst(role regrole, addresses boolean DEFAULT true)
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

COMMENT ON FUNCTION @extschema@.grant_analyst(regrole, boolean) IS
'grant a role what it needs to read the views (addresses false: not those showing addresses)';

-- END security

-- BEGIN events (maintained with doc/events.md)

--
-- Provider events: the bounce and complaint notifications that sending
-- services post to a webhook (Amazon SES, SendGrid, Mailgun, Postmark,
-- SparkPost), read into the rows of bounce.parse, so that the two combine
-- with UNION ALL and go into bounce.events alike.  The reason comes from
-- the classifier, over the server's words and codes the event carries;
-- the provider's own category decides only where those say nothing
-- specific.  doc/events.md has the mapping tables.
--
-- Every function here reads its argument and nothing else: an event of a
-- shape it does not know gives no row instead of an error, so that one
-- odd event never aborts a scan over many.
--

-- A point in time given by an event: seconds since 1970 (a JSON number or
-- a string of digits) or an ISO 8601 string ("2025-03-01T10:00:00.123Z",
-- an offset such as +02:00, or no zone for UTC).  NULL for anything else,
-- including dates that do not exist, so that no value raises an error.
CREATE FUNCTION @extschema@.event_time(value jsonb)
RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s text;
    m text[];
    secs numeric;
    last_day integer;
BEGIN
    IF jsonb_typeof(value) = 'number' THEN
        secs := value::numeric;
    ELSIF jsonb_typeof(value) = 'string' THEN
        s := btrim(value #>> '{}');
        IF s ~ '^[0-9]{1,12}(\.[0-9]+)?$' THEN
            secs := s::numeric;
        END IF;
    END IF;
    -- Rounded to microseconds first: the cast to double precision of a
    -- tiny fraction such as 1e-400 would raise an underflow error.
    IF secs IS NOT NULL THEN
        IF secs < 0 OR secs >= 253402300800 THEN
            RETURN NULL;
        END IF;
        RETURN to_timestamp(round(secs, 6)::double precision);
    END IF;
    IF s IS NULL THEN
        RETURN NULL;
    END IF;

    -- year, month, day, hour, minute, second, fraction, Z, sign, offset
    m := regexp_match(s, '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]'
                         '([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]+)?)?'
                         '(?:([Zz])|([+-])([0-9]{2}):?([0-9]{2})?)?$');
    IF m IS NULL OR m[1]::integer = 0 OR m[2]::integer NOT BETWEEN 1 AND 12
       OR m[4]::integer > 23 OR m[5]::integer > 59
       OR coalesce(m[6]::integer, 0) > 59
       OR coalesce(m[10]::integer, 0) > 15
       OR coalesce(m[11]::integer, 0) > 59 THEN
        RETURN NULL;
    END IF;
    last_day := extract(day FROM make_date(m[1]::integer, m[2]::integer, 1)
                                 + interval '1 month - 1 day');
    IF m[3]::integer NOT BETWEEN 1 AND last_day THEN
        RETURN NULL;
    END IF;
    RETURN timezone('UTC',
                    make_timestamp(m[1]::integer, m[2]::integer,
                                   m[3]::integer, m[4]::integer,
                                   m[5]::integer,
                                   round((coalesce(m[6], '0') ||
                                          coalesce(m[7], ''))::numeric,
                                         6)::double precision))
           - CASE m[9] WHEN '-' THEN -1 ELSE 1 END
             * make_interval(hours => coalesce(m[10]::integer, 0),
                             mins => coalesce(m[11]::integer, 0));
END
$$;

COMMENT ON FUNCTION @extschema@.event_time(jsonb) IS
'time stamp of a provider event (epoch seconds or ISO 8601), NULL when it is neither';

-- The domain of an address, lower-cased, without angle brackets or a
-- final dot; NULL when there is no domain.
CREATE FUNCTION @extschema@.address_domain(address text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN nullif(pg_catalog.rtrim(pg_catalog.lower(pg_catalog.substring($1,
                   '@([^@<>[:space:]]*)[>[:space:]]*$')), '.'), '');

COMMENT ON FUNCTION @extschema@.address_domain(text) IS
'lower-cased domain of an e-mail address (NULL when it has none)';

-- An address as a provider gives it, in the form bounce.parse reports
-- recipients: the part in angle brackets if any, the domain lower-cased;
-- NULL unless it is local@domain without white space, and when longer
-- than 512 bytes (as bounce.parse: such an address would not fit in the
-- index on bounce.events, and the insert of a whole batch would fail).
CREATE FUNCTION @extschema@.event_recipient(address text)
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

-- One row of bounce.parse from the fields of one provider event.  kind is
-- failed, delayed, feedback or vacation (anything else gives no row, as
-- does an unusable address).  The status and reply code come from the
-- event's own fields when they are well formed, else from the start of
-- the diagnostic; the reason from bounce.classify, where category (the
-- provider's term translated) decides when the words and codes say
-- nothing specific; permanent (the provider's word on it, NULL when it
-- gives none) supplies the status class when there is no code.
CREATE FUNCTION @extschema@.event_row(
    fmt text,
    kind text,
    address text,
    status_text text,
    reply_text text,
    diagnostic_text text,
    category @extschema@.reason,
    permanent boolean,
    remote text,
    reporting text,
    message_ref text,
    event_at timestamptz,
    fb_type text,
    OUT recipient text,
    OUT domain text,
    OUT action text,
    OUT status @extschema@.smtp_status,
    OUT reply_code integer,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT diagnostic text,
    OUT remote_mta text,
    OUT reporting_mta text,
    OUT smtp_command text,
    OUT original_message_id text,
    OUT arrived_at timestamptz,
    OUT format text,
    OUT feedback_type text,
    OUT details jsonb)
RETURNS SETOF record
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    code_re constant text :=
        '(?:^|[^0-9.])([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9]|\.[0-9])';
    words @extschema@.reason;
    bare @extschema@.reason;
BEGIN
    recipient := @extschema@.event_recipient(address);
    IF recipient IS NULL
       OR kind IS NULL OR kind NOT IN ('failed', 'delayed', 'feedback', 'vacation') THEN
        RETURN;
    END IF;
    domain := @extschema@.address_domain(recipient);
    format := fmt;
    arrived_at := event_at;
    remote_mta := nullif(btrim(regexp_replace(remote, '^\s*[A-Za-z]+\s*;', '')), '');
    reporting_mta := nullif(btrim(regexp_replace(reporting, '^\s*[A-Za-z]+\s*;', '')), '');
    original_message_id := nullif(btrim(message_ref), '');
    IF original_message_id LIKE '%@%' AND original_message_id NOT LIKE '<%' THEN
        original_message_id := '<' || original_message_id || '>';
    END IF;
    -- the server's words on one line, without a type such as "smtp;"
    diagnostic := nullif(btrim(regexp_replace(
                      regexp_replace(diagnostic_text,
                                     '^\s*[A-Za-z][A-Za-z0-9-]*\s*;', ''),
                      '\s+', ' ', 'g')), '');

    IF kind IN ('feedback', 'vacation') THEN
        reason := kind::@extschema@.reason;
        hard := false;
        IF kind = 'feedback' THEN
            feedback_type := nullif(lower(btrim(fb_type)), '');
        END IF;
        RETURN NEXT;
        RETURN;
    END IF;

    -- codes: the event's fields when well formed, else the diagnostic's
    action := kind;
    status := coalesce(substring(status_text, code_re),
                       substring(diagnostic, code_re))::@extschema@.smtp_status;
    IF reply_text ~ '^\s*[2-5][0-5][0-9]\s*$' THEN
        reply_code := btrim(reply_text)::integer;
    ELSE
        reply_code := substring(diagnostic, '^([2-5][0-5][0-9])(?![0-9])')::integer;
    END IF;
    status := coalesce(status, CASE
        WHEN reply_code BETWEEN 400 AND 499 THEN '4.0.0'
        WHEN reply_code BETWEEN 500 AND 599 THEN '5.0.0'
        WHEN permanent THEN '5.0.0'
        WHEN NOT permanent OR kind = 'delayed' THEN '4.0.0'
        ELSE '5.0.0' END::@extschema@.smtp_status);

    -- the reason: the words and codes, else the provider's category
    words := @extschema@.classify(diagnostic, status, reply_code);
    IF words = 'onhold' AND diagnostic IS NULL
       AND substring(status_text, code_re) IS NULL AND reply_code IS NULL THEN
        words := 'undefined';
    END IF;
    bare := @extschema@.classify(NULL,
                @extschema@.smtp_status(@extschema@.smtp_status_class(status),
                                        @extschema@.smtp_status_subject(status), 0),
                reply_code);
    IF category IS NOT NULL
       AND (words IN ('onhold', 'undefined') OR words = bare) THEN
        reason := category;
    ELSIF words IN ('onhold', 'undefined') AND kind = 'delayed' THEN
        reason := 'expired';
    ELSE
        reason := words;
    END IF;
    hard := @extschema@.is_hard(reason, status);
    RETURN NEXT;
END
$$;

COMMENT ON FUNCTION @extschema@.event_row(text, text, text, text, text, text,
    @extschema@.reason, boolean, text, text, text, timestamptz, text) IS
'one row of bounce.parse built from the fields of a provider event';

-- Amazon SES: a Bounce, DeliveryDelay or Complaint notification (the
-- "Message" of an SNS notification, or an event published with
-- "eventType").  One row per recipient listed.
CREATE FUNCTION @extschema@.parse_event_ses(
    event jsonb,
    OUT recipient text,
    OUT domain text,
    OUT action text,
    OUT status @extschema@.smtp_status,
    OUT reply_code integer,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT diagnostic text,
    OUT remote_mta text,
    OUT reporting_mta text,
    OUT smtp_command text,
    OUT original_message_id text,
    OUT arrived_at timestamptz,
    OUT format text,
    OUT feedback_type text,
    OUT details jsonb)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT r.*
  FROM (SELECT coalesce(event->>'notificationType', event->>'eventType') AS type) AS n
 CROSS JOIN LATERAL (
        SELECT CASE n.type WHEN 'Bounce' THEN 'failed'
                           WHEN 'DeliveryDelay' THEN 'delayed'
                           WHEN 'Complaint' THEN 'feedback' END AS kind,
               CASE n.type WHEN 'Bounce' THEN event->'bounce'
                           WHEN 'DeliveryDelay' THEN event->'deliveryDelay'
                           WHEN 'Complaint' THEN event->'complaint' END AS b
         -- computed once: pulled up, event->'bounce' would copy the whole
         -- object again for every recipient, quadratic in their number
         OFFSET 0) AS k
 CROSS JOIN LATERAL (
        SELECT CASE n.type WHEN 'Bounce' THEN k.b->'bouncedRecipients'
                           WHEN 'DeliveryDelay' THEN k.b->'delayedRecipients'
                           WHEN 'Complaint' THEN k.b->'complainedRecipients'
               END AS list) AS l
 CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(l.list) = 'array' THEN l.list ELSE '[]' END)
        WITH ORDINALITY AS e (rcpt, ord)
 CROSS JOIN LATERAL @extschema@.event_row(
        'ses-event', k.kind,
        e.rcpt->>'emailAddress', e.rcpt->>'status', NULL,
        e.rcpt->>'diagnosticCode',
        CASE WHEN n.type = 'Bounce' THEN
            CASE k.b->>'bounceSubType'
                WHEN 'NoEmail' THEN 'userunknown'
                WHEN 'Suppressed' THEN 'userunknown'
                WHEN 'MailboxFull' THEN 'mailboxfull'
                WHEN 'MessageTooLarge' THEN 'mesgtoobig'
                WHEN 'ContentRejected' THEN 'contenterror'
                WHEN 'AttachmentRejected' THEN 'contenterror'
            END
        ELSE
            CASE k.b->>'delayType'
                WHEN 'MailboxFull' THEN 'mailboxfull'
                WHEN 'SpamDetected' THEN 'spamdetected'
                WHEN 'RecipientServerError' THEN 'systemerror'
                WHEN 'IPFailure' THEN 'blocked'
                WHEN 'TransientCommunicationFailure' THEN 'networkerror'
            END
        END::@extschema@.reason,
        CASE WHEN n.type = 'DeliveryDelay' THEN false
             WHEN k.b->>'bounceType' = 'Permanent' THEN true
             WHEN k.b->>'bounceType' = 'Transient' THEN false END,
        k.b->>'remoteMtaIp', k.b->>'reportingMTA',
        event->'mail'->>'messageId',
        @extschema@.event_time(k.b->'timestamp'),
        k.b->>'complaintFeedbackType') AS r
 ORDER BY e.ord
$$;

COMMENT ON FUNCTION @extschema@.parse_event_ses(jsonb) IS
'rows of bounce.parse from an Amazon SES bounce, delay or complaint notification';

-- SendGrid: one event of its event webhook (bounce, blocked, dropped,
-- deferred or spamreport).
CREATE FUNCTION @extschema@.parse_event_sendgrid(
    event jsonb,
    OUT recipient text,
    OUT domain text,
    OUT action text,
    OUT status @extschema@.smtp_status,
    OUT reply_code integer,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT diagnostic text,
    OUT remote_mta text,
    OUT reporting_mta text,
    OUT smtp_command text,
    OUT original_message_id text,
    OUT arrived_at timestamptz,
    OUT format text,
    OUT feedback_type text,
    OUT details jsonb)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT r.*
  FROM (SELECT event->>'event' AS ev,
               event->>'event' = 'blocked' OR event->>'type' = 'blocked' AS blocked) AS n
 CROSS JOIN LATERAL @extschema@.event_row(
        'sendgrid-event',
        CASE WHEN n.ev IN ('bounce', 'blocked', 'dropped') THEN 'failed'
             WHEN n.ev = 'deferred' THEN 'delayed'
             WHEN n.ev = 'spamreport' THEN 'feedback' END,
        event->>'email', event->>'status', NULL,
        coalesce(event->>'reason', event->>'response'),
        CASE WHEN n.ev = 'dropped' THEN
            CASE event->>'reason' WHEN 'Invalid' THEN 'userunknown' END
        ELSE
            CASE event->>'bounce_classification'
                WHEN 'Invalid Address' THEN 'userunknown'
                WHEN 'Mailbox Unavailable' THEN 'suspend'
                WHEN 'Technical' THEN 'systemerror'
                WHEN 'Content' THEN 'contenterror'
                WHEN 'Reputation' THEN 'badreputation'
                WHEN 'Frequency or Volume' THEN 'speeding'
            END
        END::@extschema@.reason,
        CASE WHEN n.ev = 'deferred' OR n.blocked THEN false
             WHEN n.ev IN ('bounce', 'dropped') THEN true END,
        NULL, NULL,
        coalesce(event->>'smtp-id', event->>'sg_message_id'),
        @extschema@.event_time(event->'timestamp'),
        'abuse') AS r
$$;

COMMENT ON FUNCTION @extschema@.parse_event_sendgrid(jsonb) IS
'rows of bounce.parse from a SendGrid event webhook event';

-- Mailgun: a "failed" or "complained" event (the "event-data" of a
-- webhook, or an item of its events API).
CREATE FUNCTION @extschema@.parse_event_mailgun(
    event jsonb,
    OUT recipient text,
    OUT domain text,
    OUT action text,
    OUT status @extschema@.smtp_status,
    OUT reply_code integer,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT diagnostic text,
    OUT remote_mta text,
    OUT reporting_mta text,
    OUT smtp_command text,
    OUT original_message_id text,
    OUT arrived_at timestamptz,
    OUT format text,
    OUT feedback_type text,
    OUT details jsonb)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT r.*
  FROM (SELECT event->>'event' AS ev, event->>'severity' AS severity,
               event->'delivery-status' AS ds) AS n
 CROSS JOIN LATERAL @extschema@.event_row(
        'mailgun-event',
        CASE WHEN n.ev = 'failed' AND n.severity = 'temporary' THEN 'delayed'
             WHEN n.ev = 'failed' THEN 'failed'
             WHEN n.ev = 'complained' THEN 'feedback' END,
        event->>'recipient', n.ds->>'enhanced-code', n.ds->>'code',
        coalesce(nullif(btrim(n.ds->>'message'), ''), n.ds->>'description'),
        CASE WHEN event->>'reason' = 'old' THEN 'expired' END::@extschema@.reason,
        CASE n.severity WHEN 'permanent' THEN true WHEN 'temporary' THEN false END,
        n.ds->>'mx-host', NULL,
        event->'message'->'headers'->>'message-id',
        @extschema@.event_time(event->'timestamp'),
        'abuse') AS r
$$;

COMMENT ON FUNCTION @extschema@.parse_event_mailgun(jsonb) IS
'rows of bounce.parse from a Mailgun failed or complained event';

-- Postmark: a bounce or spam complaint webhook.  Its Type (or TypeCode)
-- says what kind of report it is and gives the category.
CREATE FUNCTION @extschema@.parse_event_postmark(
    event jsonb,
    OUT recipient text,
    OUT domain text,
    OUT action text,
    OUT status @extschema@.smtp_status,
    OUT reply_code integer,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT diagnostic text,
    OUT remote_mta text,
    OUT reporting_mta text,
    OUT smtp_command text,
    OUT original_message_id text,
    OUT arrived_at timestamptz,
    OUT format text,
    OUT feedback_type text,
    OUT details jsonb)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT r.*
  FROM (VALUES
        ('HardBounce', 1, 'failed', 'userunknown', true, NULL),
        ('Transient', 2, 'delayed', NULL, false, NULL),
        ('Unsubscribe', 16, 'feedback', NULL, NULL, 'unsubscribe'),
        ('AutoResponder', 64, 'vacation', NULL, NULL, NULL),
        ('AddressChange', 128, 'failed', 'hasmoved', true, NULL),
        ('DnsError', 256, 'failed', 'networkerror', false, NULL),
        ('SpamNotification', 512, 'failed', 'spamdetected', NULL, NULL),
        ('Unknown', 2048, 'failed', NULL, NULL, NULL),
        ('SoftBounce', 4096, 'failed', NULL, false, NULL),
        ('VirusNotification', 8192, 'failed', 'virusdetected', NULL, NULL),
        ('ChallengeVerification', 16384, 'failed', 'filtered', false, NULL),
        ('BadEmailAddress', 100000, 'failed', 'userunknown', true, NULL),
        ('SpamComplaint', 100001, 'feedback', NULL, NULL, 'abuse'),
        ('Blocked', 100006, 'failed', 'blocked', NULL, NULL),
        ('DMARCPolicy', 100009, 'failed', 'authfailure', NULL, NULL)
       ) AS t (type, code, kind, category, permanent, fb_type)
 CROSS JOIN LATERAL @extschema@.event_row(
        'postmark-event', t.kind,
        event->>'Email', NULL, NULL, event->>'Details',
        t.category::@extschema@.reason, t.permanent,
        NULL, NULL,
        event->>'MessageID',
        @extschema@.event_time(event->'BouncedAt'),
        t.fb_type) AS r
 WHERE event->>'RecordType' IN ('Bounce', 'SpamComplaint')
   AND coalesce(event->>'Type' = t.type, event->>'TypeCode' = t.code::text)
$$;

COMMENT ON FUNCTION @extschema@.parse_event_postmark(jsonb) IS
'rows of bounce.parse from a Postmark bounce or spam complaint webhook';

-- SparkPost: one item of its webhook batch, a message event of type
-- bounce, out_of_band, policy_rejection, delay or spam_complaint.  The
-- bounce class gives the category, or says the report is an auto-reply
-- (60), an unsubscribe request (90) or a subscribe request (80, no row).
CREATE FUNCTION @extschema@.parse_event_sparkpost(
    event jsonb,
    OUT recipient text,
    OUT domain text,
    OUT action text,
    OUT status @extschema@.smtp_status,
    OUT reply_code integer,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT diagnostic text,
    OUT remote_mta text,
    OUT reporting_mta text,
    OUT smtp_command text,
    OUT original_message_id text,
    OUT arrived_at timestamptz,
    OUT format text,
    OUT feedback_type text,
    OUT details jsonb)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT r.*
  FROM (SELECT event->'msys'->'message_event' AS m) AS n
  LEFT JOIN (VALUES
        ('1', NULL, NULL, NULL),
        ('10', NULL, 'userunknown', true),
        ('20', NULL, NULL, false),
        ('21', NULL, 'networkerror', false),
        ('22', NULL, 'mailboxfull', false),
        ('23', NULL, 'mesgtoobig', false),
        ('24', NULL, 'expired', false),
        ('25', NULL, NULL, true),
        ('30', NULL, 'userunknown', true),
        ('40', NULL, NULL, false),
        ('50', NULL, 'blocked', NULL),
        ('51', NULL, 'badreputation', NULL),
        ('52', NULL, 'spamdetected', NULL),
        ('53', NULL, 'contenterror', NULL),
        ('54', NULL, 'norelaying', NULL),
        ('60', 'vacation', NULL, NULL),
        ('70', NULL, NULL, false),
        ('80', 'none', NULL, NULL),
        ('90', 'feedback', NULL, NULL),
        ('100', NULL, 'filtered', false)
       ) AS c (class, kind, category, permanent)
    ON c.class = n.m->>'bounce_class'
 CROSS JOIN LATERAL @extschema@.event_row(
        'sparkpost-event',
        coalesce(c.kind,
                 CASE WHEN n.m->>'type' IN ('bounce', 'out_of_band',
                                           'policy_rejection') THEN 'failed'
                      WHEN n.m->>'type' = 'delay' THEN 'delayed'
                      WHEN n.m->>'type' = 'spam_complaint' THEN 'feedback' END),
        n.m->>'rcpt_to', NULL, n.m->>'error_code',
        coalesce(n.m->>'raw_reason', n.m->>'reason'),
        c.category::@extschema@.reason, c.permanent,
        NULL, NULL,
        n.m->>'message_id',
        @extschema@.event_time(n.m->'timestamp'),
        CASE WHEN c.kind = 'feedback' THEN 'unsubscribe'
             ELSE coalesce(n.m->>'fbtype', 'abuse') END) AS r
$$;

COMMENT ON FUNCTION @extschema@.parse_event_sparkpost(jsonb) IS
'rows of bounce.parse from a SparkPost message event';

-- The rows of one JSON object: the provider is recognised by the shape of
-- the object; an SNS notification is opened and its message read.
CREATE FUNCTION @extschema@.parse_event_object(
    event jsonb,
    OUT recipient text,
    OUT domain text,
    OUT action text,
    OUT status @extschema@.smtp_status,
    OUT reply_code integer,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT diagnostic text,
    OUT remote_mta text,
    OUT reporting_mta text,
    OUT smtp_command text,
    OUT original_message_id text,
    OUT arrived_at timestamptz,
    OUT format text,
    OUT feedback_type text,
    OUT details jsonb)
RETURNS SETOF record
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    message text;
BEGIN
    IF jsonb_typeof(event) <> 'object' THEN
        RETURN;
    END IF;
    IF event->>'Type' = 'Notification' AND jsonb_typeof(event->'Message') = 'string' THEN
        -- XXX the message is read only when it looks like a JSON object
        -- (braces at both ends), but one that looks like it and is not
        -- valid JSON still raises an error: PostgreSQL 15 has no test of
        -- JSON syntax short of the cast, and catching the cast's error
        -- would take a subtransaction, which a parallel query cannot start.
        message := btrim(event->>'Message', E' \t\r\n');
        IF message LIKE '{%}' THEN
            RETURN QUERY SELECT * FROM @extschema@.parse_event_object(message::jsonb);
        END IF;
    ELSIF event ? 'notificationType' OR event ? 'eventType' THEN
        RETURN QUERY SELECT * FROM @extschema@.parse_event_ses(event);
    ELSIF event ? 'RecordType' THEN
        RETURN QUERY SELECT * FROM @extschema@.parse_event_postmark(event);
    ELSIF jsonb_typeof(event->'msys') = 'object' THEN
        RETURN QUERY SELECT * FROM @extschema@.parse_event_sparkpost(event);
    ELSIF jsonb_typeof(event->'event-data') = 'object' THEN
        RETURN QUERY SELECT * FROM @extschema@.parse_event_mailgun(event->'event-data');
    ELSIF event ? 'event' AND event ? 'email' THEN
        RETURN QUERY SELECT * FROM @extschema@.parse_event_sendgrid(event);
    ELSIF event ? 'event' AND event ? 'recipient' THEN
        RETURN QUERY SELECT * FROM @extschema@.parse_event_mailgun(event);
    END IF;
END
$$;

--
-- parse_event(event): the rows of bounce.parse for a provider's webhook
-- event, or for each element of an array of them.  Events that are not
-- bounces, delays or complaints (deliveries, opens, clicks) give no rows.
--
CREATE FUNCTION @extschema@.parse_event(
    event jsonb,
    OUT recipient text,
    OUT domain text,
    OUT action text,
    OUT status @extschema@.smtp_status,
    OUT reply_code integer,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT diagnostic text,
    OUT remote_mta text,
    OUT reporting_mta text,
    OUT smtp_command text,
    OUT original_message_id text,
    OUT arrived_at timestamptz,
    OUT format text,
    OUT feedback_type text,
    OUT details jsonb)
RETURNS SETOF record
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE ROWS 1
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    item jsonb;
BEGIN
    IF jsonb_typeof(event) <> 'array' THEN
        RETURN QUERY SELECT * FROM @extschema@.parse_event_object(event);
        RETURN;
    END IF;
    FOR item IN SELECT e.value
                  FROM jsonb_array_elements(event) WITH ORDINALITY AS e
                 ORDER BY e.ordinality
    LOOP
        RETURN QUERY SELECT * FROM @extschema@.parse_event_object(item);
    END LOOP;
END
$$;

COMMENT ON FUNCTION @extschema@.parse_event(jsonb) IS
'recipients reported on by a sending service''s bounce or complaint event, as bounce.parse reports them';

-- A SparkPost bounce class, with the name and category its documentation
-- gives it, as provider_category reports it.
CREATE FUNCTION @extschema@.sparkpost_class(class integer)
RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT pg_catalog.jsonb_build_object('type', 'bounce', 'bounce_class', c.class,
                                         'name', c.name, 'category', c.category)
      FROM (VALUES (1, 'Undetermined', 'Undetermined'),
                   (10, 'Invalid Recipient', 'Hard'),
                   (20, 'Soft Bounce', 'Soft'),
                   (21, 'DNS Failure', 'Soft'),
                   (22, 'Mailbox Full', 'Soft'),
                   (23, 'Too Large', 'Soft'),
                   (24, 'Timeout', 'Soft'),
                   (40, 'Generic Bounce', 'Soft'),
                   (50, 'Mail Block', 'Block'),
                   (51, 'Spam Block', 'Block'),
                   (52, 'Spam Content', 'Block'),
                   (53, 'Prohibited Attachment', 'Block'),
                   (54, 'Relaying Denied', 'Block'),
                   (60, 'Auto-Reply', 'Soft'),
                   (70, 'Transient Failure', 'Soft')) AS c (class, name, category)
     WHERE c.class = $1;
END;

--
-- provider_category(reason, provider): the other direction, the terms in
-- which a provider would report a failure for that reason, as a JSON
-- object of its field names and values; NULL when the provider has no
-- such report (SES, SendGrid and Mailgun report no auto-replies).  The
-- providers: ses, sendgrid, mailgun, postmark, sparkpost.
--
CREATE FUNCTION @extschema@.provider_category(
    reason @extschema@.reason,
    provider text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p text := lower(btrim(provider));
    t record;
    permanent boolean := @extschema@.is_hard(reason, '5.0.0');
BEGIN
    IF p NOT IN ('ses', 'sendgrid', 'mailgun', 'postmark', 'sparkpost') THEN
        RAISE EXCEPTION 'unrecognized provider "%"', provider
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The providers are ses, sendgrid, mailgun, postmark and sparkpost.';
    END IF;

    SELECT v.* INTO t
      FROM (VALUES
        ('authfailure', 'General', 'Technical', 'DMARCPolicy', 100009, 50),
        ('badreputation', 'General', 'Reputation', 'Blocked', 100006, 51),
        ('blocked', 'General', 'Reputation', 'Blocked', 100006, 50),
        ('contenterror', 'ContentRejected', 'Content', 'SoftBounce', 4096, 40),
        ('exceedlimit', 'MessageTooLarge', 'Content', 'SoftBounce', 4096, 23),
        ('expired', 'General', 'Technical', 'Transient', 2, 24),
        ('failedstarttls', 'General', 'Technical', 'SoftBounce', 4096, 40),
        ('filtered', 'General', 'Mailbox Unavailable', 'SoftBounce', 4096, 50),
        ('hasmoved', 'General', 'Invalid Address', 'AddressChange', 128, 10),
        ('hostunknown', 'General', 'Invalid Address', 'HardBounce', 1, 10),
        ('mailboxfull', 'MailboxFull', 'Mailbox Unavailable', 'SoftBounce', 4096, 22),
        ('mailererror', 'General', 'Technical', 'SoftBounce', 4096, 20),
        ('mesgtoobig', 'MessageTooLarge', 'Content', 'SoftBounce', 4096, 23),
        ('networkerror', 'General', 'Technical', 'DnsError', 256, 21),
        ('norelaying', 'General', 'Technical', 'SoftBounce', 4096, 54),
        ('notaccept', 'General', 'Invalid Address', 'HardBounce', 1, 10),
        ('notcompliantrfc', 'ContentRejected', 'Content', 'SoftBounce', 4096, 40),
        ('onhold', 'Undetermined', 'Unclassified', 'Unknown', 2048, 1),
        ('policyviolation', 'General', 'Unclassified', 'SoftBounce', 4096, 50),
        ('rejected', 'General', 'Reputation', 'Blocked', 100006, 50),
        ('requireptr', 'General', 'Technical', 'Blocked', 100006, 50),
        ('securityerror', 'General', 'Technical', 'SoftBounce', 4096, 40),
        ('spamdetected', 'ContentRejected', 'Content', 'SpamNotification', 512, 52),
        ('speeding', 'General', 'Frequency or Volume', 'SoftBounce', 4096, 70),
        ('suspend', 'General', 'Mailbox Unavailable', 'SoftBounce', 4096, 20),
        ('syntaxerror', 'General', 'Technical', 'SoftBounce', 4096, 40),
        ('systemerror', 'General', 'Technical', 'SoftBounce', 4096, 20),
        ('systemfull', 'General', 'Technical', 'SoftBounce', 4096, 20),
        ('toomanyconn', 'General', 'Frequency or Volume', 'SoftBounce', 4096, 70),
        ('undefined', 'Undetermined', 'Unclassified', 'Unknown', 2048, 1),
        ('userunknown', 'NoEmail', 'Invalid Address', 'HardBounce', 1, 10),
        ('virusdetected', 'ContentRejected', 'Content', 'VirusNotification', 8192, 53)
           ) AS v (name, ses_subtype, sendgrid, postmark, postmark_code, sparkpost)
     WHERE v.name = reason::text;

    IF reason = 'delivered' THEN
        RETURN CASE p
            WHEN 'ses' THEN '{"notificationType": "Delivery"}'
            WHEN 'sendgrid' THEN '{"event": "delivered"}'
            WHEN 'mailgun' THEN '{"event": "delivered"}'
            WHEN 'postmark' THEN '{"RecordType": "Delivery"}'
            ELSE '{"type": "delivery"}' END::jsonb;
    ELSIF reason = 'feedback' THEN
        RETURN CASE p
            WHEN 'ses' THEN '{"notificationType": "Complaint"}'
            WHEN 'sendgrid' THEN '{"event": "spamreport"}'
            WHEN 'mailgun' THEN '{"event": "complained"}'
            WHEN 'postmark' THEN '{"RecordType": "SpamComplaint", "Type": "SpamComplaint", "TypeCode": 100001}'
            ELSE '{"type": "spam_complaint"}' END::jsonb;
    ELSIF reason = 'vacation' THEN
        RETURN CASE p
            WHEN 'postmark' THEN '{"RecordType": "Bounce", "Type": "AutoResponder", "TypeCode": 64}'::jsonb
            WHEN 'sparkpost' THEN @extschema@.sparkpost_class(60)
            END;
    END IF;

    RETURN CASE p
        WHEN 'ses' THEN jsonb_build_object(
            'notificationType', 'Bounce',
            'bounceType', CASE WHEN t.ses_subtype = 'Undetermined' THEN 'Undetermined'
                               WHEN permanent THEN 'Permanent'
                               ELSE 'Transient' END,
            'bounceSubType', CASE WHEN permanent AND t.ses_subtype <> 'NoEmail'
                                  THEN 'General' ELSE t.ses_subtype END)
        WHEN 'sendgrid' THEN jsonb_build_object(
            'event', 'bounce', 'bounce_classification', t.sendgrid)
        WHEN 'mailgun' THEN jsonb_build_object(
            'event', 'failed',
            'severity', CASE WHEN permanent THEN 'permanent' ELSE 'temporary' END)
        WHEN 'postmark' THEN jsonb_build_object(
            'RecordType', 'Bounce', 'Type', t.postmark, 'TypeCode', t.postmark_code)
        ELSE @extschema@.sparkpost_class(t.sparkpost)
    END;
END
$$;

COMMENT ON FUNCTION @extschema@.provider_category(@extschema@.reason, text) IS
'how a sending service (ses, sendgrid, mailgun, postmark, sparkpost) would report a failure for this reason';

-- END events

-- BEGIN privacy (maintained with doc/privacy.md)

--
-- Pseudonymised addresses, for analysts who may see which domains bounce
-- and why but not who.  A pseudonym is a keyed hash (HMAC-SHA256) of the
-- whole address: the same address and key always give the same pseudonym,
-- so events can still be counted and joined per address, but without the
-- key nobody can compute the pseudonym of a guessed address, and nothing
-- leads back from a pseudonym to its address.  It is not encryption.
--

-- HMAC-SHA256 (RFC 2104) of a message under a key, built on the sha256()
-- of the core server, so that pgcrypto is not needed.
CREATE FUNCTION @extschema@.hmac_sha256(message bytea, key bytea)
RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k bytea := CASE WHEN length(key) > 64 THEN sha256(key) ELSE key END;
    inner_pad bytea;
    outer_pad bytea;
BEGIN
    k := k || decode(repeat('00', 64 - length(k)), 'hex');
    inner_pad := k;
    outer_pad := k;
    FOR i IN 0..63 LOOP
        inner_pad := set_byte(inner_pad, i, get_byte(k, i) # 54);
        outer_pad := set_byte(outer_pad, i, get_byte(k, i) # 92);
    END LOOP;
    RETURN sha256(outer_pad || sha256(inner_pad || message));
END
$$;

COMMENT ON FUNCTION @extschema@.hmac_sha256(bytea, bytea) IS
'HMAC-SHA256 (RFC 2104) of a message under a key';

-- The pseudonym of an address: the first 32 hexadecimal digits of the
-- HMAC-SHA256, under key, of the address in lower case (without white
-- space or angle brackets around it), followed by @ and its domain.  The
-- bytes hashed are those of the database encoding: doubling backslashes
-- before the cast to bytea turns the text into its bytes unchanged.
CREATE FUNCTION @extschema@.pseudonymize(address text, key text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a text := lower(btrim(address, E' \t\r\n<>'));
    h text;
BEGIN
    IF key = '' THEN
        RAISE EXCEPTION 'pseudonymization key must not be empty'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF a = '' THEN
        RETURN NULL;
    END IF;
    h := left(encode(@extschema@.hmac_sha256(
                         replace(a, E'\\', E'\\\\')::bytea,
                         replace(key, E'\\', E'\\\\')::bytea), 'hex'), 32);
    RETURN h || coalesce('@' || @extschema@.address_domain(a), '');
END
$$;

COMMENT ON FUNCTION @extschema@.pseudonymize(text, text) IS
'keyed hash (HMAC-SHA256) of an address in place of its local part, domain kept';

-- Free text (a diagnostic) with the local part of every address in it
-- replaced by "redacted", domains kept.
CREATE FUNCTION @extschema@.redact_addresses(message text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN pg_catalog.regexp_replace($1,
           '[^][[:space:]<>(),;:"@]+@([^][[:space:]<>(),;:"@]+)',
           'redacted@\1', 'g');

COMMENT ON FUNCTION @extschema@.redact_addresses(text) IS
'text with the local part of each e-mail address in it replaced by "redacted"';

-- END privacy

-- BEGIN explain (maintained with src/explain.c)

--
-- explain(raw): why each recipient got its reason.  One row per recipient,
-- in the order of parse(raw), with the same reason and hard flag; then the
-- step that decided (decoder, provider, phrase, status, command, reply,
-- action or fallback), the rule it used, what the status code alone and
-- the text alone would say, and which of the two the reason agrees with.
--
CREATE FUNCTION @extschema@.explain(
    raw text,
    OUT recipient text,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT format text,
    OUT decided_by text,
    OUT rule text,
    OUT status_reason @extschema@.reason,
    OUT text_reason @extschema@.reason,
    OUT winner text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'explain_text_raw'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 1;

COMMENT ON FUNCTION @extschema@.explain(text) IS
'why each recipient of a bounce message got its reason';

-- The same for a message kept as bytes.
CREATE FUNCTION @extschema@.explain(
    raw bytea,
    OUT recipient text,
    OUT reason @extschema@.reason,
    OUT hard boolean,
    OUT format text,
    OUT decided_by text,
    OUT rule text,
    OUT status_reason @extschema@.reason,
    OUT text_reason @extschema@.reason,
    OUT winner text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'explain_bytea_raw'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 1;

COMMENT ON FUNCTION @extschema@.explain(bytea) IS
'why each recipient of a bounce message given as bytes got its reason';

-- END explain
