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
 * Candidate phrases at each position of the view are found through a hash
 * of their first three bytes.  The bucket index is built on the stack at each
 * call from the static table, which costs one pass over the table.
 *
 * src/core/phrase.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "phrase.h"
#include "phrase_table.h"

#define PHRASE_COUNT	(sizeof(phrase_table) / sizeof(phrase_table[0]))
#define BUCKET_BITS		11
#define BUCKET_COUNT	(1 << BUCKET_BITS)

/* Chain links are uint16_t, and 0 ends a chain. */
typedef char phrase_count_fits[PHRASE_COUNT < 65535 ? 1 : -1];

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

/* Candidate index: chains of phrase numbers (plus one) per bucket. */
typedef struct phrase_index
{
	uint16_t	head[BUCKET_COUNT];
	uint16_t	next[PHRASE_COUNT];
} phrase_index;

/* The table and its length, for the unit tests. */
const bnc_phrase *
bnc_phrase_table(size_t *count)
{
	*count = PHRASE_COUNT;
	return phrase_table;
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

/* Next byte of the normalised view, or -1 at its end. */
static int
norm_next(norm_reader *r)
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

/* Bucket of a phrase or view position by its first three bytes. */
static unsigned
bucket_of(int c0, int c1, int c2)
{
	return ((unsigned) c0 * 961u + (unsigned) c1 * 31u + (unsigned) c2) &
		(BUCKET_COUNT - 1);
}

/* Chain every phrase into the bucket of its first three bytes. */
static void
build_index(phrase_index *ix)
{
	size_t		i;

	memset(ix->head, 0, sizeof(ix->head));
	for (i = PHRASE_COUNT; i > 0; i--)
	{
		const unsigned char *t =
		(const unsigned char *) phrase_table[i - 1].text;
		unsigned	b = bucket_of(t[0], t[1], t[2]);

		ix->next[i - 1] = ix->head[b];
		ix->head[b] = (uint16_t) i;
	}
}

/* Does phrase t start with bytes c and go on as the view at *after does? */
static int
matches_at(const norm_reader *after, const int *c, const char *t)
{
	norm_reader r;

	if ((unsigned char) t[0] != c[0] || (unsigned char) t[1] != c[1] ||
		(unsigned char) t[2] != c[2])
		return 0;
	r = *after;
	for (t += 3; *t; t++)
	{
		if (norm_next(&r) != (unsigned char) *t)
			return 0;
	}
	return 1;
}

/*
 * The longest phrase that the view starting with the three bytes c and
 * going on at *after begins with, as an index into the table, or -1.
 */
static int
longest_at(const phrase_index *ix, const norm_reader *after, const int *c)
{
	uint16_t	k;
	size_t		best_len = 0;
	int			best = -1;

	k = ix->head[bucket_of(c[0], c[1], c[2])];
	for (; k != 0; k = ix->next[k - 1])
	{
		const bnc_phrase *ph = &phrase_table[k - 1];

		if (ph->len > best_len && matches_at(after, c, ph->text))
		{
			best_len = ph->len;
			best = k - 1;
		}
	}
	return best;
}

/*
 * Scan the view once.  At each position the candidates of the bucket of the
 * next three bytes are compared; of the phrases matching there only those
 * not lying inside a longer match are counted: the longest at this
 * position, and then only if it reaches past every earlier match.
 *
 * XXX a position costs one comparison per phrase in its bucket, each as
 * long as the common prefix, so the time is linear in the text but with a
 * factor of up to (phrases sharing a first three bytes) x (longest phrase),
 * about 20 x 40, on text made of phrase prefixes; typical diagnostics cost
 * a few microseconds, and building the bucket index costs a pass over the
 * table at every call.  An Aho-Corasick automaton generated into static
 * tables at build time would make the scan one step per byte.
 */
void
bnc_phrase_scan(const char *text, size_t len, bnc_phrase_hits *hits)
{
	phrase_index ix;
	norm_reader after;			/* the view after the bytes in c */
	int			c[3];			/* the next three bytes of the view */
	size_t		start = 0;		/* offset of c[0] in the view */
	size_t		reach = 0;		/* end of the furthest match so far */

	memset(hits, 0, sizeof(*hits));
	if (text == NULL || len == 0)
		return;
	build_index(&ix);

	after.p = (const unsigned char *) text;
	after.len = len;
	after.pos = 0;
	after.word_start = 1;
	c[0] = norm_next(&after);
	c[1] = norm_next(&after);
	c[2] = norm_next(&after);

	for (; c[2] >= 0; start++)
	{
		int			best = longest_at(&ix, &after, c);

		if (best >= 0 && start + phrase_table[best].len > reach)
		{
			reach = start + phrase_table[best].len;
			hits->mask[phrase_table[best].tier] |=
				(uint64_t) 1 << phrase_table[best].reason;
		}
		c[0] = c[1];
		c[1] = c[2];
		c[2] = norm_next(&after);
	}
}
