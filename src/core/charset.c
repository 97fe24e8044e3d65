/*-------------------------------------------------------------------------
 *
 * charset.c
 *		Charset helpers: the lower-cased MIME charset name a text value is
 *		reported with, the conversion of ISO-2022-JP to EUC-JP, and the
 *		conversion of single-byte charsets to UTF-8 for phrase matching.
 *
 * The core converts no value it hands back to UTF-8: the caller (the SQL
 * glue) does that with the server's own conversions, given the name
 * recorded here.  ISO-2022-JP is the exception, as the server has no such
 * encoding: it is a 7-bit shifted form of the JIS X 0208 code set, and
 * EUC-JP carries the same code set with the high bit set, so the shift is
 * a linear byte mapping that needs no tables.
 *
 * The classifier's phrases are written in UTF-8, so a diagnostic in
 * KOI8-R, windows-1251, ISO-8859-x or windows-125x is converted to UTF-8
 * (a private copy, used only for matching) with the small tables of
 * charset_tables.h.  Multi-byte legacy charsets (EUC-JP, Shift_JIS, GBK)
 * would need large tables; for them the phrase table lists the legacy
 * byte forms of its phrases instead.
 *
 * src/core/charset.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <string.h>

#include "charset.h"
#include "charset_tables.h"

/*
 * Lower-cased copy of a charset name, or NULL when empty or when it names
 * US-ASCII or UTF-8 (text the caller can take as it is).
 */
const char *
bnc_charset_name(const bnc_alloc *a, bnc_span cs)
{
	char	   *out;
	size_t		i;

	cs = bnc_trim(cs.p, cs.len);
	if (cs.len == 0 || cs.len > 40 ||
		bnc_ci_equal(cs.p, cs.len, "us-ascii") ||
		bnc_ci_equal(cs.p, cs.len, "ascii") ||
		bnc_ci_equal(cs.p, cs.len, "utf-8") ||
		bnc_ci_equal(cs.p, cs.len, "utf8"))
		return NULL;
	out = bnc_mem(a, cs.len + 1);
	for (i = 0; i < cs.len; i++)
		out[i] = (char) BNC_LOWER((unsigned char) cs.p[i]);
	out[cs.len] = '\0';
	return out;
}

/*
 * Does p[0..len) hold a byte with the high bit set?  Eight bytes at a time
 * are tested at once.
 */
int
bnc_has_8bit(const char *p, size_t len)
{
	size_t		i = 0;

	for (; i + 8 <= len; i += 8)
	{
		uint64_t	w;

		memcpy(&w, p + i, sizeof(w));
		if (w & UINT64_C(0x8080808080808080))
			return 1;
	}
	for (; i < len; i++)
	{
		if ((unsigned char) p[i] & 0x80)
			return 1;
	}
	return 0;
}

/*
 * Does p[0..len) hold an ISO-2022-JP designation of a Japanese set (ESC $ B,
 * ESC $ @ or ESC ( I)?  Text with such an escape is ISO-2022-JP whatever
 * its part declares.
 */
int
bnc_is_iso2022jp(const char *p, size_t len)
{
	const char *e = p;
	const char *end = p + len;

	while ((e = memchr(e, '\033', end - e)) != NULL)
	{
		if (end - e >= 3 &&
			((e[1] == '$' && (e[2] == 'B' || e[2] == '@')) ||
			 (e[1] == '(' && e[2] == 'I')))
			return 1;
		e++;
	}
	return 0;
}

/* Shift states of ISO-2022-JP. */
typedef enum jis_mode
{
	JIS_ASCII,					/* ASCII or JIS X 0201 Roman */
	JIS_KANJI,					/* JIS X 0208: two bytes a character */
	JIS_KANA					/* JIS X 0201 half-width katakana */
} jis_mode;

/* The mode an escape sequence at p switches to, or -1; *n gets its length. */
static int
jis_escape(const char *p, size_t rest, size_t *n)
{
	*n = 3;
	if (rest < 3)
		return -1;
	if (p[1] == '$' && (p[2] == 'B' || p[2] == '@'))
		return JIS_KANJI;
	if (p[1] == '(' && (p[2] == 'B' || p[2] == 'J'))
		return JIS_ASCII;
	if (p[1] == '(' && p[2] == 'I')
		return JIS_KANA;
	return -1;
}

/*
 * Convert ISO-2022-JP to EUC-JP: a JIS X 0208 byte pair gets the high bit
 * set on both bytes, a half-width katakana byte becomes SS2 (0x8E) and the
 * byte with the high bit set, and a line end returns to ASCII.  Bytes that
 * do not fit the current mode (a lone byte of a pair, a byte outside the
 * set's range, any 8-bit byte) become '?', so the result is always valid
 * EUC-JP.  The output is at most twice the input.
 */
bnc_span
bnc_iso2022jp_to_eucjp(const bnc_alloc *a, const char *p, size_t len)
{
	char	   *out = bnc_mem(a, len * 2 + 1);
	size_t		n = 0;
	size_t		i = 0;
	jis_mode	mode = JIS_ASCII;
	bnc_span	s;

	while (i < len)
	{
		unsigned char c = (unsigned char) p[i];
		size_t		esc;
		int			m;

		if (c == 0x1B && (m = jis_escape(p + i, len - i, &esc)) >= 0)
		{
			mode = (jis_mode) m;
			i += esc;
			continue;
		}
		if (c == '\n' || c == '\r')
			mode = JIS_ASCII;
		if (c >= 0x80 || c == 0x1B)
			out[n++] = '?';
		else if (mode == JIS_KANJI && c >= 0x21 && c <= 0x7E)
		{
			unsigned char d = i + 1 < len ? (unsigned char) p[i + 1] : 0;

			if (d >= 0x21 && d <= 0x7E)
			{
				out[n++] = (char) (c | 0x80);
				out[n++] = (char) (d | 0x80);
				i += 2;
				continue;
			}
			out[n++] = '?';
		}
		else if (mode == JIS_KANA && c >= 0x21 && c <= 0x5F)
		{
			out[n++] = (char) 0x8E;
			out[n++] = (char) (c | 0x80);
		}
		else
			out[n++] = (char) c;
		i++;
	}
	out[n] = '\0';
	s.p = out;
	s.len = n;
	return s;
}

/* The single-byte charsets converted for phrase matching, by name. */
typedef struct sb_charset
{
	const char *name;			/* lower case, without '-', '_', ' ', '.', ':' */
	const uint16_t *upper;		/* bytes 0x80..0xFF; NULL for ISO-8859-1 */
} sb_charset;

static const sb_charset sb_charsets[] = {
	{"iso88591", NULL},
	{"iso885911987", NULL},
	{"latin1", NULL},
	{"l1", NULL},
	{"cp819", NULL},
	{"ibm819", NULL},
	{"iso88592", cs_iso_8859_2},
	{"latin2", cs_iso_8859_2},
	{"l2", cs_iso_8859_2},
	{"iso88595", cs_iso_8859_5},
	{"cyrillic", cs_iso_8859_5},
	{"iso885915", cs_iso_8859_15},
	{"latin9", cs_iso_8859_15},
	{"windows1250", cs_windows_1250},
	{"cp1250", cs_windows_1250},
	{"xcp1250", cs_windows_1250},
	{"windows1251", cs_windows_1251},
	{"cp1251", cs_windows_1251},
	{"xcp1251", cs_windows_1251},
	{"win1251", cs_windows_1251},
	{"windows1252", cs_windows_1252},
	{"cp1252", cs_windows_1252},
	{"xcp1252", cs_windows_1252},
	{"koi8r", cs_koi8_r},
	{"koi8", cs_koi8_r},
	{"cskoi8r", cs_koi8_r},
	{"koi8u", cs_koi8_u},
	{"ibm866", cs_ibm866},
	{"cp866", cs_ibm866},
	{"csibm866", cs_ibm866},
	{NULL, NULL}
};

/*
 * The charset of a lower-cased MIME name, with the punctuation that
 * spellings of one name differ in ignored ("ISO_8859-1", "iso8859-1",
 * "windows-1251", "cp1251"), or NULL when it is no charset of the table.
 */
static const sb_charset *
find_sb_charset(const char *name)
{
	char		key[24];
	size_t		n = 0;
	int			i;

	for (; *name; name++)
	{
		char		c = *name;

		if (c == '-' || c == '_' || c == ' ' || c == '.' || c == ':')
			continue;
		if (n + 1 >= sizeof(key))
			return NULL;
		key[n++] = (char) BNC_LOWER((unsigned char) c);
	}
	key[n] = '\0';
	for (i = 0; sb_charsets[i].name != NULL; i++)
	{
		if (strcmp(sb_charsets[i].name, key) == 0)
			return &sb_charsets[i];
	}
	return NULL;
}

/* Append code point cp (below 0x10000) to out in UTF-8; returns bytes. */
static size_t
put_utf8(unsigned cp, char *out)
{
	if (cp < 0x80)
	{
		out[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (char) (0xC0 | (cp >> 6));
		out[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char) (0xE0 | (cp >> 12));
	out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char) (0x80 | (cp & 0x3F));
	return 3;
}

/*
 * The text of p[0..len), in the MIME charset named (lower-cased, as
 * bnc_charset_name gives it; NULL for ASCII or UTF-8), in UTF-8 for the
 * phrase scanner: converted when it holds 8-bit bytes and the charset is a
 * single-byte one of the table, else p itself.  A byte the charset leaves
 * undefined becomes U+FFFD.  The copy is NUL-terminated and at most three
 * times as long as the input.
 */
bnc_span
bnc_utf8_for_phrases(const bnc_alloc *a, const char *charset, const char *p,
					 size_t len)
{
	const sb_charset *cs;
	bnc_span	s;
	char	   *out;
	size_t		n = 0;
	size_t		i;

	s.p = p;
	s.len = len;
	if (charset == NULL || p == NULL || !bnc_has_8bit(p, len) ||
		(cs = find_sb_charset(charset)) == NULL)
		return s;
	out = bnc_mem(a, len * 3 + 1);
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) p[i];
		unsigned	cp = c;

		if (c >= 0x80 && cs->upper != NULL)
			cp = cs->upper[c - 0x80];
		if (cp == 0)
			cp = 0xFFFD;
		n += put_utf8(cp, out + n);
	}
	out[n] = '\0';
	s.p = out;
	s.len = n;
	return s;
}
