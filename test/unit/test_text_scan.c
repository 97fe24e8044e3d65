/*-------------------------------------------------------------------------
 *
 * test_text_scan.c
 *		Unit tests that compare the word-at-a-time scans of text.c and
 *		charset.c (bnc_ci_find, bnc_find_eol, bnc_unfold, bnc_find_command,
 *		bnc_has_8bit) with plain byte-by-byte versions, over many generated
 *		texts placed at the very end of a malloc'd block, so that a read
 *		or write past the end shows under the sanitizers; and the one-search
 *		bnc_contains_any_stem with bnc_contains_any.
 *
 * test/unit/test_text_scan.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>

#include "unit.h"
#include "charset.h"
#include "text.h"
#include "decoders.h"

/* A small deterministic generator (xorshift), so failures repeat. */
static uint32_t scan_seed = 2463534242u;

static uint32_t
next_random(void)
{
	scan_seed ^= scan_seed << 13;
	scan_seed ^= scan_seed >> 17;
	scan_seed ^= scan_seed << 5;
	return scan_seed;
}

/*
 * Bytes the texts are made of: letters of both cases, the non-letters
 * that or-ing 0x20 confuses with others ('@' and '`', '[' and '{', '^'
 * and '~', '\0' and ' '), line breaks, and bytes with the high bit set.
 */
static const unsigned char alphabet[] = {
	'a', 'A', 'b', 'B', 'n', 'N', 'i', 'I', '@', '`', '[', '{', '^', '~',
	'\0', ' ', '\r', '\n', '\t', 0x80, 0xC1, 0xE1, 'r', 'R', '>', '\x1e'
};

/* One byte of the alphabet; the first k entries only when k > 0. */
static unsigned char
random_byte(size_t k)
{
	if (k == 0 || k > sizeof(alphabet))
		k = sizeof(alphabet);
	return alphabet[next_random() % k];
}

/* The first match of needle[0..n) in p[0..len), byte by byte. */
static const char *
naive_ci_find(const char *p, size_t len, const char *needle, size_t n)
{
	size_t		i;
	size_t		j;

	if (n == 0)
		return NULL;
	for (i = 0; i + n <= len; i++)
	{
		for (j = 0; j < n; j++)
			if (BNC_LOWER((unsigned char) p[i + j]) !=
				BNC_LOWER((unsigned char) needle[j]))
				break;
		if (j == n)
			return p + i;
	}
	return NULL;
}

/* bnc_find_eol, byte by byte. */
static size_t
naive_find_eol(const char *p, size_t len)
{
	size_t		i = 0;

	while (i < len && p[i] != '\n' && p[i] != '\r')
		i++;
	return i;
}

/* bnc_unfold, byte by byte, into out (len + 1 bytes). */
static void
naive_unfold(const char *p, size_t len, char *out)
{
	size_t		n = 0;
	size_t		i;
	int			pending = 0;

	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) p[i];

		if (c == '\0' || c == ' ' || (c >= '\t' && c <= '\r'))
		{
			pending = n > 0;
			continue;
		}
		if (pending)
			out[n++] = ' ';
		pending = 0;
		out[n++] = (char) c;
	}
	out[n] = '\0';
}

/* bnc_has_8bit, byte by byte. */
static int
naive_has_8bit(const char *p, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
		if ((unsigned char) p[i] & 0x80)
			return 1;
	return 0;
}

/* A copy of p[0..len) that ends exactly where its malloc'd block ends. */
static char *
copy_at_end(const unsigned char *p, size_t len)
{
	char	   *m = malloc(len ? len : 1);

	if (m == NULL)
		abort();
	if (len)
		memcpy(m, p, len);
	else
		m[0] = '\0';			/* never read: the text is empty */
	return m;
}

/*
 * Compare bnc_ci_find with the naive search on text t[0..len) for a
 * needle: one taken from the text (when it fits), one made up.
 */
static void
check_ci_find(const unsigned char *t, size_t len, size_t n, size_t k)
{
	char		needle[64];
	char	   *m = copy_at_end(t, len);
	size_t		j;
	int			round;

	for (round = 0; round < 3; round++)
	{
		if (round == 0 && n <= len)
		{
			/* a piece of the text, case swapped here and there */
			size_t		at = next_random() % (len - n + 1);

			for (j = 0; j < n; j++)
			{
				unsigned char c = t[at + j];

				if (BNC_IS_ALPHA(c) && (next_random() & 1))
					c ^= 0x20;
				needle[j] = (char) (c ? c : 'a');
			}
		}
		else if (round == 1)
		{
			/* first and last bytes repeated */
			for (j = 0; j < n; j++)
			{
				needle[j] = (j == 0 || j + 1 == n || (next_random() & 1))
					? 'a' : (char) random_byte(k);
				if (needle[j] == '\0')
					needle[j] = '`';
			}
		}
		else
			for (j = 0; j < n; j++)
			{
				needle[j] = (char) random_byte(k);
				if (needle[j] == '\0')
					needle[j] = '@';
			}
		needle[n] = '\0';
		CHECK(bnc_ci_find(m, len, needle) == naive_ci_find(m, len, needle, n));
	}
	free(m);
}

/* The other scans over text t[0..len). */
static void
check_scans(const unsigned char *t, size_t len)
{
	char	   *m = copy_at_end(t, len);
	char	   *want = malloc(len + 1);
	char	   *got;

	if (want == NULL)
		abort();
	CHECK_INT_EQ(bnc_find_eol(m, len), naive_find_eol(m, len));
	CHECK_INT_EQ(bnc_has_8bit(m, len), naive_has_8bit(m, len));
	naive_unfold(m, len, want);
	got = bnc_unfold(unit_arena(), m, len);
	CHECK_STR_EQ(got, want);
	unit_arena_reset();
	free(want);
	free(m);
}

/* Fill t[0..len) from the first k bytes of the alphabet (all when 0). */
static void
fill_random(unsigned char *t, size_t len, size_t k)
{
	size_t		i;

	for (i = 0; i < len; i++)
		t[i] = random_byte(k);
}

/* Text lengths: all up to 140, and around 512 and 1024. */
static size_t
scan_length(size_t i)
{
	if (i <= 140)
		return i;
	if (i <= 180)
		return 490 + (i - 141);
	return 1000 + (i - 181);
}

#define NLENGTHS	221

void
test_text_scan_find(void)
{
	unsigned char t[1100];
	size_t		li;
	size_t		n;
	int			rep;

	for (li = 0; li < NLENGTHS; li++)
	{
		size_t		len = scan_length(li);

		for (n = 1; n <= 30; n++)
			for (rep = 0; rep < 4; rep++)
			{
				/* few distinct bytes make for many near matches */
				size_t		k = rep < 2 ? 4 : 0;

				fill_random(t, len, k);
				check_ci_find(t, len, n, k);
			}
		/* needles longer than the text */
		fill_random(t, len, 4);
		check_ci_find(t, len, len + 1 < 60 ? len + 1 : 60, 4);
	}
}

void
test_text_scan_lines(void)
{
	unsigned char t[1100];
	size_t		li;
	int			rep;

	for (li = 0; li < NLENGTHS; li++)
	{
		size_t		len = scan_length(li);

		for (rep = 0; rep < 20; rep++)
		{
			size_t		i;

			/* mostly plain bytes, a few breaks, spaces and 8-bit bytes */
			for (i = 0; i < len; i++)
			{
				uint32_t	r = next_random() % 64;

				t[i] = r < 56 ? (unsigned char) ('a' + r % 26)
					: random_byte(0);
			}
			check_scans(t, len);
			fill_random(t, len, 0);
			check_scans(t, len);
		}
	}
}

/* Intro phrases and commands of bnc_find_command, as the naive version. */
static const char *const naive_intro[] = {
	"in reply to ", "after ", ">>> ", "error in "
};
static const char *const naive_word[][2] = {
	{"RCPT", "RCPT"}, {"pipelined RCPT", "RCPT"}, {"MAIL", "MAIL"},
	{"pipelined MAIL", "MAIL"}, {"end of data", "DATA"},
	{"end of DATA command", "DATA"}, {"DATA", "DATA"}, {"EHLO", "EHLO"},
	{"HELO", "HELO"}, {"STARTTLS", "STARTTLS"}, {"AUTH", "AUTH"},
	{"initial connection", "CONNECT"}, {"QUIT", "QUIT"}
};

/* bnc_find_command, one place and one phrase at a time. */
static const char *
naive_find_command(const char *p, size_t len)
{
	const char *at[4] = {NULL};
	const char *cmd[4] = {NULL};
	const char *best = NULL;
	const char *best_at = p + len;
	size_t		k;
	size_t		i;
	size_t		w;

	for (k = 0; k < 4; k++)
	{
		size_t		n = strlen(naive_intro[k]);

		for (i = 0; i + n <= len && at[k] == NULL; i++)
		{
			if (!bnc_ci_prefix(p + i, len - i, naive_intro[k]))
				continue;
			for (w = 0; w < sizeof(naive_word) / sizeof(naive_word[0]); w++)
				if (bnc_ci_prefix(p + i + n, len - i - n, naive_word[w][0]))
				{
					at[k] = p + i;
					cmd[k] = naive_word[w][1];
					break;
				}
		}
	}
	for (k = 0; k < 4; k++)
		if (at[k] != NULL && at[k] + strlen(naive_intro[k]) <= best_at)
		{
			best = cmd[k];
			best_at = at[k];
		}
	return best;
}

void
test_text_scan_command(void)
{
	static const char *const pieces[] = {
		"in reply to ", "IN REPLY TO ", "after ", "AFTER ", ">>> ", ">> ",
		"error in ", "Error In ", "RCPT", "rcpt", "MAIL", "end of data",
		"DATA", "ehlo", "QUIT", "initial connection", "pipelined RCPT",
		"in ", "aft", "err", "x", " ", "@", "`", "\r\n", "\xc1", "nn"
	};
	unsigned char t[1100];
	size_t		li;
	int			rep;

	for (li = 0; li < NLENGTHS; li++)
	{
		size_t		len = scan_length(li);

		for (rep = 0; rep < 30; rep++)
		{
			size_t		i = 0;
			char	   *m;

			/* pieces of phrases, whole or cut off by the end */
			while (i < len)
			{
				const char *s = pieces[next_random() %
									   (sizeof(pieces) / sizeof(pieces[0]))];
				size_t		n = strlen(s);

				if (n > len - i)
					n = len - i;
				memcpy(t + i, s, n);
				i += n;
			}
			m = copy_at_end(t, len);
			CHECK_STR_EQ(bnc_find_command(m, len),
						 naive_find_command(m, len));
			free(m);
		}
	}
}

/*
 * bnc_contains_any_stem gives the answer of bnc_contains_any for phrases
 * that share a stem: with the stem absent, present without a phrase,
 * present first without one and later with one, in another case.
 */
void
test_text_scan_stem(void)
{
	static const char *const phrases[] = {
		"----- The following addresses had permanent fatal errors -----",
		"----- Transcript of session follows -----",
		NULL
	};
	static const char *const texts[] = {
		"",
		"no stem here at all",
		"----- Thanks for writing -----",
		"----- Thanks\n----- transcript OF session follows -----\n",
		"x----- The following addresses had permanent fatal errors -----",
		"----- The following addresses had permanent fatal error",
		NULL
	};
	int			i;

	for (i = 0; texts[i] != NULL; i++)
	{
		bnc_span	t = {texts[i], strlen(texts[i])};

		CHECK_INT_EQ(bnc_contains_any_stem(t, "----- T", phrases),
					 bnc_contains_any(t, phrases));
	}
	{
		bnc_span	t = {texts[3], strlen(texts[3])};

		CHECK_INT_EQ(bnc_contains_any_stem(t, "----- T", phrases), 1);
	}
}
