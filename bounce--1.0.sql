/* bounce--1.0.sql */

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
    OUT feedback_type text)
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
    OUT feedback_type text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'parse_bytea'
LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE ROWS 1;

COMMENT ON FUNCTION @extschema@.parse(bytea) IS
'recipients reported on by a bounce message given as bytes';

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

