/*-------------------------------------------------------------------------
 *
 * charset.c
 *		Charset helpers: the lower-cased MIME charset name a text value is
 *		reported with, and the conversion of ISO-2022-JP to EUC-JP.
 *
 * The core converts no charset to UTF-8: the caller (the SQL glue) does
 * that with the server's own conversions, given the name recorded here.
 * ISO-2022-JP is the exception, as the server has no such encoding: it is
 * a 7-bit shifted form of the JIS X 0208 code set, and EUC-JP carries the
 * same code set with the high bit set, so the shift is a linear byte
 * mapping that needs no tables.
 *
 * src/core/charset.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <string.h>

#include "charset.h"

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
