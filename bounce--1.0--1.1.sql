/* bounce--1.0--1.1.sql: update from 1.0 to 1.1 */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION bounce UPDATE TO '1.1'" to load this file. \quit

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
