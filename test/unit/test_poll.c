/*-------------------------------------------------------------------------
 *
 * test_poll.c
 *		Unit tests of the interrupt polls inside long passes (poll.h): a
 *		big message is polled every megabyte or so of each pass, and a
 *		poll that says stop in the middle of a pass ends the parse there.
 *
 * test/unit/test_poll.c
 *
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdlib.h>

#include "unit.h"

#define MB		((size_t) 1 << 20)

/* What the poll below does: count its calls, say stop from call stop_at. */
typedef struct poll_count
{
	long		calls;
	long		stop_at;		/* 0: never */
} poll_count;

static int
counting_poll(void *ctx)
{
	poll_count *pc = ctx;

	pc->calls++;
	return pc->stop_at > 0 && pc->calls >= pc->stop_at;
}

static void *
poll_alloc(void *ctx, size_t size)
{
	return unit_arena()->alloc(unit_arena()->ctx, size);
}

/* A message of the header block head and then n copies of unit. */
static char *
make_message(const char *head, const char *unit, size_t n, size_t *len)
{
	size_t		h = strlen(head);
	size_t		u = strlen(unit);
	char	   *m = malloc(h + u * n + 1);
	size_t		i;

	if (m == NULL)
		abort();
	memcpy(m, head, h);
	for (i = 0; i < n; i++)
		memcpy(m + h + i * u, unit, u);
	*len = h + u * n;
	m[*len] = '\0';
	return m;
}

/*
 * Parse m with a poll that says stop at its stop_at-th call (never when
 * 0); returns the status and sets *calls to the number of polls.
 */
static bnc_parse_status
parse_polled(const char *m, size_t len, long stop_at, long *calls,
			 bnc_result *res)
{
	poll_count	pc;
	bnc_alloc	a;
	bnc_parse_status st;

	pc.calls = 0;
	pc.stop_at = stop_at;
	a.alloc = poll_alloc;
	a.ctx = &pc;
	a.interrupted = counting_poll;
	st = bnc_parse(m, len, &a, res);
	*calls = pc.calls;
	unit_arena_reset();
	return st;
}

/*
 * A big message is polled at least once per megabyte of the input more
 * than a small one of the same shape: the passes over it poll as they go,
 * not only the steps between them.  A
 * stop asked at any of those polls ends the parse right there, with no
 * rows, and the poll is not called again.
 */
static void
poll_stops_mid_pass(const char *what, const char *head, const char *unit,
					size_t n)
{
	size_t		len;
	char	   *m = make_message(head, unit, 1, &len);
	bnc_result	res;
	long		steps;
	long		total;
	long		calls;
	long		at;

	/* the polls between the steps, as a message of one unit has them */
	CHECK_INT_EQ(parse_polled(m, len, 0, &steps, &res),
				 BNC_PARSE_NOT_BOUNCE);
	free(m);
	m = make_message(head, unit, n, &len);
	CHECK_INT_EQ(parse_polled(m, len, 0, &total, &res),
				 BNC_PARSE_NOT_BOUNCE);
	if (total - steps < (long) (len / MB))
	{
		char		msg[128];

		snprintf(msg, sizeof(msg), "%s: %ld polls for %zu MB, %ld for one unit",
				 what, total, len / MB, steps);
		unit_fail(__FILE__, __LINE__, msg);
	}
	for (at = 2; at <= total; at += total / 3 + 1)
	{
		CHECK_INT_EQ(parse_polled(m, len, at, &calls, &res),
					 BNC_PARSE_INTERRUPTED);
		CHECK_INT_EQ(calls, at);
		CHECK_INT_EQ(res.nrcpts, 0);
		CHECK(res.rcpts == NULL);
		CHECK(res.format == NULL);
		CHECK(res.reporting_mta == NULL);
	}
	free(m);
}

static const char head[] =
"From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\n"
"To: sender@example.org\n"
"Subject: Undelivered Mail Returned to Sender\n";

/* Blank lines, one line without an end, and a huge header block. */
void
test_poll(void)
{
	static const char msg[] =
		"From: MAILER-DAEMON@mx.example.com\n"
		"Content-Type: multipart/report; report-type=delivery-status;"
		" boundary=\"b\"\n\n"
		"--b\nContent-Type: text/plain\n\nFailed.\n"
		"--b\nContent-Type: message/delivery-status\n\n"
		"Reporting-MTA: dns; mx.example.com\n\n"
		"Final-Recipient: rfc822; ann@example.net\n"
		"Action: failed\nStatus: 5.1.1\n--b--\n";
	bnc_result	res;
	long		calls;
	char		head_block[sizeof(head) + 1];

	memcpy(head_block, head, sizeof(head) - 1);
	head_block[sizeof(head) - 1] = '\n';
	head_block[sizeof(head)] = '\0';
	poll_stops_mid_pass("blank lines", head_block, "\n", 8 * MB);
	poll_stops_mid_pass("CRLF blank lines", head_block, "\r\n", 4 * MB);
	poll_stops_mid_pass("one long line", head_block, "abcdefgh", MB);
	poll_stops_mid_pass("header block", head,
						"X-Filler: abcdefghijklmnopqrstuvwxyz0123456789\n",
						8 * MB / 47);

	/* a parse after a stopped one runs to the end; a small one is polled
	 * only between its steps */
	CHECK_INT_EQ(parse_polled(msg, sizeof(msg) - 1, 0, &calls, &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	CHECK(calls > 2 && calls < 64);
}

/* An allocator that gives up, by longjmp, at its fail_at-th call. */
static jmp_buf escape;
static long allocs;
static long fail_at;

static void *
escaping_alloc(void *ctx, size_t size)
{
	if (++allocs == fail_at)
		longjmp(escape, 1);
	return unit_arena()->alloc(unit_arena()->ctx, size);
}

/*
 * An allocator may leave a parse by longjmp, as the server's errors do;
 * once the caller has said so with bnc_parse_abandoned, nothing polls the
 * abandoned parse's callback again: a search of several megabytes outside
 * a parse, in bnc_classify_line, polls nobody.
 */
void
test_poll_abandoned_parse(void)
{
	static const char unit[] =
		"Final-Recipient: rfc822; ann@example.net\nAction: failed\n"
		"Status: 5.1.1\n\n";
	volatile size_t len = 0;
	char	   *m = make_message(head, unit, 40000, (size_t *) &len);
	size_t		n = 3 * MB;
	char	   *line = malloc(n + 1);
	poll_count	pc = {0, 0};
	bnc_alloc	a;
	bnc_result	res;
	bnc_status	st;
	int			reply = 0;
	long		before;

	if (line == NULL)
		abort();
	memset(line, 'a', n);
	memcpy(line + n - 16, " 550 5.1.1 gone.", 16);
	line[n] = '\0';
	a.alloc = escaping_alloc;
	a.ctx = &pc;
	a.interrupted = counting_poll;
	allocs = 0;
	fail_at = 50;
	if (setjmp(escape) == 0)
	{
		bnc_parse(m, len, &a, &res);
		unit_fail(__FILE__, __LINE__, "the allocator did not escape");
	}
	else
		bnc_parse_abandoned();
	CHECK(allocs == 50);
	before = pc.calls;
	memset(&st, 0, sizeof(st));
	CHECK_INT_EQ(bnc_classify_line(line, n, &st, &reply), BNC_R_userunknown);
	CHECK_INT_EQ(pc.calls, before);
	/* a parse afterwards polls as before */
	fail_at = 0;
	CHECK_INT_EQ(bnc_parse(m, len, &a, &res), BNC_PARSE_OK);
	CHECK(pc.calls > before);
	unit_arena_reset();
	free(line);
	free(m);
}

/*
 * A parse whose caller gives no interrupted callback is never abandoned,
 * even when it runs inside another parse that polls (from that parse's
 * allocator, say): its passes must not poll the outer parse's callback,
 * which would jump back into the outer parse across the caller's frames.
 */
static int	nested_cancel;		/* what the outer parse's callback says */
static int	nested_returned;	/* the inner parse came back to its caller */
static const char *nested_msg;
static size_t nested_len;

static int
nested_poll(void *ctx)
{
	return nested_cancel;
}

static void *
nested_alloc(void *ctx, size_t size)
{
	static const bnc_alloc *inner_alloc;
	bnc_alloc	inner;
	bnc_result	res;

	if (inner_alloc == NULL && nested_msg != NULL)
	{
		inner.alloc = poll_alloc;
		inner.ctx = NULL;
		inner.interrupted = NULL;
		inner_alloc = &inner;
		/* the outer caller is told to stop while the inner parse runs */
		nested_cancel = 1;
		bnc_parse(nested_msg, nested_len, &inner, &res);
		nested_returned = 1;
		nested_msg = NULL;
		inner_alloc = NULL;
	}
	return unit_arena()->alloc(unit_arena()->ctx, size);
}

void
test_poll_nested_parse(void)
{
	static const char msg[] =
		"From: MAILER-DAEMON@mx.example.com\n\nFailed.\n";
	char	   *m = make_message(head, "abcdefgh", 3 * MB / 8, &nested_len);
	bnc_alloc	a;
	bnc_result	res;

	nested_msg = m;
	nested_cancel = 0;
	nested_returned = 0;
	a.alloc = nested_alloc;
	a.ctx = NULL;
	a.interrupted = nested_poll;
	CHECK_INT_EQ(bnc_parse(msg, sizeof(msg) - 1, &a, &res),
				 BNC_PARSE_INTERRUPTED);
	CHECK(nested_returned);
	nested_msg = NULL;
	unit_arena_reset();
	free(m);
}
