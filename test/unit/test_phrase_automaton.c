/*-------------------------------------------------------------------------
 *
 * test_phrase_automaton.c
 *		Unit test of the generated phrase automaton: it was built from the
 *		phrase table as it is now, and the scanner that runs it finds what
 *		a plain reference scan over the normalised text finds.
 *
 * test/unit/test_phrase_automaton.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>

#include "unit.h"
#include "phrase.h"

/* Longest text the test builds. */
#define TEXT_MAX	4096

/* The table checksum as src/tools/gen_phrases.c defines it (FNV-1a). */
static uint64_t
table_checksum(const bnc_phrase *t, size_t n)
{
	uint64_t	h = UINT64_C(14695981039346656037);
	size_t		i;

	for (i = 0; i < n; i++)
	{
		const unsigned char *p = (const unsigned char *) t[i].text;
		size_t		k;
		size_t		len = strlen(t[i].text) + 1;

		for (k = 0; k < len; k++)
			h = (h ^ p[k]) * UINT64_C(1099511628211);
		h = (h ^ t[i].reason) * UINT64_C(1099511628211);
		h = (h ^ t[i].tier) * UINT64_C(1099511628211);
	}
	return h;
}

/*
 * The reference: normalise the text, then at each offset of the view take
 * the longest phrase starting there (the first in the table of equal
 * ones) and count it when it reaches past every match counted before.
 */
static void
reference_scan(const char *text, size_t len, bnc_phrase_hits *hits)
{
	static char view[TEXT_MAX + 1];
	size_t		n;
	size_t		count;
	const bnc_phrase *t = bnc_phrase_table(&count);
	size_t		start;
	size_t		reach = 0;

	memset(hits, 0, sizeof(*hits));
	n = bnc_phrase_normalize(text, len, view);
	for (start = 0; start < n; start++)
	{
		size_t		i;
		int			best = -1;

		for (i = 0; i < count; i++)
		{
			if (t[i].len <= n - start &&
				(best < 0 || t[i].len > t[best].len) &&
				memcmp(view + start, t[i].text, t[i].len) == 0)
				best = (int) i;
		}
		if (best >= 0 && start + t[best].len > reach)
		{
			reach = start + t[best].len;
			hits->mask[t[best].tier] |= (uint64_t) 1 << t[best].reason;
		}
	}
}

/* Does the scanner agree with the reference on text[0..len)? */
static int
agrees(const char *text, size_t len)
{
	bnc_phrase_hits got;
	bnc_phrase_hits want;
	int			k;

	bnc_phrase_scan(text, len, &got);
	reference_scan(text, len, &want);
	for (k = 0; k < BNC_TIER_COUNT; k++)
	{
		if (got.mask[k] != want.mask[k])
			return 0;
	}
	return 1;
}

/* Check agreement, naming the text when it fails. */
static void
check_agrees(const char *text, size_t len)
{
	unit_checks++;
	if (!agrees(text, len))
	{
		char		msg[160];

		snprintf(msg, sizeof(msg), "scan differs from reference on \"%.120s\"",
				 text);
		unit_fail(__FILE__, __LINE__, msg);
	}
}

/* A small deterministic generator, so that failures can be replayed. */
static unsigned
next_random(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7FFF;
}

/* Append up to n bytes of s to buf at *len, within TEXT_MAX. */
static void
append(char *buf, size_t *len, const char *s, size_t n)
{
	if (*len + n > TEXT_MAX)
		n = TEXT_MAX - *len;
	memcpy(buf + *len, s, n);
	*len += n;
}

/*
 * A text made of pieces of phrases (whole, cut short, or cut at the front),
 * glued with the separators the normaliser has to deal with.
 */
static size_t
random_text(char *buf, unsigned *rnd)
{
	static const char *const glue[] = {" ", "", "  ", "\r\n\t", "-", "x",
		"550-5.1.1 ", "\n550 5.7.1 ", "452-", " 421 4.4.2 ", "\xE2\x80\x99",
	"'", ". ", "\xE2\x80", "5.1.1", NULL};
	size_t		nglue = 0;
	size_t		count;
	const bnc_phrase *t = bnc_phrase_table(&count);
	size_t		len = 0;
	int			pieces = 1 + next_random(rnd) % 8;
	int			i;

	while (glue[nglue])
		nglue++;
	for (i = 0; i < pieces; i++)
	{
		const bnc_phrase *ph = &t[next_random(rnd) % count];
		size_t		from = 0;
		size_t		to = ph->len;
		const char *g = glue[next_random(rnd) % nglue];

		switch (next_random(rnd) % 4)
		{
			case 0:
				to = 1 + next_random(rnd) % ph->len;
				break;
			case 1:
				from = next_random(rnd) % ph->len;
				break;
			default:
				break;
		}
		append(buf, &len, ph->text + from, to - from);
		append(buf, &len, g, strlen(g));
	}
	/* upper-case some letters: the view folds case */
	for (i = 0; i < (int) len; i++)
	{
		if (buf[i] >= 'a' && buf[i] <= 'z' && next_random(rnd) % 5 == 0)
			buf[i] = (char) (buf[i] - 'a' + 'A');
	}
	buf[len] = '\0';
	return len;
}

/* The automaton was generated from the table as it is now. */
void
test_phrase_automaton_fresh(void)
{
	size_t		count;
	const bnc_phrase *t = bnc_phrase_table(&count);

	CHECK(count > 0);
	unit_checks++;
	if (bnc_phrase_automaton_checksum() != table_checksum(t, count))
		unit_fail(__FILE__, __LINE__,
				  "phrase_automaton.h is stale: run \"make phrases\"");
}

/* The automaton scan equals the reference scan on many texts. */
void
test_phrase_automaton_scan(void)
{
	static const char *const fixed[] = {
		"",
		"   ",
		"User not listed in Directory",
		"relay access denied",
		"550 5.1.1 <kim@example.com>:\r\n\tUSER\t \r\n  Unknown",
		"550-5.7.1 Our system found that this message is likely\n"
		"550-5.7.1 to come from an IP with a very low\n"
		"550 5.7.1 reputation.",
		"This user doesn\xE2\x80\x99t have a example.net account",
		"user550-unknown",
		"Mailbox Full",
		"mailbox fullmailbox full mailbox is full",
		"452 4.2.2 The email account that you tried to reach is over quota",
		"550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked "
		"using zen.example.org; https://www.example.org/query/ip/192.0.2.1",
		"421 4.7.0 [203.0.113.7] Our system has detected an unusual rate "
		"of unsolicited mail originating from your IP address.",
		NULL
	};
	static char buf[TEXT_MAX + 1];
	size_t		count;
	const bnc_phrase *t = bnc_phrase_table(&count);
	unsigned	rnd = 20240611u;
	size_t		i;
	int			k;

	for (i = 0; fixed[i]; i++)
		check_agrees(fixed[i], strlen(fixed[i]));

	/* every phrase alone, and run into its neighbour in the table */
	for (i = 0; i < count; i++)
	{
		size_t		len = 0;

		check_agrees(t[i].text, t[i].len);
		if (i + 1 < count)
		{
			append(buf, &len, t[i].text, t[i].len);
			append(buf, &len, t[i + 1].text + 1, t[i + 1].len - 1);
			buf[len] = '\0';
			check_agrees(buf, len);
		}
	}

	/* texts built from random pieces of phrases */
	for (k = 0; k < 3000; k++)
	{
		size_t		len = random_text(buf, &rnd);

		check_agrees(buf, len);
	}
}
