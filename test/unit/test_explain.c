/*-------------------------------------------------------------------------
 *
 * test_explain.c
 *		Unit tests of the explanations of a classification: the step and
 *		rule that decided, the readings of the code and of the text, the
 *		winner, and agreement with the ordinary classifier and parser.
 *
 * test/unit/test_explain.c
 *
 *-------------------------------------------------------------------------
 */
#include "unit.h"

/* One case: evidence and the explanation expected for it. */
typedef struct explain_case
{
	const char *status;			/* "c.s.d" or NULL */
	int			reply;
	const char *command;		/* or NULL */
	const char *text;			/* or NULL */
	const char *reason;
	const char *decided_by;
	const char *rule;			/* "" when none */
	const char *status_reason;	/* NULL when none */
	const char *text_reason;	/* NULL when none */
	const char *winner;
} explain_case;

static const explain_case cases[] = {
	/* a strong phrase outweighs a specific code: the text wins */
	{"5.1.1", 550, NULL, "550 5.1.1 Rate limit exceeded, try again later",
	"speeding", "phrase", "rate limit", "userunknown", "speeding", "text"},
	/* a weak phrase outweighs a generic code */
	{"5.4.1", 550, "RCPT",
		"550 5.4.1 <a@example.com>: Recipient address rejected: Access denied",
	"userunknown", "phrase", "recipient address rejected", "networkerror",
	"userunknown", "text"},
	/* code and text agree */
	{"5.2.2", 552, NULL, "552 5.2.2 Mailbox full",
	"mailboxfull", "phrase", "mailbox full", "mailboxfull", "mailboxfull",
	"both agree"},
	/* the code alone */
	{"5.2.2", 0, NULL, NULL,
	"mailboxfull", "status", "5.2.2", "mailboxfull", NULL, "code"},
	/* a specific code outweighs a normal phrase */
	{"5.1.1", 550, "RCPT", "550 5.1.1 relay access denied",
	"userunknown", "status", "5.1.1", "userunknown", "norelaying", "code"},
	/* unknown-user wording read at DATA */
	{NULL, 550, "DATA", "550 user unknown",
	"filtered", "phrase", "user unknown", NULL, "filtered", "text"},
	/* a refusal at the greeting */
	{"5.0.0", 554, "HELO", "554 go away",
	"blocked", "command", "HELO", NULL, NULL, "neither"},
	/* only a reply code */
	{NULL, 501, NULL, "501 what?",
	"syntaxerror", "reply", "501", NULL, NULL, "neither"},
	/* a generic code's subject */
	{"5.7.0", 0, NULL, "no words of note",
	"securityerror", "status", "5.7.0", "securityerror", NULL, "code"},
	/* something, but nothing firm */
	{"5.0.0", 0, NULL, "it did not work",
	"onhold", "fallback", "", NULL, NULL, "neither"},
	/* nothing at all */
	{NULL, 0, NULL, NULL,
	"undefined", "fallback", "", NULL, NULL, "neither"},
	/* delivered by its status, the text notwithstanding */
	{"2.0.0", 250, NULL, "250 mailbox full but ok",
	"delivered", "status", "2.0.0", "delivered", "mailboxfull", "code"},
};

/* Name of a reason given as an int, NULL for -1. */
static const char *
name_or_null(int r)
{
	return r < 0 ? NULL : bnc_reason_name((bnc_reason) r);
}

/* Explanations of single diagnostics, and agreement with bnc_classify. */
void
test_explain_classify(void)
{
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		const explain_case *c = &cases[i];
		bnc_status	st = {0, 0, 0};
		size_t		len = c->text ? strlen(c->text) : 0;
		bnc_explain ex;
		bnc_reason	r;

		if (c->status != NULL)
			sscanf(c->status, "%d.%d.%d", &st.cls, &st.subject, &st.detail);
		r = bnc_classify_explain(&st, c->reply, c->text, len, c->command,
								 &ex);
		CHECK_INT_EQ(r, bnc_classify(&st, c->reply, c->text, len,
									 c->command));
		CHECK_STR_EQ(bnc_reason_name(r), c->reason);
		CHECK_STR_EQ(bnc_decider_name(ex.decided_by), c->decided_by);
		CHECK_STR_EQ(ex.rule, c->rule);
		CHECK_STR_EQ(name_or_null(ex.status_reason), c->status_reason);
		CHECK_STR_EQ(name_or_null(ex.text_reason), c->text_reason);
		CHECK_STR_EQ(bnc_winner_name(ex.winner), c->winner);
	}
}

/* A phrase folded over reply lines is reported in its normalised form. */
void
test_explain_phrase_text(void)
{
	static const char text[] =
		"452-4.2.2 The email account that you tried to reach is\r\n"
		"452 4.2.2 OVER   QUOTA.  Please direct the recipient to";
	bnc_status	st = {4, 2, 2};
	bnc_explain ex;

	bnc_classify_explain(&st, 452, text, strlen(text), NULL, &ex);
	CHECK_STR_EQ(bnc_decider_name(ex.decided_by), "phrase");
	CHECK_STR_EQ(ex.rule, "over quota");
}

static const char delayed_msg[] =
"From: MAILER-DAEMON@mx.example.net\n"
"To: sender@example.org\n"
"Subject: Delivery delayed\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n"
"\n"
"--B\n"
"Content-Type: text/plain\n"
"\n"
"Delivery is delayed.\n"
"--B\n"
"Content-Type: message/delivery-status\n"
"\n"
"Reporting-MTA: dns; mx.example.net\n"
"\n"
"Final-Recipient: rfc822; late@example.com\n"
"Action: delayed\n"
"Status: 4.0.0\n"
"\n"
"Final-Recipient: rfc822; full@example.com\n"
"Action: failed\n"
"Status: 5.1.1\n"
"Diagnostic-Code: smtp; 550 5.1.1 mailbox full\n"
"\n"
"Final-Recipient: rfc822; someone@gmail.com\n"
"Action: failed\n"
"Status: 5.7.1\n"
"Remote-MTA: dns; gmail-smtp-in.l.google.com\n"
"Diagnostic-Code: smtp; 550 5.7.1 Our system has detected that this\n"
" message is likely unsolicited mail. gsmtp\n"
"--B--\n";

/* bnc_parse_explain: same rows as bnc_parse, each step of the driver. */
void
test_explain_parse(void)
{
	bnc_result	plain;
	bnc_result	res;
	bnc_explain *ex = NULL;
	int			i;

	CHECK_INT_EQ(bnc_parse(delayed_msg, strlen(delayed_msg), unit_arena(),
						   &plain), BNC_PARSE_OK);
	CHECK_INT_EQ(bnc_parse_explain(delayed_msg, strlen(delayed_msg),
								   unit_arena(), &res, &ex), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 3);
	CHECK_INT_EQ(plain.nrcpts, res.nrcpts);
	CHECK(ex != NULL);
	for (i = 0; ex != NULL && i < res.nrcpts && i < plain.nrcpts; i++)
	{
		CHECK_STR_EQ(res.rcpts[i].recipient, plain.rcpts[i].recipient);
		CHECK_INT_EQ(res.rcpts[i].reason, plain.rcpts[i].reason);
		CHECK_INT_EQ(res.rcpts[i].hard, plain.rcpts[i].hard);
	}
	if (ex != NULL && res.nrcpts == 3)
	{
		CHECK_STR_EQ(bnc_reason_name(res.rcpts[0].reason), "expired");
		CHECK_STR_EQ(bnc_decider_name(ex[0].decided_by), "action");
		CHECK_STR_EQ(ex[0].rule, "delayed");
		CHECK_STR_EQ(bnc_winner_name(ex[0].winner), "neither");

		CHECK_STR_EQ(bnc_reason_name(res.rcpts[1].reason), "mailboxfull");
		CHECK_STR_EQ(bnc_decider_name(ex[1].decided_by), "phrase");
		CHECK_STR_EQ(name_or_null(ex[1].status_reason), "userunknown");
		CHECK_STR_EQ(bnc_winner_name(ex[1].winner), "text");

		CHECK_STR_EQ(bnc_reason_name(res.rcpts[2].reason), "spamdetected");
		CHECK_STR_EQ(bnc_decider_name(ex[2].decided_by), "provider");
		CHECK_STR_EQ(ex[2].rule, "google: likely unsolicited mail");
	}

	/* not a bounce: no rows and no explanations */
	CHECK_INT_EQ(bnc_parse_explain("Subject: hi\n\nhello\n", 19,
								   unit_arena(), &res, &ex),
				 BNC_PARSE_NOT_BOUNCE);
	CHECK(ex == NULL);
	unit_arena_reset();
}
