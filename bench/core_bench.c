/*-------------------------------------------------------------------------
 *
 * core_bench.c
 *		Throughput of the core parser alone, without a server: parse every
 *		message of one or more blob files written by gen several times with
 *		a bump allocator reset per message, and classify diagnostic lines.
 *
 * Usage: core_bench [-p PASSES] [-M MB] [-m FILE.meta] [-l LINES -L COUNT]
 *					 FILE.blob...
 *
 * Each pass parses a whole blob file, repeated until the pass has read at
 * least MB megabytes (default 16) so that small files are timed over a
 * measurable span; the best of PASSES passes (default 3) is reported.
 * With -m, the results are compared with what gen meant each message to
 * be (format, number of recipients, reasons), as a sanity check on the
 * corpus and the parser.  With -l, COUNT lines (default 1,000,000) are
 * classified with bnc_classify_line, cycling through the file.  Besides
 * the readable report, every figure is printed on a line "result: KEY
 * VALUE" for bench/run.sh to collect.
 *
 * bench/core_bench.c
 *
 *-------------------------------------------------------------------------
 */
#define _POSIX_C_SOURCE 199309L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bnc.h"

#define ARENA_SIZE	(64u * 1024 * 1024)
#define MB			1048576.0

/* A bump allocator: one big block, and malloc'd chunks beyond it. */
typedef struct arena
{
	char	   *base;
	size_t		used;
	void	  **extra;			/* chunks allocated past the block */
	size_t		nextra;
	size_t		capextra;
	size_t		total;			/* bytes handed out since the reset */
} arena;

/* The messages of one blob file, all in memory. */
typedef struct corpus
{
	const char *path;
	char	   *data;
	size_t		size;
	size_t		count;
	size_t	   *off;
	size_t	   *len;
} corpus;

/* Exit with a message about what failed. */
static void
fail(const char *what)
{
	fprintf(stderr, "core_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* malloc that never returns NULL. */
static void *
xmalloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (p == NULL)
		fail("malloc");
	return p;
}

/* Seconds on a monotonic clock. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The bnc_alloc callback: 16-byte aligned bump allocation. */
static void *
arena_alloc(void *ctx, size_t size)
{
	arena	   *a = ctx;
	size_t		n = (size + 15) & ~(size_t) 15;
	void	   *p;

	a->total += n;
	if (a->used + n <= ARENA_SIZE)
	{
		p = a->base + a->used;
		a->used += n;
		return p;
	}
	if (a->nextra == a->capextra)
	{
		a->capextra = a->capextra ? a->capextra * 2 : 64;
		a->extra = realloc(a->extra, a->capextra * sizeof(void *));
		if (a->extra == NULL)
			fail("realloc");
	}
	p = xmalloc(n);
	a->extra[a->nextra++] = p;
	return p;
}

/* Forget everything allocated since the last reset. */
static void
arena_reset(arena *a)
{
	size_t		i;

	for (i = 0; i < a->nextra; i++)
		free(a->extra[i]);
	a->nextra = 0;
	a->used = 0;
	a->total = 0;
}

/* Read a whole file into memory; returns its size. */
static char *
read_file(const char *path, size_t *size)
{
	FILE	   *f = fopen(path, "rb");
	char	   *data;
	long		n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
		fail(path);
	rewind(f);
	data = xmalloc((size_t) n + 1);
	if (fread(data, 1, (size_t) n, f) != (size_t) n)
		fail(path);
	fclose(f);
	data[n] = '\0';
	*size = (size_t) n;
	return data;
}

/* Load a blob file: records of a 4-byte little-endian length and bytes. */
static void
load_corpus(corpus *c, const char *path)
{
	size_t		pos = 0;
	size_t		cap = 1024;

	c->path = path;
	c->data = read_file(path, &c->size);
	c->count = 0;
	c->off = xmalloc(cap * sizeof(size_t));
	c->len = xmalloc(cap * sizeof(size_t));
	while (pos + 4 <= c->size)
	{
		const unsigned char *p = (const unsigned char *) c->data + pos;
		size_t		n = p[0] | (size_t) p[1] << 8 | (size_t) p[2] << 16 |
			(size_t) p[3] << 24;

		if (pos + 4 + n > c->size)
			break;
		if (c->count == cap)
		{
			cap *= 2;
			c->off = realloc(c->off, cap * sizeof(size_t));
			c->len = realloc(c->len, cap * sizeof(size_t));
			if (c->off == NULL || c->len == NULL)
				fail("realloc");
		}
		c->off[c->count] = pos + 4;
		c->len[c->count++] = n;
		pos += 4 + n;
	}
	if (pos != c->size)
	{
		fprintf(stderr, "core_bench: %s: truncated record at byte %zu\n",
				path, pos);
		exit(1);
	}
}

/* Last path component, for labels. */
static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Totals of one pass over a corpus. */
typedef struct pass_stats
{
	size_t		bounces;
	size_t		rcpts;
	size_t		max_alloc;		/* largest allocation total for a message */
	double		max_ratio;		/* largest allocated / input bytes */
} pass_stats;

/* Parse every message of c once, resetting the arena per message. */
static void
parse_all(const corpus *c, arena *a, pass_stats *st)
{
	bnc_alloc	al = {arena_alloc, a};
	bnc_result	res;
	size_t		i;

	for (i = 0; i < c->count; i++)
	{
		bnc_parse_status ps = bnc_parse(c->data + c->off[i], c->len[i], &al, &res);

		if (ps == BNC_PARSE_OK)
		{
			st->bounces++;
			st->rcpts += res.nrcpts;
		}
		if (a->total > st->max_alloc)
			st->max_alloc = a->total;
		if (c->len[i] > 0 && (double) a->total / c->len[i] > st->max_ratio)
			st->max_ratio = (double) a->total / c->len[i];
		arena_reset(a);
	}
}

/* Time parsing corpus c: best of passes, each of at least min_mb. */
static void
bench_corpus(const corpus *c, arena *a, int passes, double min_mb)
{
	double		mb = 0;
	double		best = 1e300;
	int			reps;
	int			p;
	int			k;
	pass_stats	st = {0};
	const char *label = base_name(c->path);

	if (c->count == 0)
	{
		printf("%s: no messages\n", label);
		return;
	}
	mb = (c->size - 4.0 * c->count) / MB;
	reps = mb >= min_mb ? 1 : (int) (min_mb / mb) + 1;
	for (p = 0; p < passes; p++)
	{
		double		t0 = now();
		double		t;

		for (k = 0; k < reps; k++)
		{
			memset(&st, 0, sizeof(st));
			parse_all(c, a, &st);
		}
		t = now() - t0;
		if (t < best)
			best = t;
	}
	best /= reps;
	printf("%s: %zu messages, %.2f MB; best of %d passes (x%d): %.4f s\n"
		   "  %.0f messages/s, %.1f MB/s, %.2f ms/MB; %zu bounces (%.1f%%), "
		   "%zu recipients\n"
		   "  allocation: at most %.1f KB for one message, at most %.1f x its size\n",
		   label, c->count, mb, passes, reps, best, c->count / best, mb / best,
		   1000.0 * best / mb, st.bounces, 100.0 * st.bounces / c->count,
		   st.rcpts, st.max_alloc / 1024.0, st.max_ratio);
	printf("result: %s.msgs_per_s %.0f\nresult: %s.mb_per_s %.1f\n"
		   "result: %s.ms_per_mb %.3f\nresult: %s.bounces %zu\n"
		   "result: %s.rcpts %zu\nresult: %s.messages %zu\n",
		   label, c->count / best, label, mb / best, label, 1000.0 * best / mb,
		   label, st.bounces, label, st.rcpts, label, c->count);
}

/* Agreement counters for one format of the generated corpus. */
typedef struct fmt_agree
{
	char		name[32];
	long		messages;
	long		bounces;
	long		count_ok;		/* recipient count as generated */
	long		rcpts;			/* recipients of count_ok messages */
	long		reason_ok;
} fmt_agree;

/* A disagreement on the reason: what gen meant, what the parser said. */
typedef struct mismatch
{
	char		want[32];
	bnc_reason	got;
	long		count;
} mismatch;

#define NMISMATCH 64
static mismatch mismatches[NMISMATCH];
static int	nmismatches;

/* Count one disagreement between want[0..n) and got. */
static void
note_mismatch(const char *want, size_t n, bnc_reason got)
{
	int			i;

	if (n >= sizeof(mismatches[0].want))
		n = sizeof(mismatches[0].want) - 1;
	for (i = 0; i < nmismatches; i++)
		if (mismatches[i].got == got && strlen(mismatches[i].want) == n &&
			strncmp(mismatches[i].want, want, n) == 0)
			break;
	if (i == nmismatches)
	{
		if (nmismatches == NMISMATCH)
			return;
		memcpy(mismatches[i].want, want, n);
		mismatches[i].want[n] = '\0';
		mismatches[i].got = got;
		mismatches[i].count = 0;
		nmismatches++;
	}
	mismatches[i].count++;
}

/* Compare two mismatches by count, descending, for qsort. */
static int
cmp_mismatch(const void *a, const void *b)
{
	long		x = ((const mismatch *) a)->count;
	long		y = ((const mismatch *) b)->count;

	return x > y ? -1 : x < y;
}

/* Print the most frequent disagreements on the reason. */
static void
print_mismatches(void)
{
	int			i;

	qsort(mismatches, nmismatches, sizeof(mismatch), cmp_mismatch);
	if (nmismatches > 0)
		printf("  most frequent reason disagreements (generator -> parser):\n");
	for (i = 0; i < nmismatches && i < 12; i++)
		printf("    %-16s -> %-16s %ld\n", mismatches[i].want,
			   bnc_reason_name(mismatches[i].got), mismatches[i].count);
}

/* Counters for the format named name, added when new. */
static fmt_agree *
agree_slot(fmt_agree *tab, int *n, const char *name)
{
	int			i;

	for (i = 0; i < *n; i++)
		if (strcmp(tab[i].name, name) == 0)
			return &tab[i];
	if (*n == 32)
		return &tab[31];
	memset(&tab[*n], 0, sizeof(fmt_agree));
	snprintf(tab[*n].name, sizeof(tab[*n].name), "%s", name);
	return &tab[(*n)++];
}

/* Compare one parse result with its meta line "id fmt n r1,r2,...". */
static void
agree_one(fmt_agree *f, bnc_parse_status ps, const bnc_result *res,
		  int nwant, char *reasons)
{
	char	   *save = reasons;
	int			i;

	f->messages++;
	f->bounces += ps == BNC_PARSE_OK;
	if (ps != BNC_PARSE_OK || res->nrcpts != nwant)
		return;
	f->count_ok++;
	for (i = 0; i < nwant && save && *save; i++)
	{
		char	   *comma = strchr(save, ',');
		size_t		n = comma ? (size_t) (comma - save) : strlen(save);
		const char *got = bnc_reason_name(res->rcpts[i].reason);

		f->rcpts++;
		if (got && strlen(got) == n && strncmp(got, save, n) == 0)
			f->reason_ok++;
		else
			note_mismatch(save, n, res->rcpts[i].reason);
		save = comma ? comma + 1 : NULL;
	}
}

/* Print agreement with the generator's intentions, per format. */
static void
print_agreement(const fmt_agree *tab, int n)
{
	fmt_agree	all = {"all", 0, 0, 0, 0, 0};
	int			i;

	printf("agreement with the generator (not a test):\n"
		   "  %-14s %8s %8s %10s %10s\n", "format", "messages",
		   "bounce", "rcpt count", "reason");
	for (i = 0; i <= n; i++)
	{
		const fmt_agree *f = i < n ? &tab[i] : &all;

		if (i < n)
		{
			all.messages += f->messages;
			all.bounces += f->bounces;
			all.count_ok += f->count_ok;
			all.rcpts += f->rcpts;
			all.reason_ok += f->reason_ok;
		}
		printf("  %-14s %8ld %7.1f%% %9.1f%% %9.1f%%\n", f->name, f->messages,
			   100.0 * f->bounces / (f->messages ? f->messages : 1),
			   100.0 * f->count_ok / (f->messages ? f->messages : 1),
			   100.0 * f->reason_ok / (f->rcpts ? f->rcpts : 1));
	}
	printf("result: agree.bounce_pct %.1f\nresult: agree.count_pct %.1f\n"
		   "result: agree.reason_pct %.1f\n",
		   100.0 * all.bounces / (all.messages ? all.messages : 1),
		   100.0 * all.count_ok / (all.messages ? all.messages : 1),
		   100.0 * all.reason_ok / (all.rcpts ? all.rcpts : 1));
}

/* Parse c once more and compare with the meta file gen wrote for it. */
static void
check_meta(const corpus *c, arena *a, const char *metapath)
{
	FILE	   *f = fopen(metapath, "r");
	bnc_alloc	al = {arena_alloc, a};
	char		line[65536];
	fmt_agree	tab[32];
	int			ntab = 0;
	size_t		i = 0;

	if (f == NULL)
		fail(metapath);
	while (i < c->count && fgets(line, sizeof(line), f))
	{
		char		fmt[32];
		int			id;
		int			nwant;
		int			used = 0;
		bnc_result	res;
		bnc_parse_status ps;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%d\t%31s\t%d\t%n", &id, fmt, &nwant, &used) < 3)
			continue;
		ps = bnc_parse(c->data + c->off[i], c->len[i], &al, &res);
		agree_one(agree_slot(tab, &ntab, fmt), ps, &res, nwant, line + used);
		arena_reset(a);
		i++;
	}
	fclose(f);
	print_agreement(tab, ntab);
	print_mismatches();
}

/* Classify count lines of the file, cycling through it; best of passes. */
static void
bench_classify(const char *path, long count, int passes)
{
	size_t		size;
	char	   *data = read_file(path, &size);
	size_t		nlines = 0;
	size_t		cap = 1024;
	size_t	   *off = xmalloc(cap * sizeof(size_t));
	size_t	   *len = xmalloc(cap * sizeof(size_t));
	size_t		pos = 0;
	double		best = 1e300;
	long		hist[BNC_REASON_COUNT] = {0};
	int			p;

	while (pos < size)
	{
		char	   *nl = memchr(data + pos, '\n', size - pos);
		size_t		end = nl ? (size_t) (nl - data) : size;

		if (nlines == cap)
		{
			cap *= 2;
			off = realloc(off, cap * sizeof(size_t));
			len = realloc(len, cap * sizeof(size_t));
			if (off == NULL || len == NULL)
				fail("realloc");
		}
		off[nlines] = pos;
		len[nlines++] = end - pos;
		pos = end + 1;
	}
	if (nlines == 0)
	{
		printf("%s: no lines\n", path);
		return;
	}
	for (p = 0; p < passes; p++)
	{
		double		t0 = now();
		long		i;

		for (i = 0; i < count; i++)
		{
			size_t		k = (size_t) i % nlines;
			bnc_status	st = {0, 0, 0};
			int			reply = 0;
			bnc_reason	r = bnc_classify_line(data + off[k], len[k], &st, &reply);

			if (p == 0)
				hist[r]++;
		}
		t0 = now() - t0;
		if (t0 < best)
			best = t0;
	}
	printf("classify: %ld lines (%zu distinct) in %.4f s, %.0f lines/s; "
		   "undefined %.1f%%\nresult: classify.lines_per_s %.0f\n",
		   count, nlines, best, count / best,
		   100.0 * hist[BNC_R_undefined] / count, count / best);
	free(off);
	free(len);
	free(data);
}

/* Print usage and exit. */
static void
usage(void)
{
	fprintf(stderr, "usage: core_bench [-p PASSES] [-M MB] [-m FILE.meta] "
			"[-l LINES -L COUNT] FILE.blob...\n");
	exit(2);
}

/* Read the options, then time each blob file and the classifier. */
int
main(int argc, char **argv)
{
	int			passes = 3;
	double		min_mb = 16;
	const char *meta = NULL;
	const char *lines = NULL;
	long		count = 1000000;
	arena		a = {0};
	int			i;

	for (i = 1; i < argc && argv[i][0] == '-'; i += 2)
	{
		if (i + 1 >= argc || argv[i][2] != '\0')
			usage();
		switch (argv[i][1])
		{
			case 'p':
				passes = atoi(argv[i + 1]);
				break;
			case 'M':
				min_mb = atof(argv[i + 1]);
				break;
			case 'm':
				meta = argv[i + 1];
				break;
			case 'l':
				lines = argv[i + 1];
				break;
			case 'L':
				count = atol(argv[i + 1]);
				break;
			default:
				usage();
		}
	}
	if (passes < 1 || count < 1)
		usage();
	a.base = xmalloc(ARENA_SIZE);
	for (; i < argc; i++)
	{
		corpus		c;

		load_corpus(&c, argv[i]);
		bench_corpus(&c, &a, passes, min_mb);
		if (meta)
			check_meta(&c, &a, meta);
		meta = NULL;
		free(c.data);
		free(c.off);
		free(c.len);
	}
	if (lines)
		bench_classify(lines, count, passes);
	return 0;
}
