/*-------------------------------------------------------------------------
 *
 * test_limits.c
 *		Bounded-work tests of bnc_parse: very large messages and parts,
 *		very long lines, many recipients, many header lines, a feedback
 *		report repeating one field, deep MIME nesting and degenerate input.
 *
 * Each case checks exact results (counts and fields).  The large ones also
 * print their CPU time per megabyte to stderr; the times are for the
 * reader and are not asserted, but a parser that is quadratic in any of
 * these dimensions would make this file take minutes instead of seconds.
 *
 * test/unit/test_limits.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <time.h>

#include "unit.h"

#define MB (1024 * 1024)

/* A growable byte buffer for building test messages. */
typedef struct lim_buf
{
	char	   *p;
	size_t		len;
	size_t		cap;
} lim_buf;

/* Make room for n more bytes and a NUL. */
static void
buf_reserve(lim_buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	while (b->len + n + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 4096;
	b->p = realloc(b->p, b->cap);
	if (b->p == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
}

/* Append n bytes. */
static void
buf_add(lim_buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Append a NUL-terminated string. */
static void
buf_str(lim_buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Append the byte c n times. */
static void
buf_fill(lim_buf *b, char c, size_t n)
{
	buf_reserve(b, n);
	memset(b->p + b->len, c, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Append about n bytes of ordinary prose in lines of 72 characters. */
static void
buf_prose(lim_buf *b, size_t n)
{
	static const char line[] =
	"The quick brown fox jumps over the lazy dog near the river bank ok.\n";
	size_t		done = 0;

	while (done < n)
	{
		buf_add(b, line, sizeof(line) - 1);
		done += sizeof(line) - 1;
	}
}

/* Free a buffer. */
static void
buf_free(lim_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Parse b and print the CPU time per megabyte under the given label. */
static bnc_parse_status
timed_parse(const char *label, const lim_buf *b, bnc_result *res)
{
	clock_t		t0 = clock();
	bnc_parse_status ps = bnc_parse(b->p, b->len, unit_arena(), res);
	double		secs = (double) (clock() - t0) / CLOCKS_PER_SEC;
	double		mbytes = (double) b->len / MB;

	fprintf(stderr, "limits: %-34s %7.2f MB %8.3f s %8.3f s/MB\n",
			label, mbytes, secs, mbytes > 0 ? secs / mbytes : 0.0);
	return ps;
}

/* Headers and the first parts of a standard report (boundary "LIM"). */
static void
buf_report_head(lim_buf *b, size_t explanation)
{
	buf_str(b,
			"From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
			"To: sender@example.net\n"
			"Subject: Undelivered Mail Returned to Sender\n"
			"Date: Mon, 01 Jul 2024 12:00:00 +0000\n"
			"MIME-Version: 1.0\n"
			"Content-Type: multipart/report; report-type=delivery-status;\n"
			"\tboundary=\"LIM\"\n"
			"\n"
			"--LIM\n"
			"Content-Type: text/plain; charset=us-ascii\n"
			"\n"
			"Your message could not be delivered.\n");
	buf_prose(b, explanation);
	buf_str(b,
			"\n--LIM\n"
			"Content-Type: message/delivery-status\n"
			"\n"
			"Reporting-MTA: dns; mx.example.org\n");
}

/* One recipient block of a delivery status part. */
static void
buf_report_rcpt(lim_buf *b, const char *addr, const char *action,
				const char *status, const char *diag)
{
	char		line[512];

	snprintf(line, sizeof(line),
			 "\nFinal-Recipient: rfc822; %s\nAction: %s\nStatus: %s\n",
			 addr, action, status);
	buf_str(b, line);
	if (diag)
	{
		buf_str(b, "Diagnostic-Code: smtp; ");
		buf_str(b, diag);
		buf_str(b, "\n");
	}
}

/* Start the attached original message (headers up to the blank line). */
static void
buf_report_original(lim_buf *b)
{
	buf_str(b,
			"\n--LIM\n"
			"Content-Type: message/rfc822\n"
			"\n"
			"From: sender@example.net\n"
			"To: alice@example.com\n"
			"Subject: the quarterly figures\n"
			"Message-ID: <limits-1@example.net>\n"
			"\n");
}

/* Check the single row every one-recipient report below gives. */
static void
check_alice(bnc_parse_status ps, const bnc_result *res)
{
	CHECK_INT_EQ(ps, BNC_PARSE_OK);
	CHECK_INT_EQ(res->nrcpts, 1);
	if (res->nrcpts != 1)
		return;
	CHECK_STR_EQ(res->rcpts[0].recipient, "alice@example.com");
	CHECK_STR_EQ(res->rcpts[0].domain, "example.com");
	CHECK_INT_EQ(res->rcpts[0].action, BNC_ACTION_FAILED);
	CHECK_INT_EQ(res->rcpts[0].status.cls, 5);
	CHECK_INT_EQ(res->rcpts[0].status.subject, 1);
	CHECK_INT_EQ(res->rcpts[0].status.detail, 1);
	CHECK_INT_EQ(res->rcpts[0].reply_code, 550);
	CHECK_INT_EQ(res->rcpts[0].reason, BNC_R_userunknown);
	CHECK_INT_EQ(res->rcpts[0].hard, 1);
	CHECK_STR_EQ(res->reporting_mta, "mx.example.org");
	CHECK_STR_EQ(res->format, "rfc3464");
}

/* Reports with a 10 MB attached original and with 10 MB of explanation. */
static void
limits_large_message(void)
{
	lim_buf		b = {NULL, 0, 0};
	bnc_result	res;

	buf_report_head(&b, 0);
	buf_report_rcpt(&b, "alice@example.com", "failed", "5.1.1",
					"550 5.1.1 <alice@example.com>: User unknown");
	buf_report_original(&b);
	buf_prose(&b, 10 * MB);
	buf_str(&b, "--LIM--\n");
	check_alice(timed_parse("10 MB attached original", &b, &res), &res);
	CHECK_STR_EQ(res.original_message_id, "<limits-1@example.net>");
	unit_arena_reset();
	buf_free(&b);

	buf_report_head(&b, 10 * MB);
	buf_report_rcpt(&b, "alice@example.com", "failed", "5.1.1",
					"550 5.1.1 <alice@example.com>: User unknown");
	buf_report_original(&b);
	buf_str(&b, "Hello.\n--LIM--\n");
	check_alice(timed_parse("10 MB explanation part", &b, &res), &res);
	unit_arena_reset();
	buf_free(&b);
}

/* A 10 MB message that is no bounce: every decoder reads it and declines. */
static void
limits_large_not_bounce(void)
{
	lim_buf		b = {NULL, 0, 0};
	bnc_result	res;

	buf_str(&b,
			"From: Alice <alice@example.com>\n"
			"To: bob@example.net\n"
			"Subject: minutes of the meeting\n"
			"\n");
	buf_prose(&b, 10 * MB);
	CHECK_INT_EQ(timed_parse("10 MB plain letter", &b, &res),
				 BNC_PARSE_NOT_BOUNCE);
	CHECK_INT_EQ(res.nrcpts, 0);
	unit_arena_reset();
	buf_free(&b);
}

/* A 1 MB diagnostic line, and a body that is one 1 MB line. */
static void
limits_long_line(void)
{
	lim_buf		b = {NULL, 0, 0};
	lim_buf		diag = {NULL, 0, 0};
	bnc_result	res;

	buf_str(&diag, "550 5.1.1 <alice@example.com>: User unknown ");
	buf_fill(&diag, 'x', MB);
	buf_report_head(&b, 0);
	buf_report_rcpt(&b, "alice@example.com", "failed", "5.1.1", diag.p);
	buf_report_original(&b);
	buf_str(&b, "Hello.\n--LIM--\n");
	check_alice(timed_parse("1 MB diagnostic line", &b, &res), &res);
	if (res.nrcpts == 1 && res.rcpts[0].diagnostic)
	{
		CHECK_INT_EQ(strlen(res.rcpts[0].diagnostic), diag.len);
		CHECK(memcmp(res.rcpts[0].diagnostic, diag.p, diag.len) == 0);
	}
	unit_arena_reset();
	buf_free(&b);
	buf_free(&diag);

	buf_str(&b, "From: carol@example.org\nSubject: one line\n\n");
	buf_fill(&b, 'y', MB);
	CHECK_INT_EQ(timed_parse("1 MB body line, no line end", &b, &res),
				 BNC_PARSE_NOT_BOUNCE);
	CHECK_INT_EQ(res.nrcpts, 0);
	unit_arena_reset();
	buf_free(&b);
}

/* The status, action and reason expected for recipient i of the big report. */
static void
many_expect(int i, const char **status, bnc_action *action,
			bnc_reason *reason, const char **diag)
{
	switch (i % 3)
	{
		case 0:
			*status = "5.1.1";
			*action = BNC_ACTION_FAILED;
			*reason = BNC_R_userunknown;
			*diag = "550 5.1.1 User unknown";
			break;
		case 1:
			*status = "4.2.2";
			*action = BNC_ACTION_DELAYED;
			*reason = BNC_R_mailboxfull;
			*diag = "452 4.2.2 Mailbox full";
			break;
		default:
			*status = "5.1.2";
			*action = BNC_ACTION_FAILED;
			*reason = BNC_R_hostunknown;
			*diag = NULL;
			break;
	}
}

/* Check the rows of the 10,000-recipient report. */
static void
check_many(const bnc_result *res, int n)
{
	int			bad = 0;
	int			i;

	for (i = 0; i < res->nrcpts && i < n; i++)
	{
		const bnc_recipient *r = &res->rcpts[i];
		const char *status;
		bnc_action	action;
		bnc_reason	reason;
		const char *diag;
		char		want[64];
		char		got[16];

		many_expect(i, &status, &action, &reason, &diag);
		snprintf(want, sizeof(want), "user%05d@d%d.example.com", i, i % 7);
		got[0] = '\0';
		bnc_status_format(&r->status, got);
		if (r->recipient == NULL || strcmp(r->recipient, want) != 0 ||
			strcmp(got, status) != 0 || r->action != action ||
			r->reason != reason ||
			r->hard != (reason != BNC_R_mailboxfull) ||
			(diag == NULL) != (r->diagnostic == NULL))
		{
			if (bad++ < 5)
				fprintf(stderr, "row %d: %s %s %d %s\n", i,
						r->recipient ? r->recipient : "(null)", got,
						(int) r->action, bnc_reason_name(r->reason));
		}
	}
	CHECK_INT_EQ(bad, 0);
}

/* A report on 10,000 recipients: all come back, in order, as written. */
static void
limits_many_recipients(void)
{
	const int	n = 10000;
	lim_buf		b = {NULL, 0, 0};
	bnc_result	res;
	int			i;

	buf_report_head(&b, 0);
	for (i = 0; i < n; i++)
	{
		char		addr[64];
		const char *status;
		bnc_action	action;
		bnc_reason	reason;
		const char *diag;

		/* the domain is written in capitals and must come back lower-case */
		snprintf(addr, sizeof(addr), "user%05d@D%d.Example.COM", i, i % 7);
		many_expect(i, &status, &action, &reason, &diag);
		buf_report_rcpt(&b, addr, bnc_action_name(action), status, diag);
	}
	buf_report_original(&b);
	buf_str(&b, "Hello.\n--LIM--\n");
	CHECK_INT_EQ(timed_parse("10,000 recipients", &b, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, n);
	check_many(&res, n);
	unit_arena_reset();
	buf_free(&b);
}

/*
 * Reports on exactly BNC_MAX_RECIPIENTS recipients and on one more: the
 * first is read whole, the second is refused as too large, with no rows.
 */
static void
limits_too_many_recipients(void)
{
	lim_buf		b = {NULL, 0, 0};
	bnc_result	res;
	int			k;

	for (k = 0; k < 2; k++)
	{
		int			n = BNC_MAX_RECIPIENTS + k;
		int			i;

		buf_str(&b,
				"From: MAILER-DAEMON@mx.example.org\n"
				"Content-Type: multipart/report; report-type=delivery-status;"
				" boundary=\"LIM\"\n\n"
				"--LIM\nContent-Type: message/delivery-status\n\n"
				"Reporting-MTA: dns; mx.example.org\n");
		for (i = 0; i < n; i++)
		{
			char		line[128];

			snprintf(line, sizeof(line),
					 "\nFinal-Recipient: rfc822; u%d@example.com\n"
					 "Action: failed\nStatus: 5.1.1\n", i);
			buf_str(&b, line);
		}
		buf_str(&b, "--LIM--\n");
		if (k == 0)
		{
			CHECK_INT_EQ(timed_parse("BNC_MAX_RECIPIENTS recipients", &b, &res),
						 BNC_PARSE_OK);
			CHECK_INT_EQ(res.nrcpts, n);
			if (res.nrcpts == n)
			{
				char		last[64];

				snprintf(last, sizeof(last), "u%d@example.com", n - 1);
				CHECK_STR_EQ(res.rcpts[0].recipient, "u0@example.com");
				CHECK_STR_EQ(res.rcpts[n - 1].recipient, last);
			}
		}
		else
		{
			CHECK_INT_EQ(timed_parse("BNC_MAX_RECIPIENTS + 1 recipients", &b,
									 &res), BNC_PARSE_TOO_LARGE);
			CHECK_INT_EQ(res.nrcpts, 0);
		}
		unit_arena_reset();
		buf_free(&b);
	}
}

/* Open depth levels of multipart/mixed, boundary "nK" at level K. */
static void
buf_nest_open(lim_buf *b, int depth)
{
	char		line[128];
	int			k;

	for (k = 0; k < depth; k++)
	{
		snprintf(line, sizeof(line),
				 "Content-Type: multipart/mixed; boundary=\"n%d\"\n\n--n%d\n",
				 k, k);
		buf_str(b, line);
	}
}

/* Close the levels buf_nest_open opened, innermost first. */
static void
buf_nest_close(lim_buf *b, int depth)
{
	char		line[64];
	int			k;

	for (k = depth - 1; k >= 0; k--)
	{
		snprintf(line, sizeof(line), "\n--n%d--\n", k);
		buf_str(b, line);
	}
}

/*
 * 200 nested multiparts: a report at the bottom is beyond
 * BNC_MAX_MIME_DEPTH and not read; one beside the deep branch is.
 */
static void
limits_deep_nesting(void)
{
	static const char dsn[] =
	"Content-Type: message/delivery-status\n\n"
	"Reporting-MTA: dns; mx.example.org\n\n"
	"Final-Recipient: rfc822; alice@example.com\nAction: failed\n"
	"Status: 5.1.1\n"
	"Diagnostic-Code: smtp; 550 5.1.1 <alice@example.com>: User unknown\n";
	lim_buf		b = {NULL, 0, 0};
	bnc_result	res;

	buf_str(&b, "From: MAILER-DAEMON@mx.example.org\n");
	buf_nest_open(&b, 200);
	buf_str(&b, dsn);
	buf_nest_close(&b, 200);
	CHECK_INT_EQ(bnc_parse(b.p, b.len, unit_arena(), &res),
				 BNC_PARSE_NOT_BOUNCE);
	CHECK_INT_EQ(res.nrcpts, 0);
	unit_arena_reset();
	buf_free(&b);

	buf_str(&b,
			"From: MAILER-DAEMON@mx.example.org\n"
			"Content-Type: multipart/report; report-type=delivery-status;"
			" boundary=\"top\"\n\n--top\n");
	buf_nest_open(&b, 200);
	buf_str(&b, "Content-Type: text/plain\n\nNothing down here.\n");
	buf_nest_close(&b, 200);
	buf_str(&b, "\n--top\n");
	buf_str(&b, dsn);
	buf_str(&b, "\n--top--\n");
	check_alice(bnc_parse(b.p, b.len, unit_arena(), &res), &res);
	unit_arena_reset();
	buf_free(&b);
}

/* 100,000 header lines above a report and above the attached original. */
static void
limits_many_headers(void)
{
	const int	n = 100000;
	lim_buf		b = {NULL, 0, 0};
	lim_buf		filler = {NULL, 0, 0};
	bnc_result	res;
	int			i;

	for (i = 0; i < n; i++)
	{
		char		line[64];

		snprintf(line, sizeof(line), "X-Filler-%d: value %d\n", i, i);
		buf_str(&filler, line);
	}
	buf_str(&b, filler.p);
	buf_report_head(&b, 0);
	buf_report_rcpt(&b, "alice@example.com", "failed", "5.1.1",
					"550 5.1.1 <alice@example.com>: User unknown");
	buf_str(&b, "\n--LIM\nContent-Type: text/rfc822-headers\n\n");
	buf_str(&b, filler.p);
	buf_str(&b, "Message-ID: <limits-2@example.net>\n\n--LIM--\n");
	check_alice(timed_parse("2 x 100,000 header lines", &b, &res), &res);
	CHECK_STR_EQ(res.original_message_id, "<limits-2@example.net>");
	unit_arena_reset();
	buf_free(&b);

	/* the same header lines with no body and no line after them */
	buf_add(&b, filler.p, filler.len - 1);
	CHECK_INT_EQ(timed_parse("100,000 header lines, unterminated", &b, &res),
				 BNC_PARSE_NOT_BOUNCE);
	CHECK_INT_EQ(res.nrcpts, 0);
	unit_arena_reset();
	buf_free(&b);
	buf_free(&filler);
}

/*
 * A feedback report that repeats one field 100,000 times: the values are
 * joined under one key, built once rather than grown by each repeat.
 */
static void
limits_repeated_feedback_field(void)
{
	const int	n = 100000;
	lim_buf		b = {NULL, 0, 0};
	bnc_result	res;
	size_t		want = 0;
	const char *uris = NULL;
	int			i;

	buf_str(&b, "From: fbl@reports.example.net\n"
			"To: abuse@mailer.example.com\n"
			"MIME-Version: 1.0\n"
			"Content-Type: multipart/report; report-type=feedback-report;"
			" boundary=\"LIM\"\n\n"
			"--LIM\nContent-Type: text/plain\n\nA complaint.\n"
			"--LIM\nContent-Type: message/feedback-report\n\n"
			"Feedback-Type: abuse\nVersion: 1\n"
			"Original-Rcpt-To: <ann@example.net>\n");
	for (i = 0; i < n; i++)
	{
		char		line[64];
		int			len = snprintf(line, sizeof(line),
								   "Reported-URI: http://example.com/%d\n", i);

		buf_str(&b, line);
		want += (size_t) len - strlen("Reported-URI: \n") + (i ? 2 : 0);
	}
	buf_str(&b, "\n--LIM--\n");
	CHECK_INT_EQ(timed_parse("feedback report, 100,000 Reported-URI",
							 &b, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	CHECK_STR_EQ(res.rcpts[0].recipient, "ann@example.net");
	CHECK_INT_EQ(res.ndetails, 4);
	uris = unit_pair_value(res.details, res.ndetails, "reported-uri");
	CHECK(uris != NULL);
	if (uris != NULL)
	{
		CHECK_INT_EQ(strlen(uris), want);
		CHECK(strncmp(uris, "http://example.com/0, http://example.com/1, ",
					  44) == 0);
		CHECK_STR_EQ(uris + strlen(uris) - 35,
					 "com/99998, http://example.com/99999");
	}
	unit_arena_reset();
	buf_free(&b);
}

/* Messages made of one byte repeated, and an unterminated header block. */
static void
limits_degenerate(void)
{
	static const char bytes[] = {'\r', '\n', '\0', ' ', '-', ':'};
	static const char unterminated[] =
	"From: MAILER-DAEMON@mx.example.org\n"
	"Subject: Undelivered Mail Returned to Sender\n"
	"Content-Type: multipart/report; boundary=\"b\"\n"
	"X-Failed-Recipients: alice@example.com";
	size_t		cut = strlen(unterminated) -
		strlen("\nX-Failed-Recipients: alice@example.com");
	lim_buf		b = {NULL, 0, 0};
	bnc_result	res;
	int			i;

	for (i = 0; i < (int) sizeof(bytes); i++)
	{
		char		label[64];

		buf_fill(&b, bytes[i], MB);
		snprintf(label, sizeof(label), "1 MB of byte 0x%02x",
				 (unsigned char) bytes[i]);
		CHECK_INT_EQ(timed_parse(label, &b, &res), BNC_PARSE_NOT_MESSAGE);
		CHECK_INT_EQ(res.nrcpts, 0);
		unit_arena_reset();
		buf_free(&b);
	}

	/* a header block that stops without a line end: a message, no report */
	CHECK_INT_EQ(bnc_parse(unterminated, cut, unit_arena(), &res),
				 BNC_PARSE_NOT_BOUNCE);
	CHECK_INT_EQ(res.nrcpts, 0);

	/* the same with the failed address named in its last, open line */
	CHECK_INT_EQ(bnc_parse(unterminated, strlen(unterminated), unit_arena(),
						   &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "alice@example.com");
		CHECK_INT_EQ(res.rcpts[0].action, BNC_ACTION_FAILED);
		CHECK_INT_EQ(res.rcpts[0].status.cls, 5);
	}
	unit_arena_reset();
}

/* A report whose boundary is never closed, or never used at all. */
static void
limits_open_boundary(void)
{
	lim_buf		b = {NULL, 0, 0};
	bnc_result	res;

	buf_report_head(&b, 0);
	buf_report_rcpt(&b, "alice@example.com", "failed", "5.1.1",
					"550 5.1.1 <alice@example.com>: User unknown");
	buf_report_original(&b);
	buf_prose(&b, MB);
	check_alice(timed_parse("report, boundary never closed", &b, &res),
				&res);
	CHECK_STR_EQ(res.original_message_id, "<limits-1@example.net>");
	unit_arena_reset();
	buf_free(&b);

	buf_str(&b,
			"From: carol@example.org\n"
			"Content-Type: multipart/mixed; boundary=\"never-seen\"\n\n");
	buf_prose(&b, MB);
	CHECK_INT_EQ(timed_parse("multipart, boundary never used", &b, &res),
				 BNC_PARSE_NOT_BOUNCE);
	CHECK_INT_EQ(res.nrcpts, 0);
	unit_arena_reset();
	buf_free(&b);
}

/* Bytes requested through counting_alloc since the count was reset. */
static size_t counted_bytes;

/* An allocator over the unit arena that counts what is requested. */
static void *
counting_alloc(void *ctx, size_t size)
{
	counted_bytes += size;
	return unit_arena()->alloc(unit_arena()->ctx, size);
}

/*
 * A prose bounce of no known format whose report is one 1 MB line of
 * addresses: all different (more than a report lists: no rows), or one
 * address repeated (one row).  Each address is looked at once.
 */
static void
limits_prose_addresses(void)
{
	static const char head[] =
	"From: MAILER-DAEMON@mx.example.org\n"
	"Subject: failure notice\n"
	"\n"
	"Sorry, your message could not be delivered to:\n";
	lim_buf		b = {NULL, 0, 0};
	bnc_result	res;
	bnc_alloc	counting;
	char		addr[64];
	int			i;

	buf_str(&b, head);
	for (i = 0; b.len < MB; i++)
	{
		snprintf(addr, sizeof(addr), "user%d@example.com, ", i);
		buf_str(&b, addr);
	}
	buf_str(&b, "\n");
	CHECK_INT_EQ(timed_parse("prose, 1 MB line of addresses", &b, &res),
				 BNC_PARSE_NOT_BOUNCE);
	CHECK_INT_EQ(res.nrcpts, 0);
	unit_arena_reset();
	buf_free(&b);

	buf_str(&b, head);
	while (b.len < MB)
		buf_str(&b, "<alice@example.com> ");
	buf_str(&b, "\n552 Mailbox full.\n");
	CHECK_INT_EQ(timed_parse("prose, 1 MB line of one address", &b, &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
		CHECK_STR_EQ(res.rcpts[0].recipient, "alice@example.com");
	unit_arena_reset();
	buf_free(&b);

	/*
	 * A line of 60 addresses opening a 10 MB paragraph: each error is read
	 * near its address, not copied from the rest of the paragraph, so the
	 * parse allocates a small multiple of the input, not 60 copies of it.
	 */
	buf_str(&b, head);
	for (i = 0; i < 60; i++)
	{
		snprintf(addr, sizeof(addr), "<user%d@example.com>, ", i);
		buf_str(&b, addr);
	}
	buf_str(&b, "550 no such user\n");
	buf_prose(&b, 10 * MB);
	counting.alloc = counting_alloc;
	counting.ctx = NULL;
	counting.interrupted = NULL;
	counted_bytes = 0;
	CHECK_INT_EQ(bnc_parse(b.p, b.len, &counting, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 60);
	if (res.nrcpts == 60)
		CHECK_STR_EQ(bnc_reason_name(res.rcpts[59].reason), "userunknown");
	CHECK(counted_bytes < 4 * b.len);
	unit_arena_reset();
	CHECK_INT_EQ(timed_parse("prose, 60 addresses, 10 MB paragraph", &b,
							 &res), BNC_PARSE_OK);
	unit_arena_reset();
	buf_free(&b);

	/*
	 * 60 addresses after 1 MB of words on one line: each address's words
	 * start after the address before it, or at most 4 KB before it.
	 */
	buf_str(&b, head);
	buf_fill(&b, 'x', MB);
	for (i = 0; i < 60; i++)
	{
		snprintf(addr, sizeof(addr), " <user%d@example.com>", i);
		buf_str(&b, addr);
	}
	buf_str(&b, ": 550 no such user\n");
	counted_bytes = 0;
	CHECK_INT_EQ(bnc_parse(b.p, b.len, &counting, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 60);
	CHECK(counted_bytes < 4 * b.len);
	unit_arena_reset();
	buf_free(&b);

	/* a 1 MB To header and one address named 20,000 times: linear */
	buf_str(&b, "From: MAILER-DAEMON@mx.example.org\n"
			"Subject: failure notice\n"
			"To: ");
	for (i = 0; b.len < MB; i++)
	{
		snprintf(addr, sizeof(addr), "r%d@example.org, ", i);
		buf_str(&b, addr);
	}
	buf_str(&b, "last@example.org\n\n");
	for (i = 0; i < 20000; i++)
		buf_str(&b, "<bob@example.net>: 550 no such user\n");
	CHECK_INT_EQ(timed_parse("prose, 1 MB To, one address 20k times", &b,
							 &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	unit_arena_reset();
	buf_free(&b);
}

/* An interrupt poll that asks to stop at its n-th call (*ctx counts down). */
static int
stop_at_poll(void *ctx)
{
	int		   *left = ctx;

	return --(*left) <= 0;
}

/* Allocation for the interruptible parses below: the unit arena's. */
static void *
limits_alloc(void *ctx, size_t size)
{
	return unit_arena()->alloc(unit_arena()->ctx, size);
}

/*
 * A caller's interrupt poll stops a parse at each of its polling points,
 * with no rows; one that never asks parses to the end.
 */
static void
limits_interrupted(void)
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
	bnc_alloc	a;
	bnc_result	res;
	int			left;
	int			at;

	a.alloc = limits_alloc;
	a.ctx = &left;
	a.interrupted = stop_at_poll;
	for (at = 1; at <= 3; at++)
	{
		left = at;
		CHECK_INT_EQ(bnc_parse(msg, sizeof(msg) - 1, &a, &res),
					 BNC_PARSE_INTERRUPTED);
		CHECK_INT_EQ(res.nrcpts, 0);
	}
	left = 1000;
	CHECK_INT_EQ(bnc_parse(msg, sizeof(msg) - 1, &a, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	a.interrupted = NULL;
	CHECK_INT_EQ(bnc_parse(msg, sizeof(msg) - 1, &a, &res), BNC_PARSE_OK);
	CHECK_STR_EQ(res.rcpts[0].recipient, "ann@example.net");
	unit_arena_reset();
}

/* Every bounded-work case. */
void
test_limits(void)
{
	limits_interrupted();
	limits_large_message();
	limits_large_not_bounce();
	limits_long_line();
	limits_many_recipients();
	limits_too_many_recipients();
	limits_deep_nesting();
	limits_many_headers();
	limits_repeated_feedback_field();
	limits_degenerate();
	limits_open_boundary();
	limits_prose_addresses();
}
