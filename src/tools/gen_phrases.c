/*-------------------------------------------------------------------------
 *
 * gen_phrases.c
 *		Build tool: turns the phrase table into the Aho-Corasick automaton
 *		that the phrase scanner runs, written as static const C tables.
 *
 * Usage: gen_phrases OUTPUT.h   (run by "make phrases")
 *
 * The automaton reads the normalised view of a text (see phrase.c) one byte
 * at a time.  Its alphabet is the set of bytes that occur in the phrases,
 * numbered from 1; every other byte is symbol 0 and leads back to the root.
 * The byte-to-symbol map reads a letter as its lower case, as the view
 * does.  The states near the root, where ordinary text keeps the automaton
 * most of the time, have dense rows of complete transitions, one entry
 * per symbol.  Deeper states keep their trie edges in a double array (the
 * child of the state in slot s on symbol c is in slot base + c when that
 * slot's check holds s) and fall back along failure links when an edge is
 * missing.  Each state records the longest phrase that ends there, which
 * is all the scanner needs: a shorter phrase ending at the same place lies
 * inside it.
 *
 * Of several table entries with the same text the first is kept, as the
 * scanner has always done.  A checksum of the table is written into the
 * header so that a unit test can tell when the header is stale.
 *
 * src/tools/gen_phrases.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phrase_table.h"

#define PHRASE_COUNT	(sizeof(phrase_table) / sizeof(phrase_table[0]))
#define MAX_STATES		65000	/* state numbers are uint16_t */
#define NO_STATE		0xFFFF
#define FREE_PLACED	(-2)	/* owner of a slot that no lookup checks */
#define HAS_OUT			0x8000	/* flag in a dense row; slots stay below */

/*
 * States less deep than this get a dense row of complete transitions, one
 * per symbol, with the failure links already followed.  As every phrase
 * has 3 bytes or more, no phrase ends in such a state.
 */
#define DENSE_DEPTH		3

/* The trie under construction; state 0 is the root. */
typedef struct trie
{
	int			nsym;			/* symbols 1..nsym-1 are phrase bytes */
	int			symbol[256];	/* byte to symbol, 0 when none */
	int			nstates;
	int		   *child;			/* nstates x nsym, -1 when absent */
	int		   *fail;
	int		   *depth;
	int		   *term;			/* table index of the phrase ending here */
	int		   *out;			/* longest phrase ending here, or -1 */
	int		   *order;			/* states in breadth-first order */
	int		   *row;			/* dense row of the state, or -1 */
	int			nrows;
	int			stride;			/* row length: nsym up to a power of 2 */
	int		   *dense;			/* nrows x stride complete transitions */
} trie;

/* Where each state sits in the double array. */
typedef struct layout
{
	int		   *slot;			/* state to slot */
	int		   *base;			/* by state */
	int			nslots;			/* slots in use, padded for lookups */
	int			hint;			/* no free slot below this one */
	int		   *owner;			/* slot to parent state, -1 when free */
} layout;

/* Exit with a message. */
static void
die(const char *msg)
{
	fprintf(stderr, "gen_phrases: %s\n", msg);
	exit(1);
}

/* calloc that never returns NULL. */
static void *
xcalloc(size_t n, size_t size)
{
	void	   *p = calloc(n ? n : 1, size);

	if (p == NULL)
		die("out of memory");
	return p;
}

/*
 * FNV-1a over every entry in order: its text, a NUL, its reason and its
 * tier.  The unit test computes the same sum from the table it is built
 * with.
 */
static unsigned long long
table_checksum(void)
{
	unsigned long long h = 14695981039346656037ULL;
	size_t		i;

	for (i = 0; i < PHRASE_COUNT; i++)
	{
		const unsigned char *t = (const unsigned char *) phrase_table[i].text;
		size_t		k;
		size_t		n = strlen((const char *) t) + 1;

		for (k = 0; k < n; k++)
			h = (h ^ t[k]) * 1099511628211ULL;
		h = (h ^ phrase_table[i].reason) * 1099511628211ULL;
		h = (h ^ phrase_table[i].tier) * 1099511628211ULL;
	}
	return h;
}

/* Number the bytes that occur in the phrases and size the trie. */
static void
trie_init(trie *t)
{
	size_t		i;
	int			b;
	int			seen[256] = {0};
	size_t		total = 1;

	for (i = 0; i < PHRASE_COUNT; i++)
	{
		const unsigned char *p = (const unsigned char *) phrase_table[i].text;
		size_t		n = strlen((const char *) p);

		if (n < 3 || n != phrase_table[i].len)
			die("a phrase is shorter than 3 bytes or has a wrong length");
		total += n;
		for (; *p; p++)
			seen[*p] = 1;
	}
	t->nsym = 1;
	for (b = 0; b < 256; b++)
		t->symbol[b] = seen[b] ? t->nsym++ : 0;
	if (total > MAX_STATES)
		die("too many states");
	t->nstates = 1;
	t->child = xcalloc(total * t->nsym, sizeof(int));
	memset(t->child, -1, total * t->nsym * sizeof(int));
	t->fail = xcalloc(total, sizeof(int));
	t->depth = xcalloc(total, sizeof(int));
	t->term = xcalloc(total, sizeof(int));
	t->out = xcalloc(total, sizeof(int));
	t->order = xcalloc(total, sizeof(int));
	memset(t->term, -1, total * sizeof(int));
}

/* Add every phrase; the first entry of a repeated text keeps its state. */
static void
trie_insert_all(trie *t)
{
	size_t		i;

	for (i = 0; i < PHRASE_COUNT; i++)
	{
		const unsigned char *p = (const unsigned char *) phrase_table[i].text;
		int			s = 0;

		for (; *p; p++)
		{
			int		   *c = &t->child[s * t->nsym + t->symbol[*p]];

			if (*c < 0)
			{
				*c = t->nstates++;
				t->depth[*c] = t->depth[s] + 1;
			}
			s = *c;
		}
		if (t->term[s] < 0)
			t->term[s] = (int) i;
	}
}

/*
 * Failure links and outputs, breadth first: the failure of a state is the
 * longest proper suffix of its string that is also a state, and its output
 * is its own phrase or else its failure state's output.
 */
static void
trie_link(trie *t)
{
	int			head = 0;
	int			tail = 0;
	int			c;

	t->out[0] = -1;
	t->order[tail++] = 0;
	while (head < tail)
	{
		int			s = t->order[head++];

		for (c = 1; c < t->nsym; c++)
		{
			int			u = t->child[s * t->nsym + c];
			int			f = t->fail[s];

			if (u < 0)
				continue;
			while (f != 0 && t->child[f * t->nsym + c] < 0)
				f = t->fail[f];
			if (s != 0 && t->child[f * t->nsym + c] >= 0)
				f = t->child[f * t->nsym + c];
			else
				f = 0;
			t->fail[u] = f;
			t->out[u] = t->term[u] >= 0 ? t->term[u] : t->out[f];
			t->order[tail++] = u;
		}
	}
}

/*
 * Give the states less deep than DENSE_DEPTH a row of complete
 * transitions, breadth first, so that a state's failure state (less deep)
 * has its row already: a missing edge goes where the failure state goes.
 */
static void
make_dense(trie *t)
{
	int			i;
	int			c;

	t->row = xcalloc(t->nstates, sizeof(int));
	for (i = 0; i < t->nstates; i++)
		t->row[i] = t->depth[i] < DENSE_DEPTH ? t->nrows++ : -1;
	for (t->stride = 1; t->stride < t->nsym; t->stride *= 2)
		;
	t->dense = xcalloc((size_t) t->nrows * t->stride, sizeof(int));
	for (i = 0; i < t->nstates; i++)
	{
		int			s = t->order[i];
		int		   *row = &t->dense[t->row[s] * t->stride];

		if (t->row[s] < 0)
			continue;
		row[0] = 0;
		for (c = 1; c < t->nsym; c++)
		{
			int			u = t->child[s * t->nsym + c];

			if (u >= 0)
				row[c] = u;
			else
				row[c] = s == 0 ? 0 :
					t->dense[t->row[t->fail[s]] * t->stride + c];
		}
	}
}

/*
 * Place the children of state s at the lowest base whose slots are free,
 * searching from the lowest free slot (l->hint) on.
 */
static void
place_children(const trie *t, layout *l, int s, int cap)
{
	int			base;
	int			c;
	int			first = 0;

	for (c = 1; c < t->nsym && first == 0; c++)
		if (t->child[s * t->nsym + c] >= 0)
			first = c;
	while (l->owner[l->hint] != -1)
		l->hint++;
	for (base = l->hint > first ? l->hint - first : 1;; base++)
	{
		int			ok = 1;

		if (base + t->nsym >= cap)
			die("double array overflow");
		for (c = first; c < t->nsym && ok; c++)
			if (t->child[s * t->nsym + c] >= 0 && l->owner[base + c] != -1)
				ok = 0;
		if (ok)
			break;
	}
	l->base[s] = base;
	for (c = first; c < t->nsym; c++)
	{
		int			u = t->child[s * t->nsym + c];

		if (u < 0)
			continue;
		l->owner[base + c] = s;
		l->slot[u] = base + c;
		if (base + c + 1 > l->nslots)
			l->nslots = base + c + 1;
	}
}

/* Put a state reached only through dense rows in the lowest free slot. */
static void
place_free(const trie *t, layout *l, int u, int cap)
{
	while (l->owner[l->hint] != -1)
		l->hint++;
	if (l->hint + t->nsym >= cap)
		die("double array overflow");
	l->owner[l->hint] = FREE_PLACED;
	l->slot[u] = l->hint;
	if (l->hint + 1 > l->nslots)
		l->nslots = l->hint + 1;
}

/*
 * Lay the states out, breadth first.  The states with dense rows take the
 * first slots, slot = row (the root is slot 0); their children are reached
 * through the rows, so a deep child of theirs may go in any free slot.
 * The children of a deep state go where its base puts them.  A state
 * without children keeps base 0, which no lookup can hit because no slot
 * names it as parent.
 */
static void
lay_out(const trie *t, layout *l)
{
	int			cap = t->nstates * 4 + t->nsym * 2 + 16;
	int			i;
	int			c;

	if (cap > MAX_STATES)
		cap = MAX_STATES;
	l->slot = xcalloc(t->nstates, sizeof(int));
	l->base = xcalloc(t->nstates, sizeof(int));
	l->owner = xcalloc(cap, sizeof(int));
	for (i = 0; i < cap; i++)
		l->owner[i] = -1;
	for (i = 0; i < t->nstates; i++)
	{
		if (t->row[i] >= 0)
		{
			l->slot[i] = t->row[i];
			l->owner[t->row[i]] = FREE_PLACED;
		}
	}
	l->nslots = t->nrows;
	l->hint = t->nrows;
	for (i = 0; i < t->nstates; i++)
	{
		int			s = t->order[i];
		int			has = 0;

		for (c = 1; c < t->nsym; c++)
		{
			int			u = t->child[s * t->nsym + c];

			has |= u >= 0;
			if (u >= 0 && t->row[s] >= 0 && t->row[u] < 0)
				place_free(t, l, u, cap);
		}
		if (has && t->row[s] < 0)
			place_children(t, l, s, cap);
	}
	/* lookups index base + symbol without a bounds check */
	l->nslots += t->nsym;
	if (l->nslots >= HAS_OUT)
		die("too many slots");
}

/*
 * Check the layout against the trie: every state has a slot of its own,
 * and from every deep state every symbol leads through the double array
 * exactly where the trie's edges lead.
 */
static void
verify_layout(const trie *t, const layout *l)
{
	int		   *state = xcalloc(l->nslots, sizeof(int));
	int			s;
	int			c;

	for (s = 0; s < l->nslots; s++)
		state[s] = -1;
	for (s = 0; s < t->nstates; s++)
	{
		if (state[l->slot[s]] != -1)
			die("two states share a slot");
		state[l->slot[s]] = s;
	}
	for (s = 1; s < t->nstates; s++)
	{
		if (t->row[s] >= 0)
			continue;
		for (c = 1; c < t->nsym; c++)
		{
			int			u = t->child[s * t->nsym + c];
			int			k = l->base[s] + c;
			int			hit = state[k] >= 0 && l->owner[k] == s;

			if (hit != (u >= 0) || (hit && state[k] != u))
				die("the double array does not reproduce the trie");
		}
	}
	free(state);
}

/* Print an array of numbers as the body of a C initialiser. */
static void
print_numbers(FILE *f, const int *v, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s%d,%s", i % 12 == 0 ? "\t" : " ", v[i],
				i % 12 == 11 || i == n - 1 ? "\n" : "");
}

/* The file's opening: what it is, how it was made, its sizes and types. */
static void
print_preamble(FILE *f, const trie *t, const layout *l, int maxlen)
{
	fprintf(f,
			"/*-------------------------------------------------------------------------\n"
			" *\n"
			" * phrase_automaton.h\n"
			" *\t\tThe Aho-Corasick automaton over the phrases of phrase_table.h,\n"
			" *\t\tgenerated by src/tools/gen_phrases.c; do not edit by hand.\n"
			" *\n"
			" * Regenerate with \"make phrases\" whenever phrase_table.h changes; a unit\n"
			" * test compares the checksum below with the table.  See gen_phrases.c\n"
			" * for the layout and phrase.c for the scan.\n"
			" *\n"
			" * src/core/phrase_automaton.h\n"
			" *\n"
			" *-------------------------------------------------------------------------\n"
			" */\n"
			"#ifndef BNC_PHRASE_AUTOMATON_H\n"
			"#define BNC_PHRASE_AUTOMATON_H\n\n"
			"#include <stdint.h>\n\n"
			"/* FNV-1a of the table (texts, reasons, tiers) this was built from */\n"
			"#define PA_TABLE_CHECKSUM\tUINT64_C(0x%016llx)\n"
			"#define PA_TABLE_ENTRIES\t%d\n"
			"#define PA_SYMBOLS\t\t%d\n"
			"#define PA_STATES\t\t%d\n"
			"#define PA_SLOTS\t\t%d\n"
			"#define PA_MAX_LEN\t\t%d\n"
			"#define PA_ROWS\t\t\t%d\n"
			"#define PA_STRIDE\t\t%d\n",
			table_checksum(), (int) PHRASE_COUNT, t->nsym, t->nstates,
			l->nslots, maxlen, t->nrows, t->stride);
	fprintf(f, "\n/* A phrase the automaton reports */\n"
			"typedef struct pa_match\n{\n"
			"\tunsigned char len;\n\tunsigned char reason;\n"
			"\tunsigned char tier;\n} pa_match;\n");
	fprintf(f, "\n/*\n * One slot of the double array.  Slots 0 to PA_ROWS - 1 hold"
			" the states\n * with dense rows, slot = row, the root first.  A"
			" slot of a deeper state\n * has its parent's slot in check when the"
			" parent is deep too, and 0xFFFF\n * otherwise, as free slots do.  The"
			" child on symbol c of a deep state in\n * slot s is in slot base + c"
			" when that slot's check is s; fail is its\n * failure link.  out is"
			" the longest phrase ending in the state, as an\n * index into"
			" pa_matches plus one, or 0.\n */\n"
			"typedef struct pa_slot\n{\n"
			"\tuint16_t\tbase;\n\tuint16_t\tcheck;\n"
			"\tuint16_t\tfail;\n\tuint16_t\tout;\n} pa_slot;\n");
}

/*
 * Number the phrases that some state reports, in table order, into
 * match_of (-1 for the others); returns their count and sets *maxlen.
 */
static int
number_matches(const trie *t, int *match_of, int *maxlen)
{
	int			nmatch = 0;
	int			i;
	size_t		k;

	*maxlen = 0;
	for (k = 0; k < PHRASE_COUNT; k++)
		match_of[k] = -1;
	for (i = 0; i < t->nstates; i++)
		if (t->out[i] >= 0)
			match_of[t->out[i]] = 0;
	for (k = 0; k < PHRASE_COUNT; k++)
	{
		if (match_of[k] < 0)
			continue;
		match_of[k] = nmatch++;
		if (phrase_table[k].len > *maxlen)
			*maxlen = phrase_table[k].len;
	}
	return nmatch;
}

/* Write the phrases the automaton reports. */
static void
print_matches(FILE *f, const int *match_of, int nmatch)
{
	size_t		k;

	fprintf(f, "\nstatic const pa_match pa_matches[%d] = {\n", nmatch);
	for (k = 0; k < PHRASE_COUNT; k++)
	{
		if (match_of[k] < 0)
			continue;
		fprintf(f, "\t{%d, %d, %d},", phrase_table[k].len,
				phrase_table[k].reason, phrase_table[k].tier);
		if (strstr(phrase_table[k].text, "*/") == NULL)
			fprintf(f, "\t\t/* %s */", phrase_table[k].text);
		fprintf(f, "\n");
	}
	fprintf(f, "};\n");
}

/* Write the symbol map and the dense rows. */
static void
print_dense(FILE *f, const trie *t, const layout *l)
{
	int		   *v = xcalloc((size_t) t->nrows * t->stride + 256, sizeof(int));
	int			i;

	/* the view lower-cases ASCII letters: a letter reads as its lower case */
	for (i = 0; i < 256; i++)
		v[i] = t->symbol[i >= 'A' && i <= 'Z' ? i + ('a' - 'A') : i];
	fprintf(f, "\n/*\n * Symbol of each byte, read as the view reads it (a letter"
			" as its lower\n * case); 0 for bytes in no phrase.\n */\n"
			"static const unsigned char pa_symbol[256] = {\n");
	print_numbers(f, v, 256);
	fprintf(f, "};\n");

	for (i = 0; i < t->nrows * t->stride; i++)
		v[i] = l->slot[t->dense[i]] | (t->out[t->dense[i]] >= 0 ? HAS_OUT : 0);
	fprintf(f, "\n/*\n * Complete transitions of the states less deep than %d,"
			" PA_STRIDE per row;\n * row 0 is the root's.  An entry is the"
			" next state's slot, plus\n * PA_HAS_OUT when a phrase ends"
			" there.\n */\n"
			"#define PA_HAS_OUT\t\t0x%X\n"
			"static const uint16_t pa_dense[%d] = {\n",
			DENSE_DEPTH, HAS_OUT, t->nrows * t->stride);
	print_numbers(f, v, t->nrows * t->stride);
	fprintf(f, "};\n");
	free(v);
}

/* Write the double array, one slot per line. */
static void
print_slots(FILE *f, const trie *t, const layout *l, const int *match_of)
{
	int		   *state = xcalloc(l->nslots, sizeof(int));
	int			i;

	for (i = 0; i < l->nslots; i++)
		state[i] = -1;
	for (i = 0; i < t->nstates; i++)
		state[l->slot[i]] = i;

	fprintf(f, "\nstatic const pa_slot pa_slots[%d] = {\n", l->nslots);
	for (i = 0; i < l->nslots; i++)
	{
		int			s = state[i];

		if (s < 0 || t->row[s] >= 0)
			fprintf(f, "\t{0, 0x%X, 0, %d},\n", NO_STATE,
					s >= 0 && t->out[s] >= 0 ? match_of[t->out[s]] + 1 : 0);
		else
			fprintf(f, "\t{%d, %d, %d, %d},\n", l->base[s],
					l->owner[i] >= 0 ? l->slot[l->owner[i]] : NO_STATE,
					l->slot[t->fail[s]],
					t->out[s] >= 0 ? match_of[t->out[s]] + 1 : 0);
	}
	fprintf(f, "};\n");
	free(state);
}

/* Write the whole header to f. */
static void
print_header(FILE *f, const trie *t, const layout *l)
{
	int		   *match_of = xcalloc(PHRASE_COUNT, sizeof(int));
	int			maxlen;
	int			nmatch = number_matches(t, match_of, &maxlen);

	print_preamble(f, t, l, maxlen);
	print_matches(f, match_of, nmatch);
	print_dense(f, t, l);
	print_slots(f, t, l, match_of);
	fprintf(f, "\n#endif\t\t\t\t\t\t\t/* BNC_PHRASE_AUTOMATON_H */\n");
	free(match_of);
}

int
main(int argc, char **argv)
{
	trie		t;
	layout		l;
	FILE	   *f;

	if (argc != 2)
		die("usage: gen_phrases OUTPUT.h");
	memset(&t, 0, sizeof(t));
	memset(&l, 0, sizeof(l));
	trie_init(&t);
	trie_insert_all(&t);
	trie_link(&t);
	make_dense(&t);
	lay_out(&t, &l);
	verify_layout(&t, &l);

	f = fopen(argv[1], "w");
	if (f == NULL)
		die("cannot open the output file");
	print_header(f, &t, &l);
	if (fclose(f) != 0)
		die("cannot write the output file");
	return 0;
}
