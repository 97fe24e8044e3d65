/*-------------------------------------------------------------------------
 *
 * test_feedback_details.c
 *		Unit tests of abuse feedback reports (RFC 5965): every field of
 *		the report in the message's details, repeated fields joined, the
 *		Arrival-Date as the arrival time, and the recipient taken from
 *		Removal-Recipient when no Original-Rcpt-To is given.
 *
 * test/unit/test_feedback_details.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "unit.h"

/* Value of key among the message's pairs, or NULL. */
static const char *
value_of(const bnc_result *res, const char *key)
{
	return unit_pair_value(res->details, res->ndetails, key);
}

/* A feedback report whose report part holds fields. */
static int
parse_report(const char *fields, bnc_result *res)
{
	char		msg[4096];
	int			n;

	n = snprintf(msg, sizeof(msg),
				 "From: feedback@reports.example.org\n"
				 "To: abuse@lists.example.com\n"
				 "Date: Wed, 9 Apr 2025 16:05:12 +0000\n"
				 "Subject: Feedback report\n"
				 "MIME-Version: 1.0\n"
				 "Content-Type: multipart/report; report-type=feedback-report;"
				 " boundary=\"b\"\n"
				 "\n"
				 "--b\n"
				 "Content-Type: text/plain\n"
				 "\n"
				 "A report.\n"
				 "--b\n"
				 "Content-Type: message/feedback-report\n"
				 "\n"
				 "%s"
				 "\n"
				 "--b\n"
				 "Content-Type: message/rfc822\n"
				 "\n"
				 "From: weekly@lists.example.com\n"
				 "To: undisclosed-recipients:;\n"
				 "Subject: Digest\n"
				 "Message-ID: <d1@lists.example.com>\n"
				 "\n"
				 "Body.\n"
				 "--b--\n", fields);
	return bnc_parse(msg, (size_t) n, unit_arena(), res);
}

/* Every field, lower-cased keys, repeated ones joined, folded unfolded. */
void
test_feedback_details_fields(void)
{
	bnc_result	res;

	CHECK_INT_EQ(parse_report("Feedback-Type: Abuse\n"
							  "User-Agent: ExampleFBL/2.0\n"
							  "Version: 1\n"
							  "Original-Mail-From: <bounces@lists.example.com>\n"
							  "Original-Rcpt-To: <a@example.org>\n"
							  "Original-Rcpt-To: <b@example.org>\n"
							  "Arrival-Date: Wed, 9 Apr 2025 15:47:30 +0000\n"
							  "Reporting-MTA: dns; reports.example.org\n"
							  "Source-IP: 203.0.113.77\n"
							  "Incidents: 2\n"
							  "Authentication-Results: mx.example.org; spf=pass\n"
							  " smtp.mailfrom=lists.example.com\n"
							  "Authentication-Results: mx.example.org; dkim=pass\n"
							  "Reported-Domain: lists.example.com\n"
							  "Reported-URI: http://lists.example.com/u\n"
							  "X-Feedback-Id: 41d7\n", &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 2);
	CHECK_STR_EQ(res.rcpts[0].feedback_type, "abuse");
	CHECK_INT_EQ(res.rcpts[0].reason, BNC_R_feedback);
	CHECK_STR_EQ(value_of(&res, "feedback-type"), "Abuse");
	CHECK_STR_EQ(value_of(&res, "user-agent"), "ExampleFBL/2.0");
	CHECK_STR_EQ(value_of(&res, "version"), "1");
	CHECK_STR_EQ(value_of(&res, "original-mail-from"),
				 "<bounces@lists.example.com>");
	CHECK_STR_EQ(value_of(&res, "original-rcpt-to"),
				 "<a@example.org>, <b@example.org>");
	CHECK_STR_EQ(value_of(&res, "arrival-date"),
				 "Wed, 9 Apr 2025 15:47:30 +0000");
	CHECK_STR_EQ(value_of(&res, "reporting-mta"), "dns; reports.example.org");
	CHECK_STR_EQ(value_of(&res, "source-ip"), "203.0.113.77");
	CHECK_STR_EQ(value_of(&res, "incidents"), "2");
	CHECK_STR_EQ(value_of(&res, "authentication-results"),
				 "mx.example.org; spf=pass smtp.mailfrom=lists.example.com, "
				 "mx.example.org; dkim=pass");
	CHECK_STR_EQ(value_of(&res, "reported-domain"), "lists.example.com");
	CHECK_STR_EQ(value_of(&res, "reported-uri"), "http://lists.example.com/u");
	CHECK_STR_EQ(value_of(&res, "x-feedback-id"), "41d7");
	/* the original's headers follow the report's fields */
	CHECK_STR_EQ(value_of(&res, "original.message-id"),
				 "<d1@lists.example.com>");
	/* arrived: 2025-04-09 15:47:30 UTC, not the report's Date */
	CHECK(res.has_arrived);
	CHECK_INT_EQ(res.arrived_at, 1744213650);
	CHECK_STR_EQ(res.reporting_mta, "reports.example.org");
}

/*
 * Without Original-Rcpt-To, an opt-out's Removal-Recipient is the row;
 * without any address, one row with no recipient.
 */
void
test_feedback_details_removal(void)
{
	bnc_result	res;

	CHECK_INT_EQ(parse_report("Feedback-Type: opt-out\n"
							  "Version: 1\n"
							  "Removal-Recipient: r@example.org\n"
							  "Received-Date: Wed, 9 Apr 2025 15:00:00 +0000\n",
							  &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	CHECK_STR_EQ(res.rcpts[0].recipient, "r@example.org");
	CHECK_STR_EQ(res.rcpts[0].feedback_type, "opt-out");
	CHECK_STR_EQ(value_of(&res, "removal-recipient"), "r@example.org");
	/* the older Received-Date gives the arrival too */
	CHECK(res.has_arrived);
	CHECK_INT_EQ(res.arrived_at, 1744210800);

	/* no address anywhere: one complaint all the same, recipient NULL */
	CHECK_INT_EQ(parse_report("Feedback-Type: abuse\nVersion: 1\n", &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	CHECK(res.rcpts[0].recipient == NULL);
	CHECK(res.rcpts[0].domain == NULL);
	CHECK_STR_EQ(res.rcpts[0].feedback_type, "abuse");
	CHECK_INT_EQ(res.rcpts[0].reason, BNC_R_feedback);
	CHECK_INT_EQ(res.rcpts[0].hard, 0);
	CHECK_INT_EQ(res.rcpts[0].status.cls, 0);

	/* no address and no Feedback-Type: not a report of anything */
	CHECK_INT_EQ(parse_report("User-Agent: x/1\nVersion: 1\n", &res),
				 BNC_PARSE_NOT_BOUNCE);
}
