--
-- charsets: diagnostics written in other charsets come out in the database
-- encoding (test/fixtures/charset-*.eml; see test/fixtures/README.md)
--
SET search_path = bounce, public;

CREATE TEMP TABLE cfixture (name text PRIMARY KEY, b64 text, raw bytea);
\copy cfixture (name, b64) FROM PROGRAM 'cd "$PG_ABS_SRCDIR/test/fixtures" && for f in charset-*.eml; do printf "%s\t%s\n" "$f" "$(base64 -w0 "$f")"; done'
UPDATE cfixture SET raw = decode(b64, 'base64'), b64 = NULL;

-- The diagnostic of each, converted to UTF-8, with its reason.
SELECT f.name, p.recipient, p.status, p.reason, p.diagnostic
  FROM cfixture f, LATERAL bounce.parse(f.raw) p
 ORDER BY f.name;

-- No replacement character was needed anywhere.
SELECT count(*) AS with_replacement
  FROM cfixture f, LATERAL bounce.parse(f.raw) p
 WHERE strpos(p.diagnostic, U&'\FFFD') > 0;

-- The text form (7-bit fixtures only) gives the same diagnostic.
SELECT f.name, p.diagnostic
  FROM cfixture f, LATERAL bounce.parse(convert_from(f.raw, 'UTF8')) p
 WHERE f.name = 'charset-01-iso2022jp.eml';

-- A byte that is no Shift_JIS character becomes U+FFFD, with no error.
SELECT p.diagnostic
  FROM cfixture f,
       LATERAL bounce.parse(replace(convert_from(f.raw, 'UTF8'),
                                    '=83=81', '=FF=81')) p
 WHERE f.name = 'charset-02-shiftjis.eml';
