/*-------------------------------------------------------------------------
 *
 * phrase.c
 *		Finds the known reason phrases in a diagnostic text in one pass.
 *
 * The text is read through a normalising view: ASCII letters lower-cased,
 * each run of white space seen as one space, a typographic apostrophe seen
 * as "'", and SMTP reply-code markers that multi-line replies leave in the
 * middle of sentences ("550-5.7.1 ", "550 5.7.1 ") skipped, so that a
 * phrase folded over two reply lines still matches.  Nothing is copied: the
 * view is a small cursor over the caller's bytes.
 *
 * The phrases are found by an Aho-Corasick automaton that reads the view
 * one byte at a time.  It is generated from phrase_table.h at build time
 * (src/tools/gen_phrases.c, "make phrases") into phrase_automaton.h as
 * static const tables, so a scan costs one transition per byte of the view
 * plus, now and then, a few failure links.
 *
 * A complete transition table over the ASCII symbols, with the failure
 * links followed in advance (one lookup per byte), built on the first
 * scan, was tried and is slower than these tables on the benchmark's
 * diagnostics: bnc_classify_line ran at 2.5 M lines/s with 600 kB of
 * uint16 entries and 2.8 M with 1.2 MB of pre-multiplied uint32 offsets,
 * against 3.0 M with these tables (best of three, bench/core_bench.c).
 * A failure link is followed for only 8 % of the bytes, and the profile
 * shows the scan waiting on the table lookup: the rows of the thousand or
 * so states a corpus visits (about 100 kB) do not stay in the L1 cache,
 * while the double-array slots and dense row entries the same scan reads
 * (a few kB) do.
 *
 * src/core/phrase.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "phrase.h"
#include "phrase_table.h"
#include "phrase_automaton.h"

#define PHRASE_COUNT	(sizeof(phrase_table) / sizeof(phrase_table[0]))

/* Room for the pending matches of a scan; see pending_push. */
#define PENDING_SIZE	256

/* Phrase lengths are unsigned char, so PA_MAX_LEN always fits. */
typedef char pending_fits[PA_MAX_LEN < PENDING_SIZE ? 1 : -1];

/* Every reason, and the unknown-user pseudo reason, fits a uint64_t mask. */
typedef char reason_count_fits[BNC_REASON_COUNT + 1 <= 64 ? 1 : -1];

/* A cursor over the normalised view of a text. */
typedef struct norm_reader
{
	const unsigned char *p;
	size_t		len;
	size_t		pos;			/* next raw byte to read */
	int			word_start;		/* at the start of the text or a word */
} norm_reader;

/*
 * Matches found but not yet counted, as a stack whose starts increase from
 * bottom to top; positions are counted modulo PENDING_SIZE.
 */
typedef struct pending
{
	size_t		start[PENDING_SIZE];	/* offset in the view */
	uint16_t	match[PENDING_SIZE];	/* index into pa_matches */
	unsigned	bottom;
	unsigned	top;
	bnc_phrase_where *where;	/* where matches are noted, or NULL */
} pending;

/* The table and its length, for the unit tests. */
const bnc_phrase *
bnc_phrase_table(size_t *count)
{
	*count = PHRASE_COUNT;
	return phrase_table;
}

/* Checksum of the table the automaton was generated from, for the tests. */
uint64_t
bnc_phrase_automaton_checksum(void)
{
	return PA_TABLE_CHECKSUM;
}

/* White space as folded header and reply lines contain it. */
static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		c == '\v' || c == '\f';
}

/* Is c an ASCII digit? */
static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Length of a run of 1 to 3 digits at p[i..n), or 0. */
static size_t
digits_len(const unsigned char *p, size_t i, size_t n)
{
	size_t		k = 0;

	while (i + k < n && k < 4 && is_digit(p[i + k]))
		k++;
	return (k >= 1 && k <= 3) ? k : 0;
}

/* Length of an enhanced status code "c.s.d" at p[i..n), or 0. */
static size_t
status_len(const unsigned char *p, size_t i, size_t n)
{
	size_t		k,
				j = i;

	if (j >= n || (p[j] != '2' && p[j] != '4' && p[j] != '5'))
		return 0;
	j++;
	if (j >= n || p[j] != '.')
		return 0;
	j++;
	if ((k = digits_len(p, j, n)) == 0)
		return 0;
	j += k;
	if (j >= n || p[j] != '.')
		return 0;
	j++;
	if ((k = digits_len(p, j, n)) == 0)
		return 0;
	return j + k - i;
}

/*
 * Length of a reply-code marker at p[i..n): "NNN-", "NNN-c.s.d" or
 * "NNN c.s.d", followed by white space or the end; 0 when there is none.
 * Only three-digit codes of class 2, 4 or 5 count.
 */
static size_t
marker_len(const unsigned char *p, size_t i, size_t n)
{
	size_t		j = i,
				k;

	if (n - i < 4 || (p[i] != '2' && p[i] != '4' && p[i] != '5') ||
		!is_digit(p[i + 1]) || !is_digit(p[i + 2]))
		return 0;
	j = i + 3;
	if (p[j] != '-' && p[j] != ' ')
		return 0;
	j++;
	k = status_len(p, j, n);
	if (k == 0)
		return p[i + 3] == '-' ? 4 : 0;
	j += k;
	if (j < n && !is_space(p[j]))
		return 0;
	return j - i;
}

/*
 * What the view makes of each byte: NC_PLAIN bytes stand for themselves
 * (letters lower-cased), NC_SPACE is white space, NC_CODE a digit that may
 * begin a reply-code marker, NC_QUOTE the first byte of a typographic
 * apostrophe.
 */
#define NC_PLAIN	0
#define NC_SPACE	1
#define NC_CODE		2
#define NC_QUOTE	3

static const unsigned char norm_class[256] = {
	['\t'] = NC_SPACE, ['\n'] = NC_SPACE, ['\v'] = NC_SPACE,
	['\f'] = NC_SPACE, ['\r'] = NC_SPACE, [' '] = NC_SPACE,
	['2'] = NC_CODE, ['4'] = NC_CODE, ['5'] = NC_CODE,
	[0xE2] = NC_QUOTE
};

/*
 * Next byte of the normalised view, or -1 at its end, read the long way
 * that white space, reply-code markers and typographic apostrophes need.
 */
static int
norm_next_slow(norm_reader *r)
{
	const unsigned char *p = r->p;
	unsigned char c;
	size_t		m;

	for (;;)
	{
		if (r->pos >= r->len)
			return -1;
		c = p[r->pos];

		/* a run of white space reads as one space */
		if (is_space(c))
		{
			while (r->pos < r->len && is_space(p[r->pos]))
				r->pos++;
			r->word_start = 1;
			return ' ';
		}

		/* drop a reply-code marker and the space after it */
		if (r->word_start && (m = marker_len(p, r->pos, r->len)) > 0)
		{
			r->pos += m;
			while (r->pos < r->len && is_space(p[r->pos]))
				r->pos++;
			continue;
		}

		/* U+2018 and U+2019 in UTF-8 read as an apostrophe */
		if (c == 0xE2 && r->len - r->pos >= 3 && p[r->pos + 1] == 0x80 &&
			(p[r->pos + 2] == 0x98 || p[r->pos + 2] == 0x99))
		{
			r->pos += 3;
			c = '\'';
		}
		else
			r->pos++;

		r->word_start = 0;
		return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
	}
}

/*
 * Next byte of the normalised view, or -1 at its end.  Most bytes stand
 * for themselves and take the short way.
 */
static inline int
norm_next(norm_reader *r)
{
	unsigned char c;
	int			k;

	if (r->pos >= r->len)
		return -1;
	c = r->p[r->pos];
	k = norm_class[c];
	if (k == NC_PLAIN || (k == NC_CODE && !r->word_start))
	{
		r->pos++;
		r->word_start = 0;
		return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
	}
	return norm_next_slow(r);
}

/* Write the normalised view of text to out (len + 1 bytes); see phrase.h. */
size_t
bnc_phrase_normalize(const char *text, size_t len, char *out)
{
	norm_reader r;
	size_t		n = 0;
	int			c;

	r.p = (const unsigned char *) text;
	r.len = text != NULL ? len : 0;
	r.pos = 0;
	r.word_start = 1;
	while ((c = norm_next(&r)) >= 0)
		out[n++] = (char) c;
	out[n] = '\0';
	return n;
}

/*
 * Count the oldest pending match: set its reason's bit in the mask of its
 * tier and, when explaining, note where the first such match lies.
 */
static void
count_oldest(pending *pd, bnc_phrase_hits *hits)
{
	unsigned	i = pd->bottom++ % PENDING_SIZE;
	const pa_match *m = &pa_matches[pd->match[i]];

	hits->mask[m->tier] |= (uint64_t) 1 << m->reason;
	if (pd->where != NULL && pd->where->len[m->tier][m->reason] == 0)
	{
		pd->where->start[m->tier][m->reason] = pd->start[i];
		pd->where->len[m->tier][m->reason] = m->len;
	}
}

/*
 * Note match m, the longest phrase ending at offset end of the view.  It
 * counts unless a match found later starts at or before it (and so, ending
 * later, contains it): pending matches starting at or after it are
 * dropped, as it contains them.  Those that no later match can reach any
 * more are counted at once, which keeps the stack within PA_MAX_LEN.
 */
static void
pending_push(pending *pd, bnc_phrase_hits *hits, unsigned m, size_t end)
{
	size_t		start = end - pa_matches[m].len;

	while (pd->top != pd->bottom &&
		   pd->start[(pd->top - 1) % PENDING_SIZE] >= start)
		pd->top--;
	pd->start[pd->top % PENDING_SIZE] = start;
	pd->match[pd->top % PENDING_SIZE] = (uint16_t) m;
	pd->top++;
	while (pd->bottom != pd->top &&
		   pd->start[pd->bottom % PENDING_SIZE] + PA_MAX_LEN <= end)
		count_oldest(pd, hits);
}

/*
 * The state after reading a byte of symbol sym in state s, noting the
 * phrase that ends there, if any, as ending at offset end of the view.  A
 * state with a dense row (the first PA_ROWS slots) has the answer for
 * every symbol; a deeper state tries its own edge and falls back along
 * failure links until it reaches one.
 */
static inline unsigned
pa_step(unsigned s, unsigned sym, pending *pd, bnc_phrase_hits *hits,
		size_t end)
{
	while (s >= PA_ROWS)
	{
		unsigned	t = pa_slots[s].base + sym;

		if (pa_slots[t].check == s)
		{
			if (pa_slots[t].out != 0)
				pending_push(pd, hits, pa_slots[t].out - 1u, end);
			return t;
		}
		s = pa_slots[s].fail;
	}
	s = pa_dense[s * PA_STRIDE + sym];
	if (s & PA_HAS_OUT)
	{
		s &= ~(unsigned) PA_HAS_OUT;
		pending_push(pd, hits, pa_slots[s].out - 1u, end);
	}
	return s;
}

/*
 * Scan the view once.  A phrase match counts unless it lies inside a longer
 * one: at each offset only the longest phrase ending there can count, and
 * it does unless a later match starts at or before it.  Plain bytes and
 * white space are read on the spot, as norm_next would read them; the
 * rest goes through norm_next_slow.
 */
static inline void
phrase_scan(const char *text, size_t len, bnc_phrase_hits *hits,
			bnc_phrase_where *where)
{
	pending		pd;
	const unsigned char *p = (const unsigned char *) text;
	size_t		pos = 0;
	int			word_start = 1;
	unsigned	s = 0;
	size_t		end = 0;		/* bytes of the view read so far */

	memset(hits, 0, sizeof(*hits));
	if (where != NULL)
		memset(where->len, 0, sizeof(where->len));
	if (text == NULL || len == 0)
		return;
	pd.bottom = pd.top = 0;
	pd.where = where;

	while (pos < len)
	{
		unsigned char c = p[pos];
		int			k = norm_class[c];

		if (k == NC_PLAIN || (k == NC_CODE && !word_start))
		{
			pos++;
			word_start = 0;
		}
		else if (k == NC_SPACE)
		{
			while (pos < len && norm_class[p[pos]] == NC_SPACE)
				pos++;
			word_start = 1;
			c = ' ';
		}
		else
		{
			norm_reader r;
			int			v;

			r.p = p;
			r.len = len;
			r.pos = pos;
			r.word_start = word_start;
			v = norm_next_slow(&r);
			pos = r.pos;
			word_start = r.word_start;
			if (v < 0)
				break;
			c = (unsigned char) v;
		}
		end++;
		s = pa_step(s, pa_symbol[c], &pd, hits, end);
	}
	while (pd.bottom != pd.top)
		count_oldest(&pd, hits);
}

/* Scan text[0..len) once and fill *hits; see phrase.h. */
void
bnc_phrase_scan(const char *text, size_t len, bnc_phrase_hits *hits)
{
	phrase_scan(text, len, hits, NULL);
}

/* The same, noting where each reason's first counted match lies. */
void
bnc_phrase_scan_where(const char *text, size_t len, bnc_phrase_hits *hits,
					  bnc_phrase_where *where)
{
	phrase_scan(text, len, hits, where);
}

/*
 * Copy bytes [start, start + n) of the normalised view of text[0..len) to
 * out (n + 1 bytes) and NUL-terminate them; returns the length copied.
 */
size_t
bnc_phrase_view_slice(const char *text, size_t len, size_t start, size_t n,
					  char *out)
{
	norm_reader r;
	size_t		at = 0;
	size_t		k = 0;
	int			c;

	r.p = (const unsigned char *) text;
	r.len = text != NULL ? len : 0;
	r.pos = 0;
	r.word_start = 1;
	while (k < n && (c = norm_next(&r)) >= 0)
	{
		if (at++ >= start)
			out[k++] = (char) c;
	}
	out[k] = '\0';
	return k;
}
