/*-------------------------------------------------------------------------
 *
 * test_report_rules.c
 *		Unit tests of rules that find a failure's words where a report
 *		keeps them outside the Diagnostic-Code field: Sendmail's session
 *		transcript, the comment after a Status code; and of the wording of
 *		a limit on the number of lines of a message.
 *
 * test/unit/test_report_rules.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "unit.h"

/* A Sendmail DSN for one recipient with the given transcript and status. */
static int
parse_sendmail(const char *transcript, const char *status, bnc_result *res)
{
	char		msg[4096];
	int			n;

	n = snprintf(msg, sizeof(msg),
				 "From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.org>\n"
				 "Subject: Returned mail: see transcript for details\n"
				 "MIME-Version: 1.0\n"
				 "Content-Type: multipart/report; report-type=delivery-status;"
				 " boundary=\"b\"\n"
				 "\n"
				 "--b\n"
				 "\n"
				 "   ----- The following addresses had permanent fatal errors -----\n"
				 "<u@example.org>\n"
				 "\n"
				 "   ----- Transcript of session follows -----\n"
				 "%s"
				 "\n"
				 "--b\n"
				 "Content-Type: message/delivery-status\n"
				 "\n"
				 "Reporting-MTA: dns; mail.example.org\n"
				 "\n"
				 "Final-Recipient: RFC822; u@example.org\n"
				 "Action: failed\n"
				 "Status: %s\n"
				 "--b--\n", transcript, status);
	return bnc_parse(msg, (size_t) n, unit_arena(), res) == BNC_PARSE_OK &&
		res->nrcpts == 1;
}

/* Sendmail's transcript is the diagnostic of a record that has none. */
void
test_report_sendmail_transcript(void)
{
	bnc_result	res;

	/* a local delivery: Sendmail's own code is no remote reply */
	CHECK(parse_sendmail("mail.local: unknown user: u\n"
						 "554 5.0.0 <u@example.org>... Service unavailable\n",
						 "5.0.0", &res));
	CHECK_STR_EQ(res.rcpts[0].diagnostic,
				 "mail.local: unknown user: u 554 5.0.0 <u@example.org>... "
				 "Service unavailable");
	CHECK_INT_EQ(res.rcpts[0].reply_code, 0);
	CHECK_INT_EQ(res.rcpts[0].reason, BNC_R_userunknown);
	CHECK(res.rcpts[0].hard);

	/* a remote reply quoted with "<<< " gives the reply code and command */
	CHECK(parse_sendmail("... while talking to mx.example.org.:\n"
						 ">>> DATA\n"
						 "<<< 552 Message rejected: mailbox full\n"
						 "554 5.0.0 <u@example.org>... Service unavailable\n",
						 "5.0.0", &res));
	CHECK_INT_EQ(res.rcpts[0].reply_code, 552);
	CHECK_INT_EQ(res.rcpts[0].reason, BNC_R_mailboxfull);

	/* the transcript ends at the first blank line */
	CHECK(parse_sendmail("<u@example.org>... Deferred: Connection timed out\n"
						 "\n"
						 "user unknown\n",
						 "4.4.7", &res));
	CHECK_STR_EQ(res.rcpts[0].diagnostic,
				 "<u@example.org>... Deferred: Connection timed out");
	CHECK_INT_EQ(res.rcpts[0].reason, BNC_R_expired);
}

/* The comment after a Status code speaks when no Diagnostic-Code does. */
void
test_report_status_comment(void)
{
	static const char msg[] =
		"From: mailer-daemon@relay.example.com\n"
		"Subject: Delivery status report\n"
		"MIME-Version: 1.0\n"
		"Content-Type: multipart/report; report-type=delivery-status;"
		" boundary=\"b\"\n"
		"\n"
		"--b\n"
		"Content-Type: message/delivery-status\n"
		"\n"
		"Reporting-MTA: dns; relay.example.com\n"
		"\n"
		"Final-Recipient: rfc822; a@lists.example.net\n"
		"Action: delayed\n"
		"Status: 4.0.0 (lists.example.net: host name lookup failure)\n"
		"\n"
		"Final-Recipient: rfc822; b@example.org\n"
		"Action: failed\n"
		"Status: 5.1.1 (permanent failure)\n"
		"Diagnostic-Code: smtp; 550 5.1.1 user unknown\n"
		"\n"
		"Final-Recipient: rfc822; c@example.org\n"
		"Action: delayed\n"
		"Status: 4.0.0 ()\n"
		"--b--\n";
	bnc_result	res;

	CHECK_INT_EQ(bnc_parse(msg, sizeof(msg) - 1, unit_arena(), &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 3);
	if (res.nrcpts != 3)
		return;
	/* a temporary unknown host is a DNS failure, not an expiry */
	CHECK_STR_EQ(res.rcpts[0].diagnostic,
				 "lists.example.net: host name lookup failure");
	CHECK_INT_EQ(res.rcpts[0].reason, BNC_R_networkerror);
	/* the Diagnostic-Code wins over the comment */
	CHECK_STR_EQ(res.rcpts[1].diagnostic, "550 5.1.1 user unknown");
	CHECK_INT_EQ(res.rcpts[1].reason, BNC_R_userunknown);
	/* an empty comment says nothing: a delay with no cause has expired */
	CHECK(res.rcpts[2].diagnostic == NULL);
	CHECK_INT_EQ(res.rcpts[2].reason, BNC_R_expired);
}

/* A cap on the number of lines is a size limit; a long line is syntax. */
void
test_report_line_limit(void)
{
	bnc_status	st = {0, 0, 0};
	int			reply = 0;

	CHECK_INT_EQ(bnc_classify_line("500 Line limit exceeded", 23, &st, &reply),
				 BNC_R_mesgtoobig);
	st.cls = 0;
	reply = 0;
	CHECK_INT_EQ(bnc_classify_line("500 Line too long", 17, &st, &reply),
				 BNC_R_syntaxerror);
}
