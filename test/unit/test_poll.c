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
