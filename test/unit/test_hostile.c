/*-------------------------------------------------------------------------
 *
 * test_hostile.c
 *		Hostile input shapes: what one parse allocates, as a multiple of the
 *		message, for messages made of one short block repeated.
 *
 * Each message is a delivery status notification whose report part holds a
 * real recipient followed by about 1 MB of one block, repeated.  The parse
 * must allocate no more than a small multiple of the message (the records
 * of the recipients it keeps, the decoded text), whatever the block.
 *
 * test/unit/test_hostile.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>

#include "unit.h"

#define MB (1024 * 1024)

/* Bytes handed out through counting_alloc since the counter was zeroed. */
static size_t counted;

/* The unit arena's allocation, counted. */
static void *
counting_alloc(void *ctx, size_t size)
{
	counted += size;
	return unit_arena()->alloc(unit_arena()->ctx, size);
}

/* A report with one real recipient, then block repeated to about size. */
static char *
report_of_blocks(const char *block, size_t size, size_t *len)
{
	static const char head[] =
		"From: MAILER-DAEMON@mx.example.com\n"
		"To: sender@example.com\n"
		"Content-Type: multipart/report; report-type=delivery-status;"
		" boundary=\"b\"\n\n"
		"--b\nContent-Type: message/delivery-status\n\n"
		"Reporting-MTA: dns; mx.example.com\n\n"
		"Final-Recipient: rfc822; ann@example.net\n"
		"Action: failed\nStatus: 5.1.1\n\n";
	static const char tail[] = "\n--b--\n";
	size_t		n = strlen(block);
	size_t		count = size / n;
	char	   *msg = malloc(sizeof(head) + count * n + sizeof(tail));
	char	   *p = msg;
	size_t		i;

	memcpy(p, head, sizeof(head) - 1);
	p += sizeof(head) - 1;
	for (i = 0; i < count; i++, p += n)
		memcpy(p, block, n);
	memcpy(p, tail, sizeof(tail));
	*len = (p - msg) + sizeof(tail) - 1;
	return msg;
}

/*
 * Blocks of stray report fields, each in a record of its own that names no
 * recipient: such records are reused, and so is the array of X- fields of
 * the reused record.  Each once cost some 150 bytes for a block of 8
 * ("X-A: b" and a blank line), 20 times the message: 1 GB of it would have
 * asked for 20 GB.
 */
void
test_hostile_stray_blocks(void)
{
	static const char *const blocks[] = {
		"X-A: b\n\n",
		"X-A: b\nX-B: c\nX-C: d\nX-D: e\nX-E: f\n\n",
		"Status: 5.1.1\n\n",
		"Action: failed\nX-A: b\n\n",
		"Diagnostic-Code: smtp; 550 x\nX-A: b\n\n",
	};
	bnc_alloc	a = {counting_alloc, NULL, NULL};
	int			i;

	for (i = 0; i < (int) (sizeof(blocks) / sizeof(blocks[0])); i++)
	{
		size_t		len;
		char	   *msg = report_of_blocks(blocks[i], MB, &len);
		bnc_result	res;

		counted = 0;
		CHECK_INT_EQ(bnc_parse(msg, len, &a, &res), BNC_PARSE_OK);
		CHECK_INT_EQ(res.nrcpts, 1);
		CHECK_STR_EQ(res.nrcpts == 1 ? res.rcpts[0].recipient : NULL,
					 "ann@example.net");
		if (counted > 4 * len)
		{
			char		what[200];

			snprintf(what, sizeof(what),
					 "block %d: %zu bytes allocated for a message of %zu",
					 i, counted, len);
			unit_fail(__FILE__, __LINE__, what);
		}
		unit_checks++;
		unit_arena_reset();
		free(msg);
	}
}

/* A Postfix notice whose n recipient lines follow each other. */
static char *
postfix_list(int n, const char *error, size_t *len)
{
	static const char head[] =
		"From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\n"
		"To: sender@example.com\n"
		"Subject: Undelivered Mail Returned to Sender\n\n"
		"This is the mail system at host mx.example.com.\n\n";
	size_t		cap = sizeof(head) + (size_t) n * (strlen(error) + 40);
	char	   *msg = malloc(cap);
	size_t		at = sizeof(head) - 1;
	int			i;

	memcpy(msg, head, at);
	for (i = 0; i < n; i++)
		at += snprintf(msg + at, cap - at, "<user%d@example.net>: %s\n", i,
					   error);
	*len = at;
	return msg;
}

/*
 * A Postfix notice that lists its recipients with no blank line between
 * them: each recipient's error is read from its own line only.  The
 * paragraph of each once ran to the end of the list and was unfolded again
 * for every address, quadratic in time and memory: 8,000 such lines (a
 * message of 190 KB) allocated 1.5 GB.
 */
void
test_hostile_postfix_list(void)
{
	bnc_alloc	a = {counting_alloc, NULL, NULL};
	bnc_result	res;
	size_t		len;
	char	   *msg;

	msg = postfix_list(3, "host mx.example.net[192.0.2.1] said: 550 5.1.1 no"
					   " such user (in reply to RCPT TO command)", &len);
	CHECK_INT_EQ(bnc_parse(msg, len, unit_arena(), &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 3);
	if (res.nrcpts == 3)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "user0@example.net");
		CHECK_STR_EQ(res.rcpts[0].diagnostic, "550 5.1.1 no such user");
		CHECK_STR_EQ(res.rcpts[0].remote_mta, "mx.example.net");
		CHECK_STR_EQ(res.rcpts[2].recipient, "user2@example.net");
		CHECK_STR_EQ(res.rcpts[2].diagnostic, "550 5.1.1 no such user");
	}
	unit_arena_reset();
	free(msg);

	msg = postfix_list(8000, "x", &len);
	counted = 0;
	CHECK_INT_EQ(bnc_parse(msg, len, &a, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 8000);
	if (counted > 40 * len)
	{
		char		what[200];

		snprintf(what, sizeof(what),
				 "%zu bytes allocated for a notice of %zu", counted, len);
		unit_fail(__FILE__, __LINE__, what);
	}
	unit_checks++;
	unit_arena_reset();
	free(msg);
}

/* Interrupt polls counted; the parse is asked to stop at poll stop_at. */
static int	polls;
static int	stop_at;

static int
counting_poll(void *ctx)
{
	return ++polls >= stop_at;
}

/*
 * Long loops poll the caller's interrupt: the report part of a large
 * report, the recipient lines of a Postfix notice.  Polls once came only
 * between the decoders, so a query cancel waited for a whole pass of
 * one decoder over the message (some 15 s on a report part of 500 MB).  A
 * parse stopped at any poll returns no rows, never the rows read so far.
 */
void
test_hostile_interrupt_polls(void)
{
	bnc_alloc	a = {counting_alloc, NULL, counting_poll};
	char	   *msgs[4];
	size_t		lens[4];
	int			m;

	/* each large message, and the same with a few lines for comparison */
	msgs[0] = report_of_blocks("X-A: b\n\n", 4 * MB, &lens[0]);
	msgs[1] = report_of_blocks("X-A: b\n\n", 80, &lens[1]);
	msgs[2] = postfix_list(99000, "x", &lens[2]);
	msgs[3] = postfix_list(10, "x", &lens[3]);
	for (m = 0; m < 4; m += 2)
	{
		bnc_result	res;
		int			few;
		int			total;
		int			at;

		polls = 0;
		stop_at = 1 << 30;
		CHECK_INT_EQ(bnc_parse(msgs[m + 1], lens[m + 1], &a, &res),
					 BNC_PARSE_OK);
		few = polls;
		unit_arena_reset();
		polls = 0;
		CHECK_INT_EQ(bnc_parse(msgs[m], lens[m], &a, &res), BNC_PARSE_OK);
		CHECK_INT_EQ(res.nrcpts, m == 0 ? 1 : 99000);
		total = polls;
		/*
		 * the line scans poll once per megabyte they cover (poll.h): at
		 * least twice per 4 MB pass over the report part, which several
		 * decoders read; at least once over the Postfix list
		 */
		CHECK(total - few >= (m == 0 ? 8 : 1));
		unit_arena_reset();
		for (at = 1; at <= total; at++)
		{
			polls = 0;
			stop_at = at;
			CHECK_INT_EQ(bnc_parse(msgs[m], lens[m], &a, &res),
						 BNC_PARSE_INTERRUPTED);
			CHECK_INT_EQ(res.nrcpts, 0);
			unit_arena_reset();
		}
		free(msgs[m]);
		free(msgs[m + 1]);
	}
}

/* The recipient of a report whose Final-Recipient value is addr. */
static const char *
report_recipient(const char *addr)
{
	static char msg[1024];
	bnc_result	res;

	snprintf(msg, sizeof(msg),
			 "From: MAILER-DAEMON@mx.example.com\n"
			 "Content-Type: multipart/report; report-type=delivery-status;"
			 " boundary=\"b\"\n\n"
			 "--b\nContent-Type: message/delivery-status\n\n"
			 "Reporting-MTA: dns; mx.example.com\n\n"
			 "Final-Recipient: rfc822; %s\n"
			 "Action: failed\nStatus: 5.1.1\n\n--b--\n", addr);
	if (bnc_parse(msg, strlen(msg), unit_arena(), &res) != BNC_PARSE_OK ||
		res.nrcpts != 1)
		return NULL;
	return res.rcpts[0].recipient;
}

/*
 * A quoted local part may hold white space and other characters that are
 * junk in a bare address (RFC 5321 allows them): such a recipient was
 * dropped, and the message gave no row.
 */
void
test_hostile_quoted_local_part(void)
{
	CHECK_STR_EQ(report_recipient("\"john smith\"@Example.NET"),
				 "\"john smith\"@example.net");
	CHECK_STR_EQ(report_recipient("<\"john smith\"@example.net>"),
				 "\"john smith\"@example.net");
	CHECK_STR_EQ(report_recipient("\"a\\\" b\"@example.net"),
				 "\"a\\\" b\"@example.net");
	CHECK_STR_EQ(report_recipient("\"a@b c\"@example.net"),
				 "\"a@b c\"@example.net");
	/* unchanged: bare addresses, noise around them, no domain */
	CHECK_STR_EQ(report_recipient("ann@example.net"), "ann@example.net");
	CHECK_STR_EQ(report_recipient("Ann <ann@example.net>"), "ann@example.net");
	CHECK_STR_EQ(report_recipient("\"ann\"@example.net"), "\"ann\"@example.net");
	CHECK(report_recipient("\"john smith\"@") == NULL);
	unit_arena_reset();
}

/*
 * A NUL byte in the local part drops the recipient (doc/errors.md): the
 * address after it ("ul@example.net" of "n\0ul@example.net") was reported
 * instead, a recipient the report does not name.
 */
void
test_hostile_nul_in_address(void)
{
	static const char head[] =
		"From: MAILER-DAEMON@mx.example.com\n"
		"Content-Type: multipart/report; report-type=delivery-status;"
		" boundary=\"b\"\n\n"
		"--b\nContent-Type: message/delivery-status\n\n"
		"Reporting-MTA: dns; mx.example.com\n\n"
		"Final-Recipient: rfc822; ";
	static const char tail[] = "\nAction: failed\nStatus: 5.1.1\n\n--b--\n";
	static const struct
	{
		const char *addr;
		size_t		len;
		const char *expect;
	}			cases[] = {
		{"n\0ul@example.net", 16, NULL},
		{"ann@exam\0ple.net", 16, "ann@exam"},
		{"\0ann@example.net", 16, NULL},
	};
	int			i;

	for (i = 0; i < (int) (sizeof(cases) / sizeof(cases[0])); i++)
	{
		char		msg[512];
		size_t		len = 0;
		bnc_result	res;
		bnc_parse_status st;

		memcpy(msg, head, sizeof(head) - 1);
		len += sizeof(head) - 1;
		memcpy(msg + len, cases[i].addr, cases[i].len);
		len += cases[i].len;
		memcpy(msg + len, tail, sizeof(tail) - 1);
		len += sizeof(tail) - 1;
		st = bnc_parse(msg, len, unit_arena(), &res);
		if (cases[i].expect == NULL)
			CHECK_INT_EQ(st == BNC_PARSE_OK ? res.nrcpts : 0, 0);
		else
		{
			CHECK_INT_EQ(st, BNC_PARSE_OK);
			CHECK_STR_EQ(st == BNC_PARSE_OK && res.nrcpts == 1 ?
						 res.rcpts[0].recipient : NULL, cases[i].expect);
		}
		unit_arena_reset();
	}
}

/*
 * An address of more than BNC_MAX_ADDRESS bytes is not read as one: the
 * message's other recipients are reported (stored, such an address made
 * the insert into bounce.events fail for the whole message).
 */
void
test_hostile_long_address(void)
{
	char		addr[BNC_MAX_ADDRESS + 2];
	char		msg[4096];
	bnc_result	res;
	size_t		local = BNC_MAX_ADDRESS - strlen("@example.net");

	/* exactly the limit: read */
	memset(addr, 'x', local);
	strcpy(addr + local, "@example.net");
	CHECK_INT_EQ(strlen(addr), BNC_MAX_ADDRESS);
	CHECK_STR_EQ(report_recipient(addr), addr);

	/* one byte more: not an address; the next recipient still counts */
	memset(addr, 'x', local + 1);
	strcpy(addr + local + 1, "@example.net");
	CHECK(report_recipient(addr) == NULL);
	snprintf(msg, sizeof(msg),
			 "From: MAILER-DAEMON@mx.example.com\n"
			 "Content-Type: multipart/report; report-type=delivery-status;"
			 " boundary=\"b\"\n\n"
			 "--b\nContent-Type: message/delivery-status\n\n"
			 "Reporting-MTA: dns; mx.example.com\n\n"
			 "Final-Recipient: rfc822; %s\nAction: failed\nStatus: 5.1.1\n\n"
			 "Final-Recipient: rfc822; ann@example.net\n"
			 "Action: failed\nStatus: 5.1.1\n\n--b--\n", addr);
	CHECK_INT_EQ(bnc_parse(msg, strlen(msg), unit_arena(), &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	CHECK_STR_EQ(res.nrcpts == 1 ? res.rcpts[0].recipient : NULL,
				 "ann@example.net");
	unit_arena_reset();
}
