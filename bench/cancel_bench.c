/*-------------------------------------------------------------------------
 *
 * cancel_bench.c
 *		How long the core parser takes to stop once its interrupt poll
 *		starts asking it to, on big messages of several shapes.
 *
 * Usage: cancel_bench [-z MB] [-d MS] [SHAPE | FILE]...
 *
 * For each message, the parse is timed once to the end with a poll that
 * never says "stop", noting the longest time between two polls (the start
 * and the end count as polls): the worst wait for a stop anywhere in the
 * parse.  Then again with a poll that says "stop" from DELAY ms (default
 * 300) after the parse started; the report gives the time to stop after
 * the delay, and how often the poll was called.  A SHAPE is one of
 * "blank" (a header block and MB megabytes of empty lines), "line" (one
 * line of MB megabytes), "crlf" (empty CRLF lines), "headers" (a header
 * block of MB megabytes) and "base64" (a multipart report whose returned
 * message carries an MB-megabyte base64 attachment); anything else is
 * read as a file holding one message.  The default size is 1024 MB.
 *
 * bench/cancel_bench.c
 *
 *-------------------------------------------------------------------------
 */
#define _POSIX_C_SOURCE 199309L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bnc.h"

/* Seconds on a monotonic clock. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A chain of malloc'd blocks freed at once, with the poll's state. */
typedef struct state
{
	void	  **blocks;
	size_t		n;
	size_t		cap;
	double		stop_at;		/* the poll says stop from this time on */
	double		stopped;		/* when it first said so */
	long		polls;
	double		last;			/* time of the previous poll */
	double		max_gap;		/* longest time between two polls */
} state;

static void *
chain_alloc(void *ctx, size_t size)
{
	state	   *s = ctx;
	void	   *p = malloc(size);

	if (p == NULL)
	{
		fprintf(stderr, "cancel_bench: out of memory\n");
		exit(1);
	}
	if (s->n == s->cap)
	{
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->blocks = realloc(s->blocks, s->cap * sizeof(void *));
		if (s->blocks == NULL)
		{
			fprintf(stderr, "cancel_bench: out of memory\n");
			exit(1);
		}
	}
	s->blocks[s->n++] = p;
	return p;
}

static void
chain_free(state *s)
{
	size_t		i;

	for (i = 0; i < s->n; i++)
		free(s->blocks[i]);
	s->n = 0;
}

static int
poll_stop(void *ctx)
{
	state	   *s = ctx;
	double		t;

	s->polls++;
	t = now();
	if (t - s->last > s->max_gap)
		s->max_gap = t - s->last;
	s->last = t;
	if (t < s->stop_at)
		return 0;
	if (s->stopped == 0)
		s->stopped = t;
	return 1;
}

/* Append n copies of s to buf at *pos. */
static void
fill(char *buf, size_t *pos, const char *s, size_t n)
{
	size_t		k = strlen(s);
	size_t		i;

	for (i = 0; i < n; i++)
	{
		memcpy(buf + *pos, s, k);
		*pos += k;
	}
}

static const char head[] =
"From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\n"
"To: sender@example.org\n"
"Subject: Undelivered Mail Returned to Sender\n"
"Date: Thu, 3 Dec 2026 10:00:00 +0000\n";

/* Make a message of the given shape and about mb megabytes. */
static char *
make_shape(const char *shape, size_t mb, size_t *len)
{
	size_t		size = mb * 1048576;
	char	   *buf = malloc(size + 4096);
	size_t		pos = 0;

	if (buf == NULL)
		return NULL;
	if (strcmp(shape, "headers") == 0)
	{
		fill(buf, &pos, head, 1);
		fill(buf, &pos, "X-Filler: abcdefghijklmnopqrstuvwxyz0123456789\n",
			 size / 47);
		fill(buf, &pos, "\nbody\n", 1);
	}
	else if (strcmp(shape, "base64") == 0)
	{
		fill(buf, &pos, head, 1);
		fill(buf, &pos,
			 "MIME-Version: 1.0\n"
			 "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"\n"
			 "\n--B1\nContent-Type: text/plain\n\n"
			 "This is the mail system at host mx.example.com.\n\n"
			 "<user@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1\n"
			 "    <user@example.net>: Recipient address rejected: User unknown\n\n"
			 "--B1\nContent-Type: message/delivery-status\n\n"
			 "Reporting-MTA: dns; mx.example.com\n\n"
			 "Final-Recipient: rfc822; user@example.net\nAction: failed\n"
			 "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n\n"
			 "--B1\nContent-Type: message/rfc822\n\n"
			 "From: sender@example.org\nTo: user@example.net\n"
			 "Subject: report\nMessage-ID: <1@example.org>\n"
			 "Content-Type: multipart/mixed; boundary=\"B2\"\n\n"
			 "--B2\nContent-Type: text/plain\n\nsee attached\n\n"
			 "--B2\nContent-Type: application/octet-stream\n"
			 "Content-Transfer-Encoding: base64\n\n", 1);
		fill(buf, &pos,
			 "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2\n",
			 size / 65);
		fill(buf, &pos, "--B2--\n\n--B1--\n", 1);
	}
	else
	{
		fill(buf, &pos, head, 1);
		fill(buf, &pos, "\n", 1);
		if (strcmp(shape, "blank") == 0)
			fill(buf, &pos, "\n", size);
		else if (strcmp(shape, "crlf") == 0)
			fill(buf, &pos, "\r\n", size / 2);
		else if (strcmp(shape, "line") == 0)
		{
			memset(buf + pos, 'a', size);
			pos += size;
		}
		else
		{
			free(buf);
			return NULL;
		}
	}
	*len = pos;
	return buf;
}

/* Read a whole file. */
static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
		return NULL;
	rewind(f);
	buf = malloc((size_t) n + 1);
	if (buf == NULL || fread(buf, 1, (size_t) n, f) != (size_t) n)
		return NULL;
	fclose(f);
	*len = (size_t) n;
	return buf;
}

int
main(int argc, char **argv)
{
	size_t		mb = 1024;
	double		delay = 0.3;
	int			i;

	for (i = 1; i < argc; i++)
	{
		char	   *msg;
		size_t		len;
		state		s;
		bnc_alloc	a;
		bnc_result	res;
		bnc_parse_status st;
		double		t0;
		double		full;
		double		end;

		if (strcmp(argv[i], "-z") == 0 && i + 1 < argc)
		{
			mb = (size_t) atol(argv[++i]);
			continue;
		}
		if (strcmp(argv[i], "-d") == 0 && i + 1 < argc)
		{
			delay = atof(argv[++i]) / 1000;
			continue;
		}
		msg = make_shape(argv[i], mb, &len);
		if (msg == NULL && (msg = read_file(argv[i], &len)) == NULL)
		{
			fprintf(stderr, "cancel_bench: cannot make or read %s\n", argv[i]);
			return 1;
		}
		memset(&s, 0, sizeof(s));
		a.alloc = chain_alloc;
		a.ctx = &s;
		a.interrupted = poll_stop;
		t0 = now();
		s.stop_at = t0 + 1e9;
		s.last = t0;
		st = bnc_parse(msg, len, &a, &res);
		end = now();
		full = end - t0;
		if (end - s.last > s.max_gap)
			s.max_gap = end - s.last;
		chain_free(&s);
		printf("%s: %.1f MB, full parse %.3f s (status %d, %d rows), %ld polls, longest gap %.1f ms\n",
			   argv[i], len / 1048576.0, full, (int) st, res.nrcpts,
			   s.polls, s.max_gap * 1000);

		a.interrupted = poll_stop;
		s.polls = 0;
		s.stopped = 0;
		t0 = now();
		s.stop_at = t0 + delay;
		st = bnc_parse(msg, len, &a, &res);
		end = now();
		chain_free(&s);
		if (st == BNC_PARSE_INTERRUPTED)
			printf("  stop asked after %.0f ms: stopped %.1f ms later, %ld polls\n",
				   delay * 1000, (end - s.stop_at) * 1000, s.polls);
		else
			printf("  not interrupted (status %d) in %.3f s, %ld polls\n",
				   (int) st, end - t0, s.polls);
		free(msg);
	}
	return 0;
}
