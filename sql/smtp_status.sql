--
-- smtp_status: the enhanced mail system status code type (RFC 3463)
--
SET search_path = bounce, public;

--
-- Text input and canonical output
--
SELECT '5.1.1'::smtp_status AS a, '4.07.010'::smtp_status AS b,
       '2.000.000'::smtp_status AS c, '5.999.999'::smtp_status AS d;

SELECT s, s::smtp_status AS canonical,
       s::smtp_status::text::smtp_status = s::smtp_status AS round_trip
FROM (VALUES ('2.0.0'), ('4.4.7'), ('5.1.1'), ('5.01.1'), ('5.1.01'),
             ('5.001.001'), ('4.7.26'), ('5.100.10'), ('2.999.0')) AS v(s);

SELECT NULL::smtp_status AS null_status,
       smtp_status_class(NULL) AS null_class,
       smtp_status_meaning(NULL) AS null_meaning,
       smtp_status(5, NULL, 1) AS null_part;

--
-- Bad input: every case is 22P02, with a detail saying what is wrong.
-- On PostgreSQL 16 and later these errors are soft, so that
-- pg_input_is_valid() and pg_input_error_info() report them without
-- raising; this test runs on older servers too and does not call them.
--
CREATE FUNCTION pg_temp.try_status(s text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    RETURN s::bounce.smtp_status::text;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ' ' || SQLERRM || ' / ' || detail;
END
$$;

SELECT format('%L', s) AS input, pg_temp.try_status(s) AS result
FROM (VALUES ('6.1.1'), ('3.0.0'), ('55.1.1'), ('5.1'), ('5.1.1000'),
             ('5.1000.1'), (''), (' 5.1.1'), ('5.1.1 '), ('5.1.1.1'),
             ('a.b.c'), ('5..1'), ('.1.1'), ('5.1.'), ('-5.1.1'),
             ('5.1.x'), ('5,1,1')) AS v(s);

-- The same errors as a client sees them.
SELECT '6.1.1'::smtp_status;
SELECT '5.1.1000'::smtp_status;
SELECT 'a.b.c'::smtp_status;

--
-- Constructor: parts out of range are 22003.
--
SELECT smtp_status(5, 1, 1) AS a, smtp_status(2, 0, 0) AS b,
       smtp_status(4, 999, 999) AS c,
       smtp_status(5, 7, 26) = '5.7.26' AS same;

CREATE FUNCTION pg_temp.try_parts(c int, s int, d int) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    RETURN bounce.smtp_status(c, s, d)::text;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ' ' || SQLERRM || ' / ' || detail;
END
$$;

SELECT c, s, d, pg_temp.try_parts(c, s, d) AS result
FROM (VALUES (6, 1, 1), (0, 0, 0), (-5, 1, 1), (5, 1000, 1), (5, -1, 1),
             (5, 1, 1000), (5, 1, -1)) AS v(c, s, d);

--
-- Accessors and predicates
--
SELECT s, smtp_status_class(s) AS class, smtp_status_subject(s) AS subject,
       smtp_status_detail(s) AS detail,
       smtp_status_is_permanent(s) AS permanent,
       smtp_status_is_transient(s) AS transient
FROM (VALUES ('2.1.5'::smtp_status), ('4.2.2'), ('5.1.1'), ('5.999.0'),
             ('4.0.999')) AS v(s);

--
-- Meanings: registered titles, then fallbacks to class and subject, then
-- to the class alone for unregistered subjects.
--
SELECT s, smtp_status_meaning(s) AS meaning
FROM (VALUES ('2.0.0'::smtp_status), ('5.1.1'), ('4.1.1'), ('5.1.10'),
             ('5.2.2'), ('5.3.4'), ('4.4.7'), ('5.5.6'), ('5.6.8'),
             ('5.6.10'), ('5.7.1'), ('5.7.26'), ('5.7.30')) AS v(s);

SELECT s, smtp_status_meaning(s) AS meaning
FROM (VALUES ('5.0.1'::smtp_status), ('4.1.11'), ('5.2.99'), ('2.3.7'),
             ('4.4.8'), ('5.5.7'), ('5.6.11'), ('5.7.31'), ('5.8.0'),
             ('4.999.999'), ('2.10.1')) AS v(s);

--
-- Comparison: numeric by class, then subject, then detail.
--
SELECT '5.1.1'::smtp_status = '5.01.001' AS eq,
       '5.1.1'::smtp_status <> '5.1.2' AS ne,
       '5.1.2'::smtp_status < '5.1.10' AS lt,
       '5.1.10'::smtp_status <= '5.1.10' AS le,
       '5.2.0'::smtp_status > '5.1.999' AS gt,
       '4.9.9'::smtp_status >= '5.0.0' AS ge;

SELECT smtp_status_cmp('5.1.1', '5.1.1') AS same,
       smtp_status_cmp('4.7.1', '5.0.0') AS less,
       smtp_status_cmp('5.10.0', '5.9.999') AS greater;

CREATE TEMP TABLE statuses (id int PRIMARY KEY, code smtp_status);
INSERT INTO statuses VALUES
    (1, '5.1.1'), (2, '4.2.2'), (3, '5.1.10'), (4, '2.0.0'), (5, '5.1.2'),
    (6, '5.01.1'), (7, NULL), (8, '4.4.7'), (9, '5.10.0'), (10, '5.9.999'),
    (11, '4.2.2'), (12, '5.1.1');

SELECT code FROM statuses ORDER BY code, id;
SELECT code FROM statuses ORDER BY code DESC NULLS LAST, id;

SELECT code, count(*) FROM statuses GROUP BY code ORDER BY code;
SELECT DISTINCT code FROM statuses ORDER BY code;

-- Grouping by hashing.
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT code, count(*) FROM statuses GROUP BY code;
SELECT code, count(*) FROM statuses GROUP BY code ORDER BY count(*) DESC, code;
RESET enable_sort;

--
-- Indexes
--
CREATE INDEX statuses_code_btree ON statuses (code);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM statuses WHERE code = '5.1.1';
SELECT id FROM statuses WHERE code = '5.1.1' ORDER BY id;
EXPLAIN (COSTS OFF)
SELECT code FROM statuses WHERE code >= '5.1.2' AND code < '5.10.0' ORDER BY code;
SELECT code FROM statuses WHERE code >= '5.1.2' AND code < '5.10.0' ORDER BY code;
DROP INDEX statuses_code_btree;

CREATE INDEX statuses_code_hash ON statuses USING hash (code);
EXPLAIN (COSTS OFF) SELECT id FROM statuses WHERE code = '4.2.2';
SELECT id FROM statuses WHERE code = '4.2.2' ORDER BY id;
RESET enable_seqscan;
DROP INDEX statuses_code_hash;

--
-- Joins by hashing and by merging
--
CREATE TEMP TABLE notes (code smtp_status, note text);
INSERT INTO notes VALUES ('5.1.1', 'unknown user'), ('4.2.2', 'full'),
    ('4.4.7', 'expired'), ('5.7.1', 'refused');

SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF)
SELECT s.id, n.note FROM statuses s JOIN notes n ON s.code = n.code;
SELECT s.id, n.note FROM statuses s JOIN notes n ON s.code = n.code
ORDER BY s.id;
RESET enable_mergejoin;

SET enable_hashjoin = off;
EXPLAIN (COSTS OFF)
SELECT s.id, n.note FROM statuses s JOIN notes n ON s.code = n.code;
SELECT s.id, n.note FROM statuses s JOIN notes n ON s.code = n.code
ORDER BY s.id;
RESET enable_hashjoin;
RESET enable_nestloop;

--
-- Hashing agrees with equality, and the seeded hash with the plain one
-- at seed 0 (in its low 32 bits).  The representation is the int4
-- class * 1000000 + subject * 1000 + detail.
--
SELECT smtp_status_hash('5.1.1') = smtp_status_hash('5.001.01') AS equal,
       smtp_status_hash('5.1.1') = hashint4(5001001) AS as_int4,
       smtp_status_hash_extended('5.1.1', 0) & 4294967295 =
           smtp_status_hash('5.1.1')::bigint & 4294967295 AS seed_0,
       smtp_status_hash_extended('5.1.1', 1) <>
           smtp_status_hash_extended('5.1.1', 0) AS seed_1;

--
-- Binary I/O: the int4 representation in network byte order.  COPY in
-- binary format goes through send and receive.
--
SELECT s, smtp_status_send(s) AS bytes
FROM (VALUES ('2.0.0'::smtp_status), ('5.1.1'), ('5.999.999')) AS v(s);

\copy (SELECT id, code FROM statuses ORDER BY id) TO 'results/smtp_status.bin' WITH (FORMAT binary)
CREATE TEMP TABLE statuses_copy (id int, code smtp_status);
\copy statuses_copy FROM 'results/smtp_status.bin' WITH (FORMAT binary)
SELECT count(*) AS copied,
       count(*) FILTER (WHERE c.code IS NOT DISTINCT FROM s.code) AS same
FROM statuses s JOIN statuses_copy c USING (id);

-- Received values are checked: 6001001 would be class 6.
\copy (SELECT 1, v FROM (VALUES (4007001), (6001001)) AS t(v)) TO 'results/smtp_status_bad.bin' WITH (FORMAT binary)
\copy statuses_copy FROM 'results/smtp_status_bad.bin' WITH (FORMAT binary)
\copy (SELECT 1, -1) TO 'results/smtp_status_bad.bin' WITH (FORMAT binary)
\copy statuses_copy FROM 'results/smtp_status_bad.bin' WITH (FORMAT binary)
SELECT count(*) AS after_bad_copies FROM statuses_copy;
