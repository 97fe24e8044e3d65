-- test/load_fixtures.sql: the sample bounces as templates of distinct
-- bounces, for test/load_test.sh and test/crash_test.sh.
--
-- Run by psql -f in a database with the bounce extension, with
-- "name<TAB>base64" lines (eml_copy_stream in test/lib.sh) on its standard
-- input.  Creates load_fixtures (id 1..n, name, template,
-- recipients): replacing Zq9LoadTag in a template by a new tag gives a new
-- bounce, with the recipients, statuses and reasons of the file but event
-- keys of its own.  The tag goes into the local part of the Message-ID of
-- the original message that the bounce quotes, which identifies the bounce;
-- a bounce that quotes none is identified by a digest of all of it, so
-- there a line with the tag is appended.  A file is left out when two
-- tagged copies do not parse as the file does, or share an event key (the
-- Message-ID only in an encoded part, say); load_candidates keeps all.

SET client_min_messages = warning;
CREATE TABLE load_source (name text PRIMARY KEY, b64 text NOT NULL);
\copy load_source FROM pstdin
CREATE SEQUENCE load_tag;

-- What parsing a message gives, with each recipient's event key computed
-- as the insert trigger does.
CREATE FUNCTION load_keys(raw text)
RETURNS TABLE (recipient text, status text, reason text, hard boolean, key uuid)
LANGUAGE sql AS $$
    SELECT p.recipient, p.status::text, p.reason::text, p.hard,
           bounce.event_key(coalesce(p.original_message_id, md5(raw)),
                            p.recipient, p.status)
      FROM bounce.parse(raw) AS p
$$;

CREATE TABLE load_candidates AS
SELECT s.name, t.template, r.raw
  FROM load_source AS s
 CROSS JOIN LATERAL (SELECT convert_from(decode(s.b64, 'base64'), 'UTF8') AS raw) AS r
 CROSS JOIN LATERAL (
       SELECT btrim(min(p.original_message_id), '<> ') AS mid
         FROM bounce.parse(r.raw) AS p) AS m
 CROSS JOIN LATERAL (
       SELECT CASE WHEN m.mid LIKE '%_@_%' AND strpos(r.raw, m.mid) > 0
                   THEN replace(r.raw, m.mid,
                                regexp_replace(m.mid, '@', '.Zq9LoadTag@'))
                   ELSE r.raw || E'\nZq9LoadTag\n'
              END AS template) AS t;

CREATE TABLE load_fixtures (
    id integer PRIMARY KEY,
    name text NOT NULL,
    template text NOT NULL,
    recipients integer NOT NULL
);

INSERT INTO load_fixtures
SELECT row_number() OVER (ORDER BY c.name), c.name, c.template,
       (SELECT count(*) FROM bounce.parse(c.raw))
  FROM load_candidates AS c
 CROSS JOIN LATERAL (SELECT replace(c.template, 'Zq9LoadTag', 'a1') AS a1,
                            replace(c.template, 'Zq9LoadTag', 'a2') AS a2) AS v
 WHERE NOT EXISTS (
           (SELECT recipient, status, reason, hard FROM load_keys(c.raw)
            EXCEPT ALL
            SELECT recipient, status, reason, hard FROM load_keys(v.a1))
           UNION ALL
           (SELECT recipient, status, reason, hard FROM load_keys(v.a1)
            EXCEPT ALL
            SELECT recipient, status, reason, hard FROM load_keys(c.raw)))
   AND (SELECT count(DISTINCT k.key) FROM load_keys(v.a1) AS k)
       = (SELECT count(*) FROM bounce.parse(c.raw))
   AND NOT EXISTS (
           SELECT k.key FROM load_keys(v.a1) AS k
           INTERSECT
           (SELECT k.key FROM load_keys(v.a2) AS k
            UNION ALL
            SELECT k.key FROM load_keys(c.raw) AS k));
