/*-------------------------------------------------------------------------
 *
 * text.c
 *		Text helpers shared by the parser and the decoders: allocation of
 *		strings, case-insensitive search, unfolding, address extraction,
 *		status/reply/command extraction from diagnostic text, and dates.
 *
 * src/core/text.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "poll.h"
#include "text.h"

/*
 * SSE2 is part of every x86-64 processor: where the compiler targets it,
 * the scans below look at 16 bytes per step; elsewhere at eight, with
 * plain 64-bit arithmetic.  Both find the same things.
 */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define BNC_USE_SSE2 1
#endif

/* Allocate size bytes (at least one) from the caller's allocator. */
void *
bnc_mem(const bnc_alloc *a, size_t size)
{
	return a->alloc(a->ctx, size ? size : 1);
}

/* Copy len bytes into a fresh NUL-terminated string. */
char *
bnc_strndup(const bnc_alloc *a, const char *p, size_t len)
{
	char	   *s = bnc_mem(a, len + 1);

	if (len)
		memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

/* Eight bytes from p, in memory order, with no alignment needed. */
static uint64_t
load8(const char *p)
{
	uint64_t	w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/*
 * End of the chunk of a long pass that starts at offset i of len bytes:
 * the pass calls bnc_poll_pass between chunks (poll.h).
 */
static size_t
chunk_end(size_t i, size_t len)
{
	return len - i > BNC_POLL_CHUNK ? i + BNC_POLL_CHUNK : len;
}

#define ONES8	UINT64_C(0x0101010101010101)
#define HIGH8	UINT64_C(0x8080808080808080)

/*
 * High bit set in each byte of w that is zero.  A borrow can also set it
 * in a byte above a zero byte, so it marks candidates, never misses one.
 */
static uint64_t
zero_bytes(uint64_t w)
{
	return (w - ONES8) & ~w & HIGH8;
}

/* Each byte in the other case: letters swapped, other bytes as they are. */
#define SWAP_CASE(c) \
	((unsigned) (((c) | 0x20) - 'a') < 26u ? (c) ^ 0x20 : (c))

/*
 * First occurrence of the n-byte needle in p[0..len), ignoring ASCII case,
 * for a needle of 4 bytes or more: the Horspool variant of Boyer-Moore.
 * The window's last byte tells how far the needle can move without
 * passing a possible match, which for the long phrases that decoders look
 * for is most of its length, so most bytes of the text are never read.
 * The needle's own last byte has shift 0 in the table, which marks the
 * windows worth comparing.  Each window costs at most n byte comparisons,
 * so the cost is linear in len for a constant needle.
 */
static const char *
ci_find_long(const char *p, size_t len, const char *needle, size_t n)
{
	unsigned char shift[256];
	size_t		i;
	size_t		pos;
	size_t		skip = n < 255 ? n : 255;	/* shift after a comparison */
	const unsigned char *t = (const unsigned char *) needle;

	/* the distance from a byte's last place in needle[0..n-1) to the end */
	memset(shift, (int) skip, sizeof(shift));
	for (i = n > 256 ? n - 256 : 0; i + 1 < n; i++)
	{
		shift[t[i]] = (unsigned char) (n - 1 - i);
		shift[SWAP_CASE(t[i])] = (unsigned char) (n - 1 - i);
	}
	skip = shift[t[n - 1]];
	shift[t[n - 1]] = 0;
	shift[SWAP_CASE(t[n - 1])] = 0;

	/* pos walks the windows' last bytes */
	for (pos = n - 1; pos < len; bnc_poll_pass())
	{
		size_t		lim = chunk_end(pos, len);

		while (pos < lim)
		{
			size_t		k = shift[(unsigned char) p[pos]];

			if (k != 0)
				pos += k;
			else
			{
				if (BNC_LOWER((unsigned char) p[pos - (n - 1)]) ==
					BNC_LOWER(t[0]) &&
					bnc_ci_prefix(p + pos - (n - 1), n, needle))
					return p + pos - (n - 1);
				pos += skip;
			}
		}
		if (pos >= len)
			break;
	}
	return NULL;
}

/* Needles and texts that ci_find_sampled is used for (see bnc_ci_find). */
#define PAIR_MIN_NEEDLE	8
#define PAIR_MAX_NEEDLE	255
#define PAIR_MIN_TEXT	512

/*
 * Key of the pair of bytes a, b for ci_find_sampled: five low bits of
 * each, after or-ing 0x20 (which folds the case of letters).  Letters keep
 * distinct keys; other bytes may share one with a letter, which only
 * makes for more comparisons.
 */
#define PAIR_KEY(a, b) \
	(((((unsigned) (a) | 0x20) & 0x1F) << 5) | (((unsigned) (b) | 0x20) & 0x1F))

/*
 * ci_find_long for a needle of PAIR_MIN_NEEDLE bytes or more in a text of
 * PAIR_MIN_TEXT bytes or more.  Every occurrence of the n-byte needle
 * holds n - 1 pairs of adjacent bytes, ending at n - 1 consecutive places
 * of the text, so the pair ending at every (n - 1)th place of the text is
 * enough to find it.  Only where that pair is also one of the needle's
 * are the few places the needle could then start compared in full, from
 * the leftmost, so the first occurrence is found.  Unlike the shifts of
 * ci_find_long, the places read do not depend on the bytes read before,
 * so the processor reads several at once.  The pair's key has no case,
 * and keys that several pairs share only cause more comparisons.  The
 * tail, where no more whole steps fit, is left to ci_find_long.  The cost
 * is linear in len for a constant needle.
 */
static const char *
ci_find_sampled(const char *p, size_t len, const char *needle, size_t n)
{
	unsigned char last[1024];	/* last index ending a pair, 0 for none */
	unsigned char prev[PAIR_MAX_NEEDLE];	/* index before it, same key */
	size_t		i;
	size_t		pos;
	size_t		step = n - 1;
	size_t		from;
	int			first = BNC_LOWER((unsigned char) needle[0]);
	const unsigned char *t = (const unsigned char *) needle;
	const unsigned char *u = (const unsigned char *) p;

	memset(last, 0, sizeof(last));
	for (i = 1; i < n; i++)
	{
		unsigned	key = PAIR_KEY(t[i - 1], t[i]);

		prev[i] = last[key];
		last[key] = (unsigned char) i;
	}

	/* the pair ending at pos lies in any needle starting in [pos-step, pos) */
	for (pos = step; pos < len; bnc_poll_pass())
	{
		size_t		lim = chunk_end(pos, len);

		for (; pos < lim; pos += step)
		{
			size_t		k = last[PAIR_KEY(u[pos - 1], u[pos])];

			/* larger indexes first: they are the leftmost starts */
			for (; k != 0; k = prev[k])
			{
				const char *m = p + pos - k;

				if ((size_t) (m - p) + n <= len &&
					BNC_LOWER((unsigned char) *m) == first &&
					bnc_ci_prefix(m, n, needle))
					return m;
			}
		}
		if (pos >= len)
			break;
	}
	from = pos - step;
	if (from + n > len)
		return NULL;
	return ci_find_long(p + from, len - from, needle, n);
}

#ifdef BNC_USE_SSE2
/* Needles shorter than this are found faster by ci_find_sse2. */
#define SSE2_MAX_NEEDLE	24

/*
 * First occurrence of the n-byte needle (n >= 2) in p[0..len), ignoring
 * ASCII case, with SSE2: for 16 places at a time, the bytes at the places
 * and those n - 1 further on are compared with the needle's first and
 * last bytes (or-ing 0x20, which folds the case of letters and lets a few
 * other bytes through), and only the places where both agree are compared
 * in full, in order, so the first occurrence is found.  When the last
 * byte is the first one again, the last byte that differs from it is
 * taken instead, so that runs of one byte ("-----") give few candidates.
 * The places left at the end are compared one by one.  The cost is
 * linear in len for a constant needle.
 */
static const char *
ci_find_sse2(const char *p, size_t len, const char *needle, size_t n)
{
	const __m128i fold = _mm_set1_epi8(0x20);
	unsigned char c0 = (unsigned char) needle[0] | 0x20;
	size_t		j = n - 1;
	__m128i		first;
	__m128i		other;
	size_t		i = 0;
	int			lower0 = BNC_LOWER((unsigned char) needle[0]);

	while (j > 1 && ((unsigned char) needle[j] | 0x20) == c0)
		j--;
	first = _mm_set1_epi8((char) c0);
	other = _mm_set1_epi8((char) ((unsigned char) needle[j] | 0x20));
	while (i + j + 16 <= len)
	{
		size_t		lim = chunk_end(i, len - j - 15);

		for (; i < lim; i += 16)
		{
			__m128i		a = _mm_or_si128(_mm_loadu_si128((const __m128i *) (p + i)),
										 fold);
			__m128i		b = _mm_or_si128(_mm_loadu_si128((const __m128i *) (p + i + j)),
										 fold);
			unsigned	m = (unsigned) _mm_movemask_epi8(
				_mm_and_si128(_mm_cmpeq_epi8(a, first),
							  _mm_cmpeq_epi8(b, other)));

			while (m != 0)
			{
				size_t		k = i + (size_t) __builtin_ctz(m);

				if (k + n <= len && bnc_ci_prefix(p + k, n, needle))
					return p + k;
				m &= m - 1;
			}
		}
		if (i + j + 16 > len)
			break;
		bnc_poll_pass();
	}
	for (; i + n <= len; i++)
	{
		if (BNC_LOWER((unsigned char) p[i]) == lower0 &&
			bnc_ci_prefix(p + i, len - i, needle))
			return p + i;
	}
	return NULL;
}
#endif

/*
 * First occurrence of needle in p[0..len), ignoring ASCII case, or NULL.
 * With SSE2, needles of 2 to SSE2_MAX_NEEDLE - 1 bytes in 64 bytes or
 * more go to ci_find_sse2.  Long needles in long texts go to
 * ci_find_sampled (sampling beats comparing every place once the needle
 * is long enough), shorter ones (of 4 bytes or more, in 64 bytes or
 * more) to ci_find_long.  Otherwise eight
 * positions at a time are screened for the needle's first two bytes
 * (or-ing 0x20 folds the case of letters, and at worst lets through a
 * few other bytes, which the full comparison then turns down).  The cost
 * is linear in len.
 */
const char *
bnc_ci_find(const char *p, size_t len, const char *needle)
{
	size_t		n = strlen(needle);
	size_t		i = 0;
	int			first;

	if (n == 0 || n > len)
		return NULL;
#ifdef BNC_USE_SSE2
	if (n >= 2 && n < SSE2_MAX_NEEDLE && len >= 64)
		return ci_find_sse2(p, len, needle, n);
#endif
	if (n >= PAIR_MIN_NEEDLE && n <= PAIR_MAX_NEEDLE && len >= PAIR_MIN_TEXT)
		return ci_find_sampled(p, len, needle, n);
	if (n >= 4 && len >= 64)
		return ci_find_long(p, len, needle, n);
	first = BNC_LOWER((unsigned char) needle[0]);
	if (n >= 2 && len >= 9)
	{
		uint64_t	fold = ONES8 * 0x20;
		uint64_t	c0 = ONES8 * (uint64_t) ((unsigned char) needle[0] | 0x20);
		uint64_t	c1 = ONES8 * (uint64_t) ((unsigned char) needle[1] | 0x20);
		size_t		stop = len - (n > 9 ? n : 9);	/* last block start */
		size_t		lim = chunk_end(i, stop);

		for (; i <= stop; i += 8)
		{
			uint64_t	hit;
			unsigned char flag[8];
			size_t		j;

			if (i >= lim && lim < stop)
			{
				bnc_poll_pass();
				lim = chunk_end(i, stop);
			}
			hit = zero_bytes((load8(p + i) | fold) ^ c0) &
				zero_bytes((load8(p + i + 1) | fold) ^ c1);
			if (hit == 0)
				continue;
			/* stored back, the flags are in the order of the bytes */
			memcpy(flag, &hit, sizeof(flag));
			for (j = 0; j < 8 && i + j + n <= len; j++)
			{
				if (flag[j] != 0 &&
					bnc_ci_prefix(p + i + j, len - i - j, needle))
					return p + i + j;
			}
		}
	}
	for (; i + n <= len; i++)
	{
		if (BNC_LOWER((unsigned char) p[i]) == first &&
			bnc_ci_prefix(p + i, len - i, needle))
			return p + i;
	}
	return NULL;
}

/*
 * Offset of the first CR or LF in p[0..len), or len when there is none.
 * Sixteen bytes at a time are screened with SSE2, else eight as in
 * bnc_ci_find.
 */
size_t
bnc_find_eol(const char *p, size_t len)
{
	size_t		i = 0;

#ifdef BNC_USE_SSE2
	const __m128i lf = _mm_set1_epi8('\n');
	const __m128i cr = _mm_set1_epi8('\r');

	for (; i + 16 <= len; bnc_poll_pass())
	{
		size_t		lim = chunk_end(i, len - 15);

		for (; i < lim; i += 16)
		{
			__m128i		w = _mm_loadu_si128((const __m128i *) (p + i));
			unsigned	m = (unsigned) _mm_movemask_epi8(
				_mm_or_si128(_mm_cmpeq_epi8(w, lf), _mm_cmpeq_epi8(w, cr)));

			if (m != 0)
				return i + (size_t) __builtin_ctz(m);
		}
		if (i + 16 > len)
			break;
	}
#endif
	for (; i + 8 <= len; i += 8)
	{
		uint64_t	w;
		size_t		j;

		if ((i & (BNC_POLL_CHUNK - 1)) == 0 && i > 0)
			bnc_poll_pass();
		w = load8(p + i);

		if ((zero_bytes(w ^ (ONES8 * '\n')) |
			 zero_bytes(w ^ (ONES8 * '\r'))) == 0)
			continue;
		for (j = 0; j < 8; j++)
		{
			if (p[i + j] == '\n' || p[i + j] == '\r')
				return i + j;
		}
	}
	while (i < len && p[i] != '\n' && p[i] != '\r')
		i++;
	return i;
}

/* The span without leading and trailing white space (including CR/LF). */
bnc_span
bnc_trim(const char *p, size_t len)
{
	bnc_span	s;

	while (len > 0 && BNC_IS_WS(p[0]))
	{
		p++;
		len--;
	}
	while (len > 0 && BNC_IS_WS(p[len - 1]))
		len--;
	s.p = p;
	s.len = len;
	return s;
}

/*
 * Drop a leading "type;" (as in "rfc822; user@example.com", "smtp; 550 ..."
 * or "dns; mx.example.com") and trim the rest.  A prefix holding anything
 * but token characters is left alone.
 */
bnc_span
bnc_strip_type(const char *p, size_t len)
{
	bnc_span	s = bnc_trim(p, len);
	size_t		i;

	for (i = 0; i < s.len && i < 40; i++)
	{
		unsigned char c = (unsigned char) s.p[i];

		if (c == ';')
		{
			if (i > 0)
				return bnc_trim(s.p + i + 1, s.len - i - 1);
			break;
		}
		if (!BNC_IS_ALPHA(c) && !BNC_IS_DIGIT(c) && c != '-' && c != '_' &&
			c != '.')
			break;
	}
	return s;
}

/* The bytes bnc_unfold turns into a space. */
static const unsigned char unfold_space[256] = {
	['\0'] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1,
	['\r'] = 1, [' '] = 1
};

/*
 * Offset of the first byte at or after p[i] that bnc_unfold turns into a
 * space, or len.  All those bytes are below 0x21, so with SSE2 sixteen
 * bytes at a time are screened for such bytes first.
 */
static size_t
next_space(const char *p, size_t len, size_t i)
{
#ifdef BNC_USE_SSE2
	const __m128i limit = _mm_set1_epi8(0x20);

	while (i + 16 <= len)
	{
		__m128i		w = _mm_loadu_si128((const __m128i *) (p + i));
		unsigned	m = (unsigned) _mm_movemask_epi8(
			_mm_cmpeq_epi8(_mm_min_epu8(w, limit), w));
		size_t		k;

		if (m == 0)
		{
			i += 16;
			continue;
		}
		k = i + (size_t) __builtin_ctz(m);
		if (unfold_space[(unsigned char) p[k]])
			return k;
		i = k + 1;				/* another control byte: copied */
	}
#endif
	while (i < len && !unfold_space[(unsigned char) p[i]])
		i++;
	return i;
}

/*
 * Copy text with every run of white space, line breaks and NUL bytes
 * turned into one space, without leading or trailing space.  The runs of
 * other bytes between them are copied whole.
 */
char *
bnc_unfold(const bnc_alloc *a, const char *p, size_t len)
{
	char	   *out = bnc_mem(a, len + 1);
	size_t		n = 0;
	size_t		i = 0;
	size_t		polled = 0;

	while (i < len)
	{
		size_t		run;

		/* a run of either kind longer than a chunk is not broken up */
		if (BNC_POLL_CROSSED(polled, i))
		{
			bnc_poll_pass();
			polled = i;
		}
		while (i < len && unfold_space[(unsigned char) p[i]])
			i++;
		if (i >= len)
			break;
		run = next_space(p, len, i);
		if (n > 0)
			out[n++] = ' ';
#ifdef BNC_USE_SSE2
		/* n <= i, so 16 bytes fit at out + n when they can be read at i */
		if (run - i <= 16 && i + 16 <= len)
			_mm_storeu_si128((__m128i *) (out + n),
							 _mm_loadu_si128((const __m128i *) (p + i)));
		else
#endif
			memcpy(out + n, p + i, run - i);
		n += run - i;
		i = run;
	}
	out[n] = '\0';
	return out;
}

/* Characters allowed in the local part of an address we pick from text. */
static int
is_local_char(unsigned char c)
{
	return BNC_IS_ALPHA(c) || BNC_IS_DIGIT(c) || c >= 0x80 ||
		(c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~.", c) != NULL);
}

/* Characters allowed in the domain of an address we pick from text. */
static int
is_domain_char(unsigned char c)
{
	return BNC_IS_ALPHA(c) || BNC_IS_DIGIT(c) || c == '-' || c == '.' ||
		c == '_' || c >= 0x80;
}

/*
 * Find the first thing that looks like local@domain in p[0..len).  Each '@'
 * is examined once and the scans around it stop at the neighbouring '@'s,
 * so this is linear.  Returns 1 and sets *addr when found.
 */
int
bnc_addr_find(const char *p, size_t len, bnc_span *addr)
{
	size_t		i;

	for (i = 0; i < len; i++)
	{
		size_t		l = i;
		size_t		r = i + 1;

		if (p[i] != '@')
			continue;
		while (l > 0 && is_local_char((unsigned char) p[l - 1]))
			l--;
		while (r < len && is_domain_char((unsigned char) p[r]))
			r++;
		while (l < i && (p[l] == '.' || p[l] == '\'' || p[l] == '`' ||
						 p[l] == '/' || p[l] == '='))
			l++;
		while (r > i + 1 && (p[r - 1] == '.' || p[r - 1] == '-'))
			r--;
		if (l < i && r > i + 1)
		{
			addr->p = p + l;
			addr->len = r - l;
			return 1;
		}
	}
	return 0;
}

/* Does the span hold characters that cannot be in a bare address? */
static int
has_address_junk(const char *p, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
	{
		if (BNC_IS_WS(p[i]) || p[i] == '<' || p[i] == '>' || p[i] == ',' ||
			p[i] == '(' || p[i] == ':' || p[i] == '\0')
			return 1;
	}
	return 0;
}

/*
 * A quoted local part ("john smith"@example.com) holds characters that
 * count as junk in a bare address: find one at the start of p[0..len)
 * (after white space or '<') and take it with its domain.  Returns 1 and
 * sets *addr when found.
 */
static int
quoted_addr_find(const char *p, size_t len, bnc_span *addr)
{
	size_t		i = 0;
	size_t		j;
	size_t		d;

	while (i < len && (p[i] == '<' || BNC_IS_WS(p[i])))
		i++;
	if (i >= len || p[i] != '"')
		return 0;
	for (j = i + 1; j < len && p[j] != '"'; j++)
	{
		if (p[j] == '\\' && j + 1 < len)
			j++;
		if (p[j] == '\0' || p[j] == '\r' || p[j] == '\n')
			return 0;
	}
	if (j + 1 >= len || p[j + 1] != '@')
		return 0;
	d = j + 2;
	for (j = d; j < len && is_domain_char((unsigned char) p[j]); j++)
		;
	while (j > d && (p[j - 1] == '.' || p[j - 1] == '-'))
		j--;
	if (j == d)
		return 0;
	addr->p = p + i;
	addr->len = j - i;
	return 1;
}

/*
 * Normalise a recipient as found in a field or text: drop an address type
 * ("rfc822;"), angle brackets and surrounding noise, and lower-case the
 * domain while keeping the local part as it is.  Returns NULL when nothing
 * address-like is left; *domain (if domain is not NULL) gets the
 * lower-cased domain, or NULL when there is no '@'.
 */
char *
bnc_addr_normalize(const bnc_alloc *a, const char *p, size_t len,
				   char **domain)
{
	bnc_span	s = bnc_strip_type(p, len);
	char	   *out;
	char	   *at;
	size_t		i;

	if (domain)
		*domain = NULL;
	if (has_address_junk(s.p, s.len))
	{
		bnc_span	found;

		if (!quoted_addr_find(s.p, s.len, &found) &&
			!bnc_addr_find(s.p, s.len, &found))
			return NULL;
		/* the tail of a local part cut by a NUL is not the recipient */
		if (found.p > s.p && found.p[-1] == '\0')
			return NULL;
		s = found;
	}
	while (s.len > 0 && (s.p[s.len - 1] == '.' || s.p[s.len - 1] == ';'))
		s.len--;
	if (s.len == 0 || s.len > BNC_MAX_ADDRESS)
		return NULL;

	out = bnc_strndup(a, s.p, s.len);
	at = strrchr(out, '@');
	if (at == NULL || at == out || at[1] == '\0')
		return at == NULL ? out : NULL;
	for (i = 1; at[i]; i++)
		at[i] = BNC_LOWER((unsigned char) at[i]);
	if (domain)
		*domain = at + 1;
	return out;
}

/* Read 1 to 3 digits at p[*i]; returns the count read, 0 if none. */
static int
read_small_number(const char *p, size_t len, size_t *i)
{
	int			n = 0;

	while (*i < len && n < 4 && BNC_IS_DIGIT(p[*i]))
	{
		(*i)++;
		n++;
	}
	return n > 3 ? 0 : n;
}

static int	scan_status_at(const char *p, size_t len, size_t i,
						   bnc_status *st);

/* Does a reply code ("550 ", "550-", "550-'") end right before p[i]? */
static int
follows_reply(const char *p, size_t i)
{
	size_t		k = i;

	if (k > 0 && (p[k - 1] == '\'' || p[k - 1] == '"'))
		k--;
	if (k < 4 || (p[k - 1] != ' ' && p[k - 1] != '-'))
		return 0;
	k--;
	return p[k - 3] >= '2' && p[k - 3] <= '5' && BNC_IS_DIGIT(p[k - 2]) &&
		BNC_IS_DIGIT(p[k - 1]) && (k < 4 || !BNC_IS_DIGIT(p[k - 4]));
}

/*
 * Find an enhanced status code ("5.1.1") in the text, skipping digits that
 * are part of IP addresses or version numbers.  A code right after a reply
 * code ("550 5.1.1", "550-5.1.1") wins over one found earlier.
 */
int
bnc_find_status(const char *p, size_t len, bnc_status *st)
{
	bnc_status	first;
	int			found = 0;
	size_t		i;

	for (i = 0; i + 1 < len; i++)
	{
		const char *dot = memchr(p + i + 1, '.', len - i - 1);

		/* a code has a '.' right after its first digit */
		if (dot == NULL)
			break;
		i = dot - p - 1;
		if (scan_status_at(p, len, i, st))
		{
			if (follows_reply(p, i))
				return 1;
			if (!found)
				first = *st;
			found = 1;
		}
	}
	if (found)
		*st = first;
	return found;
}

/* Is there a status code starting at p[i]?  Sets *st when there is. */
static int
scan_status_at(const char *p, size_t len, size_t i, bnc_status *st)
{
	size_t		j = i + 1;
	char		c = p[i];

	if (c != '2' && c != '4' && c != '5')
		return 0;
	if (i > 0 && (BNC_IS_DIGIT(p[i - 1]) || p[i - 1] == '.' ||
				  BNC_IS_ALPHA(p[i - 1])))
		return 0;
	if (j >= len || p[j] != '.')
		return 0;
	j++;
	if (read_small_number(p, len, &j) == 0 || j >= len || p[j] != '.')
		return 0;
	j++;
	if (read_small_number(p, len, &j) == 0)
		return 0;
	if (j < len && (BNC_IS_DIGIT(p[j]) || BNC_IS_ALPHA(p[j]) ||
					(p[j] == '.' && j + 1 < len && BNC_IS_DIGIT(p[j + 1]))))
		return 0;
	return bnc_status_parse(p + i, j - i, st) == BNC_STATUS_OK;
}

/*
 * Find the first SMTP reply code (a three-digit number 2xx-5xx standing
 * alone, possibly followed by '-') in the text; 0 when there is none.
 */
int
bnc_find_reply(const char *p, size_t len)
{
	size_t		i;

	for (i = 0; i + 3 <= len; i++)
	{
		unsigned char prev;
		unsigned char next;

		if (p[i] < '2' || p[i] > '5' || p[i + 1] < '0' || p[i + 1] > '5' ||
			!BNC_IS_DIGIT(p[i + 2]))
			continue;
		prev = i > 0 ? (unsigned char) p[i - 1] : ' ';
		next = i + 3 < len ? (unsigned char) p[i + 3] : ' ';
		if (!(BNC_IS_WS(prev) || prev == '(' || prev == '[' ||
			  prev == ';' || prev == '"' || prev == '#' || prev == '<' ||
			  prev == '\'' || prev == ':' || prev == '='))
			continue;
		if (!(BNC_IS_WS(next) || next == '-' || next == ')' || next == ']' ||
			  next == '"' || next == ','))
			continue;
		if (next == '-' && i + 4 < len && BNC_IS_DIGIT(p[i + 4]) &&
			!(i + 5 < len && p[i + 5] == '.'))
			continue;
		return (p[i] - '0') * 100 + (p[i + 1] - '0') * 10 + (p[i + 2] - '0');
	}
	return 0;
}

/* SMTP commands as they follow "in reply to", "after" or ">>>". */
static const struct
{
	const char *word;
	const char *command;
}			command_words[] =
{
	{"RCPT", "RCPT"},
	{"pipelined RCPT", "RCPT"},
	{"MAIL", "MAIL"},
	{"pipelined MAIL", "MAIL"},
	{"end of data", "DATA"},
	{"end of DATA command", "DATA"},
	{"DATA", "DATA"},
	{"EHLO", "EHLO"},
	{"HELO", "HELO"},
	{"STARTTLS", "STARTTLS"},
	{"AUTH", "AUTH"},
	{"initial connection", "CONNECT"},
	{"QUIT", "QUIT"},
	{NULL, NULL}
};

/* Command named right at p, if any. */
static const char *
command_at(const char *p, size_t len)
{
	int			i;

	for (i = 0; command_words[i].word; i++)
	{
		if (bnc_ci_prefix(p, len, command_words[i].word))
			return command_words[i].command;
	}
	return NULL;
}

/*
 * Phrases that introduce the command, in the order they are preferred.
 * Their first bytes differ, which intro_of relies on.
 */
static const struct
{
	const char *text;
	size_t		len;
}			command_intro[] =
{
	{"in reply to ", 12}, {"after ", 6}, {">>> ", 4}, {"error in ", 9}
};

#define NINTRO (sizeof(command_intro) / sizeof(command_intro[0]))

/* The introducing phrase (plus one) that begins with a byte, either case. */
static const unsigned char intro_of[256] = {
	['i'] = 1, ['I'] = 1, ['a'] = 2, ['A'] = 2, ['>'] = 3, ['e'] = 4,
	['E'] = 4
};

/*
 * Flags, one byte per position of p[0..8), that are nonzero where an
 * introducing phrase may start: its first three bytes ("in ", "aft",
 * ">>>", "err") match, ignoring case and letting through a few
 * look-alikes.  p must have 10 bytes.
 */
static uint64_t
intro_candidates(const char *p)
{
	uint64_t	w0 = load8(p) | (ONES8 * 0x20);
	uint64_t	w1 = load8(p + 1) | (ONES8 * 0x20);
	uint64_t	w2 = load8(p + 2) | (ONES8 * 0x20);

	return (zero_bytes(w0 ^ (ONES8 * 'i')) & zero_bytes(w1 ^ (ONES8 * 'n')) &
			zero_bytes(w2 ^ (ONES8 * ' '))) |
		(zero_bytes(w0 ^ (ONES8 * 'a')) & zero_bytes(w1 ^ (ONES8 * 'f')) &
		 zero_bytes(w2 ^ (ONES8 * 't'))) |
		(zero_bytes(w0 ^ (ONES8 * '>')) & zero_bytes(w1 ^ (ONES8 * '>')) &
		 zero_bytes(w2 ^ (ONES8 * '>'))) |
		(zero_bytes(w0 ^ (ONES8 * 'e')) & zero_bytes(w1 ^ (ONES8 * 'r')) &
		 zero_bytes(w2 ^ (ONES8 * 'r')));
}

#ifdef BNC_USE_SSE2
/*
 * Bits for the places of p[0..16) where an introducing phrase may start,
 * a superset of intro_candidates's flags: only its second and third bytes
 * ("n ", "ft", ">>", "rr") are compared, and try_intro checks the rest.
 * p must have 18 bytes.
 */
static unsigned
intro_candidates16(const char *p)
{
	const __m128i fold = _mm_set1_epi8(0x20);
	__m128i		w1 = _mm_or_si128(_mm_loadu_si128((const __m128i *) (p + 1)),
								  fold);
	__m128i		w2 = _mm_or_si128(_mm_loadu_si128((const __m128i *) (p + 2)),
								  fold);
	__m128i		m;

#define EQ2(b, c) \
	_mm_and_si128(_mm_cmpeq_epi8(w1, _mm_set1_epi8(b)), \
				  _mm_cmpeq_epi8(w2, _mm_set1_epi8(c)))
	m = _mm_or_si128(_mm_or_si128(EQ2('n', ' '), EQ2('f', 't')),
					 _mm_or_si128(EQ2('>', '>'), EQ2('r', 'r')));
#undef EQ2
	return (unsigned) _mm_movemask_epi8(m);
}
#endif

/*
 * Note in at[] and cmd[] whether an introducing phrase that has not been
 * found yet starts at p[i] and is followed by a command; returns 1 when it
 * is.
 */
static int
try_intro(const char *p, size_t len, size_t i, const char **at,
		  const char **cmd)
{
	int			k = intro_of[(unsigned char) p[i]] - 1;
	size_t		n;

	if (k < 0 || at[k] != NULL ||
		!bnc_ci_prefix(p + i, len - i, command_intro[k].text))
		return 0;
	n = command_intro[k].len;
	if ((cmd[k] = command_at(p + i + n, len - i - n)) == NULL)
		return 0;
	at[k] = p + i;
	return 1;
}

/*
 * The SMTP command a failure happened at, from phrases such as "in reply
 * to RCPT TO command", "after end of data" or a transcript line ">>> DATA";
 * NULL when the text names none.  The earliest phrase wins: one pass finds
 * the first place where each phrase is followed by a command, sixteen
 * positions at a time being screened with SSE2 (else eight, as in
 * bnc_ci_find); then the phrases
 * are taken in order of preference, each replacing the one before when it
 * ends at or before the place where that one starts.
 */
const char *
bnc_find_command(const char *p, size_t len)
{
	const char *at[NINTRO] = {NULL};
	const char *cmd[NINTRO] = {NULL};
	size_t		found = 0;
	size_t		i = 0;
	size_t		k;
	const char *best = NULL;
	const char *best_at = p + len;

#ifdef BNC_USE_SSE2
	for (; i + 18 <= len && found < NINTRO; i += 16)
	{
		unsigned	hit = intro_candidates16(p + i);

		if ((i & (BNC_POLL_CHUNK - 1)) == 0 && i > 0)
			bnc_poll_pass();

		while (hit != 0)
		{
			found += try_intro(p, len, i + (size_t) __builtin_ctz(hit),
							   at, cmd);
			hit &= hit - 1;
		}
	}
#endif
	for (; i + 10 <= len && found < NINTRO; i += 8)
	{
		uint64_t	hit = intro_candidates(p + i);
		unsigned char flag[8];
		size_t		j;

		if ((i & (BNC_POLL_CHUNK - 1)) == 0 && i > 0)
			bnc_poll_pass();
		if (hit == 0)
			continue;
		memcpy(flag, &hit, sizeof(flag));
		for (j = 0; j < 8; j++)
			if (flag[j] != 0)
				found += try_intro(p, len, i + j, at, cmd);
	}
	for (; i < len && found < NINTRO; i++)
		if (intro_of[(unsigned char) p[i]])
			found += try_intro(p, len, i, at, cmd);

	for (k = 0; k < NINTRO; k++)
	{
		if (at[k] != NULL && at[k] + command_intro[k].len <= best_at)
		{
			best = cmd[k];
			best_at = at[k];
		}
	}
	return best;
}


/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		era;
	int64_t		yoe;
	int64_t		doy;
	int64_t		doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Skip white space and (possibly nested) comments. */
static size_t
skip_cfws(const char *p, size_t len, size_t i)
{
	int			depth = 0;

	while (i < len)
	{
		if (p[i] == '(')
			depth++;
		else if (p[i] == ')' && depth > 0)
			depth--;
		else if (depth == 0 && !BNC_IS_WS(p[i]) && p[i] != ',')
			break;
		i++;
	}
	return i;
}

/* Read a decimal number of at most maxd digits; -1 when none. */
static int
read_number(const char *p, size_t len, size_t *i, int maxd, int *ndigits)
{
	int			v = 0;
	int			n = 0;

	while (*i < len && BNC_IS_DIGIT(p[*i]) && n < maxd)
	{
		v = v * 10 + (p[*i] - '0');
		(*i)++;
		n++;
	}
	if (ndigits)
		*ndigits = n;
	return n ? v : -1;
}

/* Month number 1..12 from an English abbreviation, 0 if unknown. */
static int
month_number(const char *p, size_t len)
{
	static const char *const names[] = {"jan", "feb", "mar", "apr", "may",
		"jun", "jul", "aug", "sep", "oct", "nov", "dec"};
	int			m;

	for (m = 0; m < 12; m++)
	{
		if (bnc_ci_prefix(p, len, names[m]))
			return m + 1;
	}
	return 0;
}

/* Offset in minutes east of UTC for a zone at p[*i], advancing *i. */
static int
read_zone(const char *p, size_t len, size_t *i)
{
	static const struct
	{
		const char *name;
		int			minutes;
	}			zones[] =
	{
		{"UT", 0}, {"GMT", 0}, {"UTC", 0}, {"Z", 0},
		{"EST", -300}, {"EDT", -240}, {"CST", -360}, {"CDT", -300},
		{"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420},
		{NULL, 0}
	};
	size_t		start = *i;
	int			k;

	if (*i < len && (p[*i] == '+' || p[*i] == '-'))
	{
		int			sign = p[*i] == '-' ? -1 : 1;
		int			nd;
		int			v;

		(*i)++;
		v = read_number(p, len, i, 4, &nd);
		if (nd == 4 && v % 100 < 60 && v / 100 < 24)
			return sign * ((v / 100) * 60 + v % 100);
		*i = start;
		return 0;
	}
	while (*i < len && BNC_IS_ALPHA(p[*i]))
		(*i)++;
	for (k = 0; zones[k].name; k++)
	{
		if (bnc_ci_equal(p + start, *i - start, zones[k].name))
			return zones[k].minutes;
	}
	/* RFC 5322 reads any other zone name as "-0000", that is UTC. */
	return 0;
}

/* Read "hh:mm[:ss]" at p[*i]; returns seconds into the day or -1. */
static int
read_time(const char *p, size_t len, size_t *i)
{
	int			h;
	int			mi;
	int			s = 0;

	h = read_number(p, len, i, 2, NULL);
	if (h < 0 || h > 23 || *i >= len || p[*i] != ':')
		return -1;
	(*i)++;
	mi = read_number(p, len, i, 2, NULL);
	if (mi < 0 || mi > 59)
		return -1;
	if (*i < len && p[*i] == ':')
	{
		(*i)++;
		s = read_number(p, len, i, 2, NULL);
		if (s < 0 || s > 60)
			return -1;
	}
	return h * 3600 + mi * 60 + s;
}

/*
 * Parse an RFC 5322 (or RFC 822) date such as "Thu, 29 Apr 2013 23:45:32
 * +0900 (JST)" into seconds since the epoch.  Two-digit years below 50
 * are read as 20xx, others as 19xx; three-digit years add 1900.  Returns 1
 * on success.
 *
 * XXX dates in other layouts (asctime's "Thu Apr 29 23:45:32 2013") are
 * not recognised; the result then simply has no arrival time.
 */
int
bnc_parse_date(const char *p, size_t len, int64_t *out)
{
	size_t		i = skip_cfws(p, len, 0);
	int			day;
	int			mon;
	int			year;
	int			nd;
	int			secs;
	int			zone;

	/* optional day of week */
	if (i < len && BNC_IS_ALPHA(p[i]))
	{
		while (i < len && BNC_IS_ALPHA(p[i]))
			i++;
		i = skip_cfws(p, len, i);
	}
	day = read_number(p, len, &i, 2, NULL);
	if (day < 1 || day > 31)
		return 0;
	i = skip_cfws(p, len, i);
	if (i + 3 > len || (mon = month_number(p + i, len - i)) == 0)
		return 0;
	while (i < len && BNC_IS_ALPHA(p[i]))
		i++;
	i = skip_cfws(p, len, i);
	year = read_number(p, len, &i, 4, &nd);
	if (year < 0)
		return 0;
	if (nd == 2)
		year += year < 50 ? 2000 : 1900;
	else if (nd == 3)
		year += 1900;
	i = skip_cfws(p, len, i);
	if ((secs = read_time(p, len, &i)) < 0)
		return 0;
	i = skip_cfws(p, len, i);
	zone = read_zone(p, len, &i);

	*out = days_from_civil(year, mon, day) * 86400 + secs -
		(int64_t) zone * 60;
	return 1;
}
