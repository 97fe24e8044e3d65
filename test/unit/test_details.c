/*-------------------------------------------------------------------------
 *
 * test_details.c
 *		Unit tests of the details pairs of bnc_parse: the report fields the
 *		other members do not carry, X- fields at both levels, the original
 *		message's headers, and the bound on the number of pairs.
 *
 * test/unit/test_details.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

/* Value of key among n pairs, or NULL; the last of several wins. */
static const char *
pair_value(const bnc_field_pair *pairs, int n, const char *key)
{
	const char *found = NULL;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (strcmp(pairs[i].key, key) == 0)
			found = pairs[i].value;
	}
	return found;
}

static const char report[] =
"From: MAILER-DAEMON@relay.example.net\n"
"To: bounces@example.com\n"
"Subject: Delivery Status Notification\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n"
"\n"
"--b\n"
"Content-Type: text/plain\n"
"\n"
"Not delivered.\n"
"--b\n"
"Content-Type: message/delivery-status\n"
"\n"
"Reporting-MTA: dns; relay.example.net\n"
"Original-Envelope-Id: ENV-1\n"
"DSN-Gateway: dns; gw.example.net\n"
"Received-From-MTA: dns; app.example.com\n"
"Arrival-Date: Tue, 11 Mar 2025 09:40:02 +0000\n"
"X-Queue-Id: Q1\n"
"\n"
"Original-Recipient: rfc822; A@example.org\n"
"Final-Recipient: rfc822; a@example.org\n"
"Action: failed\n"
"Status: 5.1.1\n"
"Final-Log-ID: L-1\n"
"Last-Attempt-Date: Tue, 11 Mar 2025 09:42:16 +0000\n"
"X-Actual-Recipient: rfc822; b@example.org\n"
"X-Queue-Id: Q2\n"
"X-Folded: one,\n"
"  two\n"
"\n"
"Final-Recipient: rfc822; c@example.net\n"
"Action: delayed\n"
"Status: 4.4.1\n"
"Will-Retry-Until: Fri, 14 Mar 2025 09:40:02 +0000\n"
"\n"
"--b\n"
"Content-Type: text/rfc822-headers\n"
"\n"
"From: Shop <orders@example.com>\n"
"Subject: =?UTF-8?Q?Best=C3=A4tigung?=\n"
"Message-ID: <o-1@example.com>\n"
"List-Id: <orders.example.com>\n"
"Feedback-ID: 1:orders:shop\n"
"\n"
"--b--\n";

/* Message-level and recipient-level pairs of a full report. */
static void
check_full_report(void)
{
	bnc_result	res;
	const bnc_recipient *a;
	const bnc_recipient *c;

	CHECK_INT_EQ(bnc_parse(report, strlen(report), unit_arena(), &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 2);
	if (res.nrcpts != 2)
		return;
	a = &res.rcpts[0];
	c = &res.rcpts[1];
	CHECK_INT_EQ(res.ndetails, 10);
	CHECK_STR_EQ(pair_value(res.details, res.ndetails, "original-envelope-id"),
				 "ENV-1");
	CHECK_STR_EQ(pair_value(res.details, res.ndetails, "dsn-gateway"),
				 "dns; gw.example.net");
	CHECK_STR_EQ(pair_value(res.details, res.ndetails, "received-from-mta"),
				 "dns; app.example.com");
	CHECK_STR_EQ(pair_value(res.details, res.ndetails, "arrival-date"),
				 "Tue, 11 Mar 2025 09:40:02 +0000");
	CHECK_STR_EQ(pair_value(res.details, res.ndetails, "x-queue-id"), "Q1");
	CHECK_STR_EQ(pair_value(res.details, res.ndetails, "original.from"),
				 "Shop <orders@example.com>");
	CHECK_STR_EQ(pair_value(res.details, res.ndetails, "original.subject"),
				 "Best\xC3\xA4tigung");
	CHECK_STR_EQ(pair_value(res.details, res.ndetails, "original.message-id"),
				 "<o-1@example.com>");
	CHECK_STR_EQ(pair_value(res.details, res.ndetails, "original.list-id"),
				 "<orders.example.com>");
	CHECK_STR_EQ(pair_value(res.details, res.ndetails, "original.feedback-id"),
				 "1:orders:shop");

	CHECK_INT_EQ(a->ndetails, 6);
	CHECK_STR_EQ(pair_value(a->details, a->ndetails, "original-recipient"),
				 "rfc822; A@example.org");
	CHECK_STR_EQ(pair_value(a->details, a->ndetails, "final-log-id"), "L-1");
	CHECK_STR_EQ(pair_value(a->details, a->ndetails, "last-attempt-date"),
				 "Tue, 11 Mar 2025 09:42:16 +0000");
	CHECK_STR_EQ(pair_value(a->details, a->ndetails, "x-actual-recipient"),
				 "rfc822; b@example.org");
	CHECK_STR_EQ(pair_value(a->details, a->ndetails, "x-queue-id"), "Q2");
	CHECK_STR_EQ(pair_value(a->details, a->ndetails, "x-folded"), "one, two");

	CHECK_INT_EQ(c->ndetails, 1);
	CHECK_STR_EQ(pair_value(c->details, c->ndetails, "will-retry-until"),
				 "Fri, 14 Mar 2025 09:40:02 +0000");
	CHECK(pair_value(c->details, c->ndetails, "x-queue-id") == NULL);
}

/* A report without further fields or original has no pairs. */
static void
check_no_details(void)
{
	static const char msg[] =
	"From: MAILER-DAEMON@example.com\n"
	"Subject: Undelivered\n"
	"Content-Type: multipart/report; boundary=\"b\"\n"
	"\n"
	"--b\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Reporting-MTA: dns; mx.example.com\n"
	"\n"
	"Final-Recipient: rfc822; u@example.com\n"
	"Action: failed\n"
	"Status: 5.1.1\n"
	"--b--\n";
	bnc_result	res;

	CHECK_INT_EQ(bnc_parse(msg, strlen(msg), unit_arena(), &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	CHECK_INT_EQ(res.ndetails, 0);
	CHECK(res.details == NULL);
	if (res.nrcpts == 1)
	{
		CHECK_INT_EQ(res.rcpts[0].ndetails, 0);
		CHECK(res.rcpts[0].details == NULL);
	}
}

/* A record with more X- fields than the bound keeps the first ones. */
static void
check_bound(void)
{
	static const char head[] =
	"From: MAILER-DAEMON@example.com\n"
	"Subject: Undelivered\n"
	"Content-Type: multipart/report; boundary=\"b\"\n"
	"\n"
	"--b\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Reporting-MTA: dns; mx.example.com\n"
	"\n"
	"Final-Recipient: rfc822; u@example.com\n"
	"Action: failed\n"
	"Status: 5.1.1\n";
	size_t		cap = sizeof(head) + 1000 * 32 + 16;
	char	   *msg = malloc(cap);
	size_t		n;
	int			i;
	bnc_result	res;

	memcpy(msg, head, sizeof(head) - 1);
	n = sizeof(head) - 1;
	for (i = 0; i < 1000; i++)
		n += snprintf(msg + n, cap - n, "X-Field-%d: value %d\n", i, i);
	n += snprintf(msg + n, cap - n, "--b--\n");
	CHECK_INT_EQ(bnc_parse(msg, n, unit_arena(), &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		const bnc_recipient *r = &res.rcpts[0];

		CHECK_INT_EQ(r->ndetails, BNC_MAX_DETAILS);
		CHECK_STR_EQ(pair_value(r->details, r->ndetails, "x-field-0"),
					 "value 0");
		CHECK_STR_EQ(pair_value(r->details, r->ndetails, "x-field-63"),
					 "value 63");
		CHECK(pair_value(r->details, r->ndetails, "x-field-64") == NULL);
	}
	free(msg);
}

/* The details pairs of bnc_parse. */
void
test_details(void)
{
	check_full_report();
	check_no_details();
	check_bound();
}
