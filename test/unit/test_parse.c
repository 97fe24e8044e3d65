/*-------------------------------------------------------------------------
 *
 * test_parse.c
 *		Unit tests of bnc_parse and its helpers: standard reports, the
 *		plain-text bounce formats, transfer encodings, line endings and
 *		hostile input.
 *
 * test/unit/test_parse.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>

#include "unit.h"
#include "text.h"

/* Parse a NUL-terminated message. */
static bnc_parse_status
parse_str(const char *msg, bnc_result *res)
{
	return bnc_parse(msg, strlen(msg), unit_arena(), res);
}

/* A copy of an LF message with every LF replaced by eol ("\r\n", "\r"). */
static char *
with_eol(const char *msg, const char *eol, size_t *len)
{
	size_t		n = strlen(msg);
	size_t		el = strlen(eol);
	char	   *out = malloc(n * el + 1);
	size_t		o = 0;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		if (msg[i] == '\n')
		{
			memcpy(out + o, eol, el);
			o += el;
		}
		else
			out[o++] = msg[i];
	}
	*len = o;
	return out;
}

/* Status code of a row as "c.s.d", or "" when it has none. */
static const char *
status_str(const bnc_recipient *r)
{
	static char buf[16];

	buf[0] = '\0';
	if (r->status.cls)
		bnc_status_format(&r->status, buf);
	return buf;
}

static const char dsn_two[] =
"From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
"To: sender@example.net\n"
"Subject: Undelivered Mail Returned to Sender\n"
"Date: Tue, 02 Jan 2024 10:00:00 +0900 (JST)\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report; report-type=delivery-status;\n"
"\tboundary=\"XYZ.123/mx.example.org\"\n"
"\n"
"This is a MIME-encapsulated message.\n"
"\n"
"--XYZ.123/mx.example.org\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n"
"Your message could not be delivered.\n"
"\n"
"--XYZ.123/mx.example.org\n"
"Content-Type: message/delivery-status\n"
"\n"
"Reporting-MTA: dns; mx.example.org\n"
"Arrival-Date: Tue, 02 Jan 2024 09:59:58 +0900\n"
"\n"
"Final-Recipient: rfc822; Alice@Example.COM\n"
"Original-Recipient: rfc822;alice@example.com\n"
"Action: failed\n"
"Status: 5.1.1\n"
"Remote-MTA: dns; mx1.example.com\n"
"Diagnostic-Code: smtp; 550 5.1.1 <alice@example.com>: Recipient address\n"
"    rejected: User unknown in local\n"
"\trecipient table\n"
"\n"
"Final-Recipient: rfc822; bob@example.com\n"
"Action: delayed\n"
"Status: 4.4.1\n"
"Diagnostic-Code: smtp; 421 Service not available\n"
"\n"
"--XYZ.123/mx.example.org\n"
"Content-Type: message/rfc822\n"
"\n"
"From: sender@example.net\n"
"To: alice@example.com, bob@example.com\n"
"Subject: hello\n"
"Message-ID: <orig-1@example.net>\n"
"\n"
"Hello.\n"
"--XYZ.123/mx.example.org--\n";

/* Check the rows read from dsn_two. */
static void
check_dsn_two(const bnc_result *res)
{
	CHECK_INT_EQ(res->nrcpts, 2);
	if (res->nrcpts != 2)
		return;
	CHECK_STR_EQ(res->rcpts[0].recipient, "Alice@example.com");
	CHECK_STR_EQ(res->rcpts[0].domain, "example.com");
	CHECK_INT_EQ(res->rcpts[0].action, BNC_ACTION_FAILED);
	CHECK_STR_EQ(status_str(&res->rcpts[0]), "5.1.1");
	CHECK_INT_EQ(res->rcpts[0].reply_code, 550);
	CHECK_STR_EQ(res->rcpts[0].diagnostic,
				 "550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown in local recipient table");
	CHECK_STR_EQ(res->rcpts[0].remote_mta, "mx1.example.com");
	CHECK_STR_EQ(res->rcpts[1].recipient, "bob@example.com");
	CHECK_INT_EQ(res->rcpts[1].action, BNC_ACTION_DELAYED);
	CHECK_STR_EQ(status_str(&res->rcpts[1]), "4.4.1");
	CHECK_INT_EQ(res->rcpts[1].reply_code, 421);
	CHECK(res->rcpts[1].remote_mta == NULL);
	CHECK_STR_EQ(res->reporting_mta, "mx.example.org");
	CHECK_STR_EQ(res->original_message_id, "<orig-1@example.net>");
	CHECK_STR_EQ(res->format, "rfc3464");
	CHECK_INT_EQ(res->has_arrived, 1);
	/* 2024-01-02 00:59:58 UTC */
	CHECK_INT_EQ(res->arrived_at, 1704157198);
}

/* A standard report with two recipients, under all three line endings. */
void
test_parse_dsn(void)
{
	static const char *const eols[] = {"\n", "\r\n", "\r"};
	bnc_result	res;
	int			i;

	for (i = 0; i < 3; i++)
	{
		size_t		len;
		char	   *msg = with_eol(dsn_two, eols[i], &len);

		CHECK_INT_EQ(bnc_parse(msg, len, unit_arena(), &res), BNC_PARSE_OK);
		check_dsn_two(&res);
		free(msg);
	}
	unit_arena_reset();
}

/*
 * A report that lists one recipient again for each alias that led to it,
 * with the same status each time, gives one row for it, with the
 * diagnostic one of them gives; the same recipient with another status,
 * and another recipient, keep rows of their own.
 */
static const char dsn_aliases[] =
"From: MAILER-DAEMON@mx.example.org\n"
"Subject: Returned mail: User unknown\n"
"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n"
"\n"
"--b\n"
"Content-Type: text/plain\n"
"\n"
"The following addresses had permanent fatal errors.\n"
"--b\n"
"Content-Type: message/delivery-status\n"
"\n"
"Reporting-MTA: dns; mx.example.org\n"
"\n"
"Final-Recipient: rfc822; joe@example.com\n"
"Action: failed\n"
"Status: 5.1.1\n"
"\n"
"Final-Recipient: rfc822; joe@example.com\n"
"X-Actual-Recipient: rfc822; joe.alias@example.com\n"
"Action: failed\n"
"Status: 5.1.1\n"
"Diagnostic-Code: smtp; no such user here\n"
"\n"
"Final-Recipient: rfc822; joe@example.com\n"
"X-Actual-Recipient: rfc822; joe.other@example.com\n"
"Action: failed\n"
"Status: 5.1.1\n"
"\n"
"Final-Recipient: rfc822; joe@example.com\n"
"Action: delayed\n"
"Status: 4.2.2\n"
"\n"
"Final-Recipient: rfc822; ann@example.net\n"
"Action: failed\n"
"Status: 5.1.1\n"
"--b--\n";

void
test_parse_repeated_rows(void)
{
	bnc_result	res;

	CHECK_INT_EQ(parse_str(dsn_aliases, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 3);
	if (res.nrcpts == 3)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "joe@example.com");
		CHECK_INT_EQ(res.rcpts[0].action, BNC_ACTION_FAILED);
		/* taken from the second record, the first has none */
		CHECK_STR_EQ(res.rcpts[0].diagnostic, "no such user here");
		CHECK_STR_EQ(res.rcpts[1].recipient, "joe@example.com");
		CHECK_INT_EQ(res.rcpts[1].action, BNC_ACTION_DELAYED);
		CHECK_STR_EQ(res.rcpts[2].recipient, "ann@example.net");
	}
	unit_arena_reset();
}

/* Base64 delivery-status part and a quoted-printable text part. */
void
test_parse_encoded(void)
{
	/* "Final-Recipient: rfc822; carol@example.com\nAction: failed\n"
	 * "Status: 5.2.2\n" in base64 */
	static const char msg[] =
	"From: postmaster@example.org\n"
	"Subject: Delivery Status Notification (Failure)\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=b1\n"
	"\n"
	"--b1\n"
	"Content-Type: text/plain; charset=utf-8\n"
	"Content-Transfer-Encoding: quoted-printable\n"
	"\n"
	"The mailbox is full =E2=80=93 carol@example.com: 552 5.2.2 Mailbox=\n"
	" over quota\n"
	"--b1\n"
	"Content-Type: message/delivery-status\n"
	"Content-Transfer-Encoding: base64\n"
	"\n"
	"RmluYWwtUmVjaXBpZW50OiByZmM4MjI7IGNhcm9sQGV4YW1wbGUuY29tCkFjdGlvbjog\n"
	"ZmFpbGVkClN0YXR1czogNS4yLjIK\n"
	"--b1--\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(msg, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "carol@example.com");
		CHECK_STR_EQ(status_str(&res.rcpts[0]), "5.2.2");
		/* no Diagnostic-Code: the error comes from the decoded text */
		CHECK_STR_EQ(res.rcpts[0].diagnostic,
					 "552 5.2.2 Mailbox over quota");
		CHECK_INT_EQ(res.rcpts[0].reply_code, 552);
	}
	unit_arena_reset();
}

/* Postfix without DSN support. */
void
test_parse_postfix_plain(void)
{
	static const char msg[] =
	"From: MAILER-DAEMON@mail.example.org (Mail Delivery System)\n"
	"Subject: Undelivered Mail Returned to Sender\n"
	"Content-Type: text/plain\n"
	"\n"
	"This is the Postfix program at host mail.example.org.\n"
	"\n"
	"I'm sorry to have to inform you that the message returned\n"
	"below could not be delivered to one or more destinations.\n"
	"\n"
	"<dave@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1\n"
	"    <dave@example.com>: Recipient address rejected: User unknown (in reply\n"
	"    to RCPT TO command)\n"
	"\n"
	"<erin@example.com>: host mx.example.com[192.0.2.1] said: 452 4.2.2 Over\n"
	"    quota (in reply to end of DATA command)\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(msg, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 2);
	CHECK_STR_EQ(res.format, "postfix");
	CHECK_STR_EQ(res.reporting_mta, "mail.example.org");
	if (res.nrcpts == 2)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "dave@example.com");
		CHECK_INT_EQ(res.rcpts[0].action, BNC_ACTION_FAILED);
		CHECK_STR_EQ(status_str(&res.rcpts[0]), "5.1.1");
		CHECK_INT_EQ(res.rcpts[0].reply_code, 550);
		CHECK_STR_EQ(res.rcpts[0].smtp_command, "RCPT");
		CHECK_STR_EQ(res.rcpts[0].remote_mta, "mx.example.com");
		CHECK_STR_EQ(res.rcpts[0].diagnostic,
					 "550 5.1.1 <dave@example.com>: Recipient address rejected: User unknown");
		CHECK_STR_EQ(status_str(&res.rcpts[1]), "4.2.2");
		CHECK_INT_EQ(res.rcpts[1].reply_code, 452);
		CHECK_STR_EQ(res.rcpts[1].smtp_command, "DATA");
	}
	unit_arena_reset();
}

/* Exim's plain-text bounce. */
void
test_parse_exim(void)
{
	static const char msg[] =
	"From: Mail Delivery System <Mailer-Daemon@relay.example.org>\n"
	"Subject: Mail delivery failed: returning message to sender\n"
	"X-Failed-Recipients: frank@example.com\n"
	"\n"
	"This message was created automatically by mail delivery software.\n"
	"\n"
	"A message that you sent could not be delivered to one or more of its\n"
	"recipients. This is a permanent error. The following address(es) failed:\n"
	"\n"
	"  frank@Example.com\n"
	"    SMTP error from remote mail server after RCPT TO:<frank@example.com>:\n"
	"    host mx.example.com [192.0.2.7]: 550 5.1.1 <frank@example.com>:\n"
	"    Recipient address rejected: User unknown\n"
	"  grace@example.com\n"
	"    retry timeout exceeded\n"
	"\n"
	"------ This is a copy of the message, including all the headers. ------\n"
	"\n"
	"To: frank@example.com\n"
	"Subject: hi\n"
	"Message-ID: <m1@example.net>\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(msg, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 2);
	CHECK_STR_EQ(res.format, "exim");
	if (res.nrcpts == 2)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "frank@example.com");
		CHECK_STR_EQ(res.rcpts[0].remote_mta, "mx.example.com");
		CHECK_STR_EQ(res.rcpts[0].smtp_command, "RCPT");
		CHECK_INT_EQ(res.rcpts[0].reply_code, 550);
		CHECK_STR_EQ(status_str(&res.rcpts[0]), "5.1.1");
		CHECK_STR_EQ(res.rcpts[0].diagnostic,
					 "550 5.1.1 <frank@example.com>: Recipient address rejected: User unknown");
		CHECK_STR_EQ(res.rcpts[1].recipient, "grace@example.com");
		CHECK_STR_EQ(res.rcpts[1].diagnostic, "retry timeout exceeded");
		CHECK_INT_EQ(res.rcpts[1].reply_code, 0);
		CHECK_STR_EQ(status_str(&res.rcpts[1]), "5.0.0");
	}
	CHECK_STR_EQ(res.original_message_id, "<m1@example.net>");
	unit_arena_reset();
}

/* The diagnostic's own code beats a Status field that only gives a class. */
void
test_parse_status_choice(void)
{
	static const char msg[] =
	"From: MAILER-DAEMON@example.org\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=q\n"
	"\n"
	"--q\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Final-Recipient: rfc822; uma@example.com\n"
	"Action: failed\n"
	"Status: 5.0.0\n"
	"Diagnostic-Code: smtp; 550 5.7.1 Relaying denied\n"
	"\n"
	"Final-Recipient: rfc822; walt@example.com\n"
	"Action: failed\n"
	"Status: 5.0.0\n"
	"Diagnostic-Code: X-Unix; 255\n"
	"--q--\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(msg, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 2);
	if (res.nrcpts == 2)
	{
		CHECK_STR_EQ(status_str(&res.rcpts[0]), "5.7.1");
		CHECK_INT_EQ(res.rcpts[0].reply_code, 550);
		CHECK_STR_EQ(status_str(&res.rcpts[1]), "5.0.0");
		CHECK_INT_EQ(res.rcpts[1].reply_code, 0);
		CHECK_STR_EQ(res.rcpts[1].diagnostic, "X-Unix; 255");
	}
	unit_arena_reset();
}

/* Sendmail's transcript without a delivery-status part. */
void
test_parse_sendmail(void)
{
	static const char msg[] =
	"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\n"
	"Subject: Returned mail: User unknown\n"
	"\n"
	"   ----- Transcript of session follows -----\n"
	"... while talking to mx.example.com.:\n"
	">>> RCPT To:<heidi@example.com>\n"
	"<<< 550 5.1.1 <heidi@example.com>... User unknown\n"
	"550 5.1.1 <heidi@example.com>... User unknown\n"
	"\n"
	"   ----- Unsent message follows -----\n"
	"To: heidi@example.com\n"
	"550 5.1.1 <ivan@example.com>... User unknown\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(msg, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	CHECK_STR_EQ(res.format, "sendmail");
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "heidi@example.com");
		CHECK_STR_EQ(res.rcpts[0].smtp_command, "RCPT");
		CHECK_STR_EQ(res.rcpts[0].remote_mta, "mx.example.com");
		CHECK_INT_EQ(res.rcpts[0].reply_code, 550);
		CHECK_STR_EQ(status_str(&res.rcpts[0]), "5.1.1");
		CHECK_STR_EQ(res.rcpts[0].diagnostic,
					 "550 5.1.1 <heidi@example.com>... User unknown");
	}
	unit_arena_reset();
}

/* qmail's notice. */
void
test_parse_qmail(void)
{
	static const char msg[] =
	"From: MAILER-DAEMON@mail.example.org\n"
	"Subject: failure notice\n"
	"\n"
	"Hi. This is the qmail-send program at mail.example.org.\n"
	"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
	"This is a permanent error; I've given up. Sorry it didn't work out.\n"
	"\n"
	"<judy@example.com>:\n"
	"192.0.2.9 does not like recipient.\n"
	"Remote host said: 550 5.1.1 No such user\n"
	"Giving up on 192.0.2.9.\n"
	"\n"
	"<mallory@example.com>:\n"
	"Sorry, no mailbox here by that name. (#5.1.1)\n"
	"\n"
	"--- Below this line is a copy of the message.\n"
	"\n"
	"<oscar@example.com>:\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(msg, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 2);
	CHECK_STR_EQ(res.format, "qmail");
	if (res.nrcpts == 2)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "judy@example.com");
		CHECK_INT_EQ(res.rcpts[0].reply_code, 550);
		CHECK_STR_EQ(res.rcpts[0].diagnostic,
					 "550 5.1.1 No such user Giving up on 192.0.2.9.");
		CHECK_STR_EQ(res.rcpts[1].recipient, "mallory@example.com");
		CHECK_STR_EQ(status_str(&res.rcpts[1]), "5.1.1");
		CHECK_INT_EQ(res.rcpts[1].reply_code, 0);
	}
	unit_arena_reset();
}

/* Gmail's old plain-text notices, permanent and delayed. */
void
test_parse_gmail(void)
{
	static const char failed[] =
	"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
	"Subject: Delivery Status Notification (Failure)\n"
	"\n"
	"Delivery to the following recipient failed permanently:\n"
	"\n"
	"     peggy@example.com\n"
	"\n"
	"Technical details of permanent failure:\n"
	"Google tried to deliver your message, but it was rejected by the server.\n"
	"The error that the other server returned was:\n"
	"550 5.1.1 <peggy@example.com>... User Unknown\n"
	"\n"
	"----- Original message -----\n";
	static const char delayed[] =
	"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
	"Subject: Delivery Status Notification (Delay)\n"
	"\n"
	"Delivery to the following recipient has been delayed:\n"
	"\n"
	"     trent@example.com\n"
	"\n"
	"Technical details of temporary failure:\n"
	"The recipient server did not accept our requests to connect.\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(failed, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	CHECK_STR_EQ(res.format, "gmail");
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "peggy@example.com");
		CHECK_STR_EQ(res.rcpts[0].diagnostic,
					 "550 5.1.1 <peggy@example.com>... User Unknown");
		CHECK_INT_EQ(res.rcpts[0].reply_code, 550);
	}
	CHECK_INT_EQ(parse_str(delayed, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_INT_EQ(res.rcpts[0].action, BNC_ACTION_DELAYED);
		CHECK_STR_EQ(status_str(&res.rcpts[0]), "4.0.0");
	}
	unit_arena_reset();
}

/* Feedback reports and automatic replies. */
void
test_parse_arf_vacation(void)
{
	static const char arf[] =
	"From: fbl@example.net\n"
	"Subject: complaint\n"
	"Content-Type: multipart/report; report-type=feedback-report; boundary=\"f\"\n"
	"\n"
	"--f\n"
	"Content-Type: text/plain\n"
	"\n"
	"An abuse report.\n"
	"--f\n"
	"Content-Type: message/feedback-report\n"
	"\n"
	"Feedback-Type: Abuse\n"
	"Version: 1\n"
	"Original-Rcpt-To: <quinn@example.com>\n"
	"Original-Rcpt-To: rupert@example.com\n"
	"--f\n"
	"Content-Type: message/rfc822\n"
	"\n"
	"From: news@example.org\n"
	"To: quinn@example.com\n"
	"\n"
	"Buy now.\n"
	"--f--\n";
	static const char away[] =
	"From: Sybil <sybil@Example.COM>\n"
	"To: sender@example.org\n"
	"Subject: Out of Office: meeting\n"
	"Auto-Submitted: auto-replied\n"
	"\n"
	"I am away until Monday.\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(arf, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 2);
	CHECK_STR_EQ(res.format, "arf");
	if (res.nrcpts == 2)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "quinn@example.com");
		CHECK_STR_EQ(res.rcpts[1].recipient, "rupert@example.com");
		CHECK_INT_EQ(res.rcpts[0].reason, BNC_R_feedback);
		CHECK_STR_EQ(res.rcpts[0].feedback_type, "abuse");
		CHECK_INT_EQ(res.rcpts[0].status.cls, 0);
		CHECK_INT_EQ(res.rcpts[0].action, BNC_ACTION_NONE);
	}
	CHECK_INT_EQ(parse_str(away, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	CHECK_STR_EQ(res.format, "rfc3834");
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "sybil@example.com");
		CHECK_INT_EQ(res.rcpts[0].reason, BNC_R_vacation);
		CHECK_INT_EQ(res.rcpts[0].hard, 0);
	}
	unit_arena_reset();
}

/* Messages that are not bounces, not messages, or hostile. */
void
test_parse_rejects(void)
{
	static const char plain[] =
	"From: Alice <alice@example.com>\n"
	"To: bob@example.com\n"
	"Subject: =?UTF-8?B?bHVuY2g=?= tomorrow\n"
	"\n"
	"<carol@example.com>: see you at noon. 550 reasons.\n";
	static const char garbage[] = "\x01\x02\xff\xfe\x00zz:\n\x80\x81";
	bnc_result	res;
	char		bin[512];
	int			i;

	CHECK_INT_EQ(parse_str(plain, &res), BNC_PARSE_NOT_BOUNCE);
	CHECK_INT_EQ(res.nrcpts, 0);
	CHECK_INT_EQ(parse_str("just some words\nand more\n", &res),
				 BNC_PARSE_NOT_MESSAGE);
	CHECK_INT_EQ(res.nrcpts, 0);
	CHECK_INT_EQ(bnc_parse("", 0, unit_arena(), &res), BNC_PARSE_NOT_MESSAGE);
	CHECK_INT_EQ(bnc_parse(NULL, 0, unit_arena(), &res),
				 BNC_PARSE_NOT_MESSAGE);
	CHECK_INT_EQ(bnc_parse(garbage, sizeof(garbage) - 1, unit_arena(), &res),
				 BNC_PARSE_NOT_MESSAGE);
	for (i = 0; i < (int) sizeof(bin); i++)
		bin[i] = (char) ((i * 131 + 7) & 0xFF);
	memcpy(bin, "X: y\n\n", 6);
	CHECK_INT_EQ(bnc_parse(bin, sizeof(bin), unit_arena(), &res),
				 BNC_PARSE_NOT_BOUNCE);

	/* every prefix of a report parses without reading past its end */
	for (i = 0; i < (int) sizeof(dsn_two) - 1; i += 7)
	{
		char	   *cut = malloc(i + 1);

		memcpy(cut, dsn_two, i);
		bnc_parse(cut, i, unit_arena(), &res);
		CHECK(res.nrcpts <= 2);
		free(cut);
	}
	unit_arena_reset();
}

/* A report nested deeper than BNC_MAX_MIME_DEPTH is not read. */
void
test_parse_deep(void)
{
	static const char dsn[] =
	"Content-Type: message/delivery-status\n\n"
	"Final-Recipient: rfc822; victor@example.com\nAction: failed\n"
	"Status: 5.1.1\n";
	char	   *buf;
	size_t		n = 0;
	int			depth;
	int			levels[2] = {BNC_MAX_MIME_DEPTH - 1, BNC_MAX_MIME_DEPTH + 5};
	int			k;

	for (k = 0; k < 2; k++)
	{
		bnc_result	res;

		buf = malloc(200000);
		n = (size_t) sprintf(buf, "From: a@example.org\n");
		for (depth = 0; depth < levels[k]; depth++)
			n += (size_t) sprintf(buf + n,
								  "Content-Type: multipart/mixed; boundary=\"d%d\"\n\n--d%d\n",
								  depth, depth);
		n += (size_t) sprintf(buf + n, "%s", dsn);
		CHECK_INT_EQ(bnc_parse(buf, n, unit_arena(), &res),
					 k == 0 ? BNC_PARSE_OK : BNC_PARSE_NOT_BOUNCE);
		free(buf);
	}
	unit_arena_reset();
}

/* Helpers: codes, commands, addresses and dates from text. */
void
test_parse_text(void)
{
	static const char d1[] = "550 5.1.1 <a@example.com>: Recipient address rejected";
	static const char d2[] = "smtp; 550-5.1.1 The email account that you tried to reach";
	static const char d3[] = "host 192.0.2.22 [192.0.2.22] refused, Exim 4.72";
	bnc_status	st;
	int64_t		t;
	char	   *dom;

	CHECK_INT_EQ(bnc_find_reply(d1, strlen(d1)), 550);
	CHECK(bnc_find_status(d1, strlen(d1), &st));
	CHECK_INT_EQ(st.cls * 10000 + st.subject * 100 + st.detail, 50101);
	CHECK_INT_EQ(bnc_find_reply(d2, strlen(d2)), 550);
	CHECK(bnc_find_status(d2, strlen(d2), &st));
	CHECK_INT_EQ(st.subject, 1);
	CHECK_INT_EQ(bnc_find_reply(d3, strlen(d3)), 0);
	CHECK(!bnc_find_status(d3, strlen(d3), &st));
	CHECK_STR_EQ(bnc_find_command("(in reply to end of DATA command)", 33),
				 "DATA");
	CHECK_STR_EQ(bnc_find_command("after RCPT TO:<a@example.com>", 29),
				 "RCPT");
	CHECK(bnc_find_command("Mail from x rejected", 20) == NULL);

	CHECK_STR_EQ(bnc_addr_normalize(unit_arena(), " rfc822; <Jo.Doe@Mail.Example.COM> ",
									35, &dom), "Jo.Doe@mail.example.com");
	CHECK_STR_EQ(dom, "mail.example.com");
	CHECK(bnc_addr_normalize(unit_arena(), "rfc822;", 7, &dom) == NULL);

	CHECK(bnc_parse_date("Thu, 29 Apr 2013 23:45:32 +0900 (JST)", 37, &t));
	CHECK_INT_EQ(t, 1367246732);
	CHECK(bnc_parse_date("29 Apr 13 14:45:32 GMT", 22, &t));
	CHECK_INT_EQ(t, 1367246732);
	CHECK(bnc_parse_date("Mon, 29 Apr 2013 07:45:32 PDT", 29, &t));
	CHECK_INT_EQ(t, 1367246732);
	CHECK(bnc_parse_date("Thu, 1 Jan 70 00:00:00 -0000", 28, &t));
	CHECK_INT_EQ(t, 0);
	CHECK(!bnc_parse_date("yesterday", 9, &t));
	CHECK(!bnc_parse_date("Thu, 29 Foo 2013 23:45:32", 25, &t));
	unit_arena_reset();
}

/*
 * A message returned inside a plain-text notice: the sentences of another
 * format quoted in its body do not decide the format, report fields
 * written as text end where its header block begins, and a notice that
 * forwards a bounce is still read as that bounce.
 */
void
test_parse_returned_notice(void)
{
	static const char quoting[] =
	"From: MAILER-DAEMON@mail.example.org\n"
	"Subject: failure notice\n"
	"\n"
	"Hi. This is the qmail-send program at mail.example.org.\n"
	"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
	"This is a permanent error; I've given up. Sorry it didn't work out.\n"
	"\n"
	"<judy@example.com>:\n"
	"Sorry, no mailbox here by that name. (#5.1.1)\n"
	"\n"
	"--- Below this line is a copy of the message.\n"
	"\n"
	"Received: from desk.example.net (desk.example.net [192.0.2.20])\n"
	"\tby mail.example.org; Tue, 1 Dec 2026 10:00:00 +0000\n"
	"From: Nina <nina@example.net>\n"
	"To: judy@example.com\n"
	"Subject: what our server sent me\n"
	"Message-ID: <q1@example.net>\n"
	"\n"
	"This is the mail system at host mx.example.net.\n"
	"\n"
	"I'm sorry to have to inform you that your message could not\n"
	"be delivered to one or more recipients.\n"
	"\n"
	"<kim@example.com>: host mx.example.com[192.0.2.7] said: 550 5.1.1\n"
	"    mailbox unavailable (in reply to RCPT TO command)\n";
	static const char fields[] =
	"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\n"
	"Subject: Returned mail: see transcript for details\n"
	"\n"
	"   ----- The following addresses had permanent fatal errors -----\n"
	"<leo@example.com>\n"
	"\n"
	"Reporting-MTA: dns; mx.example.org\n"
	"\n"
	"Final-Recipient: RFC822; leo@example.com\n"
	"Action: failed\n"
	"Status: 5.1.1\n"
	"Diagnostic-Code: SMTP; 550 5.1.1 <leo@example.com>... User unknown\n"
	"Return-Path: <nina@example.net>\n"
	"Received: from desk.example.net ([192.0.2.20])\n"
	"\tby mx.example.org; Tue, 1 Dec 2026 10:00:00 +0000\n"
	"X-Mailer: Example Mail 1.0\n"
	"To: leo@example.com\n"
	"Message-ID: <q2@example.net>\n";
	static const char forwarded[] =
	"From: Help Desk <help@example.org>\n"
	"Subject: Fwd: Undelivered Mail Returned to Sender\n"
	"\n"
	"Our mail server could not deliver the message below.\n"
	"\n"
	"Return-Path: <>\n"
	"Received: by mx.example.org (Postfix) id 1A2B3C\n"
	"From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
	"Subject: Undelivered Mail Returned to Sender\n"
	"\n"
	"This is the mail system at host mx.example.org.\n"
	"\n"
	"I'm sorry to have to inform you that your message could not\n"
	"be delivered to one or more recipients.\n"
	"\n"
	"<max@example.com>: host mx.example.com[192.0.2.7] said: 550 5.1.1\n"
	"    mailbox unavailable (in reply to RCPT TO command)\n";
	/* header lines before the bounce's own words: the whole text counts */
	static const char headers_first[] =
	"From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\n"
	"Subject: Mail delivery failed: returning message to sender\n"
	"\n"
	"Received: by mx.example.com with local id 1abc\n"
	"Received: from ws12.example.org by mx.example.com\n"
	"\n"
	"This message was created automatically by mail delivery software.\n"
	"\n"
	"A message that you sent could not be delivered to one or more of its\n"
	"recipients. This is a permanent error. The following address(es) failed:\n"
	"\n"
	"  bob@example.net\n"
	"    SMTP error from remote mail server after RCPT TO:<bob@example.net>:\n"
	"    550 5.1.1 User unknown\n";
	/* the returned message's boundary names a report: it is none */
	static const char boundary[] =
	"From: MAILER-DAEMON@mail.example.org\n"
	"Subject: failure notice\n"
	"\n"
	"Hi. This is the qmail-send program at mail.example.org.\n"
	"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
	"\n"
	"<judy@example.com>:\n"
	"Sorry, no mailbox here by that name. (#5.1.1)\n"
	"\n"
	"--- Below this line is a copy of the message.\n"
	"\n"
	"Received: from desk.example.net (desk.example.net [192.0.2.20])\n"
	"\tby mail.example.org; Tue, 1 Dec 2026 10:00:00 +0000\n"
	"From: Nina <nina@example.net>\n"
	"Content-Type: multipart/mixed; boundary=\"weekly-report-0042\"\n"
	"\n"
	"--weekly-report-0042\n"
	"\n"
	"This is the mail system at host mx.example.net.\n"
	"\n"
	"<kim@example.com>: host mx.example.com[192.0.2.7] said: 550 5.1.1\n"
	"    mailbox unavailable (in reply to RCPT TO command)\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(headers_first, &res), BNC_PARSE_OK);
	CHECK_STR_EQ(res.format, "exim");
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "bob@example.net");
		CHECK_STR_EQ(res.rcpts[0].smtp_command, "RCPT");
		CHECK_STR_EQ(status_str(&res.rcpts[0]), "5.1.1");
	}
	unit_arena_reset();

	CHECK_INT_EQ(parse_str(boundary, &res), BNC_PARSE_OK);
	CHECK_STR_EQ(res.format, "qmail");
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "judy@example.com");
		/* a command named in the returned message is not this failure's */
		CHECK(res.rcpts[0].smtp_command == NULL);
	}
	unit_arena_reset();

	CHECK_INT_EQ(parse_str(quoting, &res), BNC_PARSE_OK);
	CHECK_STR_EQ(res.format, "qmail");
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "judy@example.com");
		CHECK_STR_EQ(status_str(&res.rcpts[0]), "5.1.1");
		CHECK(res.rcpts[0].smtp_command == NULL);
	}
	unit_arena_reset();

	CHECK_INT_EQ(parse_str(fields, &res), BNC_PARSE_OK);
	CHECK_STR_EQ(res.format, "sendmail");
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "leo@example.com");
		CHECK_STR_EQ(status_str(&res.rcpts[0]), "5.1.1");
		CHECK(unit_pair_value(res.rcpts[0].details, res.rcpts[0].ndetails,
							  "x-mailer") == NULL);
		CHECK(unit_pair_value(res.rcpts[0].details, res.rcpts[0].ndetails,
							  "received") == NULL);
	}
	unit_arena_reset();

	CHECK_INT_EQ(parse_str(forwarded, &res), BNC_PARSE_OK);
	CHECK_STR_EQ(res.format, "postfix");
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "max@example.com");
		CHECK_STR_EQ(res.rcpts[0].smtp_command, "RCPT");
		CHECK_INT_EQ(res.rcpts[0].reply_code, 550);
	}
	unit_arena_reset();
}

/*
 * A report's record whose command is looked up in the text keeps its own
 * words and their character set: the text's (Latin-1 here) is not given
 * to an ASCII Diagnostic-Code.
 */
void
test_parse_record_charset(void)
{
	static const char msg[] =
	"From: postmaster@example.org\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=b\n"
	"\n"
	"--b\n"
	"Content-Type: text/plain; charset=iso-8859-1\n"
	"Content-Transfer-Encoding: 8bit\n"
	"\n"
	"Le message n'a pas pu \xeatre remis \xe0 :\n"
	"<olga@example.com>: 550 5.1.1 destinataire inconnu, d\xe9sol\xe9\n"
	"    (in reply to RCPT TO command)\n"
	"--b\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Final-Recipient: rfc822; olga@example.com\n"
	"Action: failed\n"
	"Status: 5.1.1\n"
	"Diagnostic-Code: smtp; 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found\n"
	"--b--\n";
	/* a record with no reply code: its words are looked up as well */
	static const char no_reply[] =
	"From: postmaster@example.org\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=b\n"
	"\n"
	"--b\n"
	"Content-Type: text/plain; charset=iso-8859-1\n"
	"Content-Transfer-Encoding: 8bit\n"
	"\n"
	"<olga@example.com>: domaine introuvable, d\xe9sol\xe9\n"
	"    (in reply to RCPT TO command)\n"
	"--b\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Final-Recipient: rfc822; olga@example.com\n"
	"Action: failed\n"
	"Status: 5.4.4\n"
	"Diagnostic-Code: X-Postfix; Host or domain name not found\n"
	"--b--\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(msg, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].diagnostic,
					 "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found");
		CHECK(res.rcpts[0].charset == NULL);
		CHECK_STR_EQ(res.rcpts[0].smtp_command, "RCPT");
		CHECK_INT_EQ(res.rcpts[0].reply_code, 550);
	}
	unit_arena_reset();

	CHECK_INT_EQ(parse_str(no_reply, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].diagnostic,
					 "X-Postfix; Host or domain name not found");
		CHECK(res.rcpts[0].charset == NULL);
		CHECK_STR_EQ(res.rcpts[0].smtp_command, "RCPT");
	}
	unit_arena_reset();
}

/*
 * Sendmail's list of fatal errors notes under an address the alias it was
 * expanded from; that note names no other recipient.  Under a program or
 * file entry, which names no address, it names the recipient.
 */
void
test_parse_sendmail_expanded(void)
{
	static const char msg[] =
	"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\n"
	"Subject: Returned mail: see transcript for details\n"
	"\n"
	"   ----- The following addresses had permanent fatal errors -----\n"
	"pat@example.com\n"
	"    (reason: 553 Sender Policy Framework (SPF) fail)\n"
	"    (expanded from: <Pat.Lee@example.net>)\n"
	"\n"
	"   ----- Transcript of session follows -----\n"
	"... while talking to mx.example.com.:\n"
	">>> DATA\n"
	"<<< 553 Sender Policy Framework (SPF) fail\n";
	static const char program[] =
	"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\n"
	"Subject: Returned mail: see transcript for details\n"
	"\n"
	"   ----- The following addresses had permanent fatal errors -----\n"
	"<bob@example.net>\n"
	"    (reason: 550 5.1.1 User unknown)\n"
	"\"|/usr/local/bin/procmail -t\"\n"
	"    (reason: 554 5.3.0 unknown mailer error 73)\n"
	"    (expanded from: <carl@example.net>)\n"
	"\n"
	"   ----- Original message follows -----\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(msg, &res), BNC_PARSE_OK);
	CHECK_STR_EQ(res.format, "sendmail");
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "pat@example.com");
		CHECK_INT_EQ(res.rcpts[0].reply_code, 553);
		CHECK_STR_EQ(res.rcpts[0].diagnostic,
					 "553 Sender Policy Framework (SPF) fail");
		CHECK_STR_EQ(bnc_reason_name(res.rcpts[0].reason), "authfailure");
	}
	unit_arena_reset();

	CHECK_INT_EQ(parse_str(program, &res), BNC_PARSE_OK);
	CHECK_STR_EQ(res.format, "sendmail");
	CHECK_INT_EQ(res.nrcpts, 2);
	if (res.nrcpts == 2)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "bob@example.net");
		CHECK_STR_EQ(bnc_reason_name(res.rcpts[0].reason), "userunknown");
		CHECK_STR_EQ(res.rcpts[1].recipient, "carl@example.net");
		CHECK_STR_EQ(res.rcpts[1].diagnostic,
					 "554 5.3.0 unknown mailer error 73");
		CHECK_STR_EQ(bnc_reason_name(res.rcpts[1].reason), "mailererror");
	}
	unit_arena_reset();
}

/*
 * A report record whose Final-Recipient is a server's local name ("LOCAL;
 * <ann>") or an X.400 address is about its Original-Recipient; the
 * human-readable text gives the words, the quote around the address left
 * out.
 */
void
test_parse_original_recipient(void)
{
	static const char msg[] =
	"From: <MAILER-DAEMON@mail.example.org>\n"
	"Subject: Undeliverable mail: hello\n"
	"Content-Type: multipart/report; report-type=delivery-status; boundary=r\n"
	"\n"
	"--r\n"
	"Content-Type: text/plain\n"
	"\n"
	"Failed to deliver to '<rita@example.org>'\n"
	"LOCAL module(account rita) reports:\n"
	" account is full (quota exceeded)\n"
	"\n"
	"--r\n"
	"Content-Type: message/delivery-status\n"
	"\n"
	"Reporting-MTA: dns; mail.example.org\n"
	"\n"
	"Original-Recipient: rfc822;<rita@example.org>\n"
	"Final-Recipient: LOCAL;<rita>\n"
	"Action: failed\n"
	"Status: 5.0.0\n"
	"\n"
	"Original-Recipient: rfc822; sam@example.org\n"
	"Final-Recipient: LOCAL; sam\n"
	"Action: failed\n"
	"Status: 5.1.1\n"
	"\n"
	"--r--\n";
	bnc_result	res;

	CHECK_INT_EQ(parse_str(msg, &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 2);
	if (res.nrcpts == 2)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "rita@example.org");
		CHECK_STR_EQ(res.rcpts[0].diagnostic,
					 "LOCAL module(account rita) reports: account is full (quota exceeded)");
		CHECK_STR_EQ(bnc_reason_name(res.rcpts[0].reason), "mailboxfull");
		CHECK_STR_EQ(res.rcpts[1].recipient, "sam@example.org");
		CHECK_STR_EQ(res.rcpts[1].domain, "example.org");
	}
	unit_arena_reset();
}
