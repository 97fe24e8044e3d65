/*-------------------------------------------------------------------------
 *
 * test_rhost.c
 *		Unit tests of the receiving-provider rules: how a provider is
 *		recognised, what its own codes and phrases mean, and how the parse
 *		driver puts them before the generic classifier.
 *
 * test/unit/test_rhost.c
 *
 *-------------------------------------------------------------------------
 */
#include "unit.h"
#include "rhost.h"

/* One case: the failure as the driver sees it and the verdict wanted. */
typedef struct rhost_case
{
	const char *remote;			/* remote MTA or NULL */
	const char *reporting;		/* reporting MTA or NULL */
	const char *domain;			/* recipient domain or NULL */
	const char *status;			/* "c.s.d" or NULL */
	const char *command;		/* or NULL */
	const char *text;			/* diagnostic */
	const char *provider;		/* provider name or NULL */
	const char *reason;			/* reason name, or NULL for no verdict */
} rhost_case;

/* Run one case through bnc_rhost_provider and bnc_rhost_reason. */
static void
check_case(const rhost_case *c, int i)
{
	bnc_status	st = {0, 0, 0};
	bnc_evidence ev;
	bnc_rhost_input in;
	const char *prov;
	int			r;
	char		msg[512];

	if (c->status != NULL)
		sscanf(c->status, "%d.%d.%d", &st.cls, &st.subject, &st.detail);
	ev.status = &st;
	ev.status_given = c->status != NULL;
	ev.reply_code = 0;
	ev.text = c->text;
	ev.textlen = c->text ? strlen(c->text) : 0;
	ev.command = c->command;
	in.ev = &ev;
	in.remote_mta = c->remote;
	in.reporting_mta = c->reporting;
	in.rcpt_domain = c->domain;

	prov = bnc_rhost_provider(&in);
	r = bnc_rhost_reason(&in, unit_arena());
	unit_checks++;
	if ((prov == NULL) != (c->provider == NULL) ||
		(prov != NULL && strcmp(prov, c->provider) != 0) ||
		(r < 0) != (c->reason == NULL) ||
		(r >= 0 && strcmp(bnc_reason_name((bnc_reason) r), c->reason) != 0))
	{
		snprintf(msg, sizeof(msg), "case %d (%s): got %s/%s, want %s/%s",
				 i, c->text, prov ? prov : "-",
				 r >= 0 ? bnc_reason_name((bnc_reason) r) : "-",
				 c->provider ? c->provider : "-",
				 c->reason ? c->reason : "-");
		unit_fail(__FILE__, __LINE__, msg);
	}
	unit_arena_reset();
}

/* Recognising the provider: host, marker, reporting host, domain. */
void
test_rhost_provider(void)
{
	static const rhost_case cases[] = {
		/* the remote host, by suffix on a label boundary */
		{"gmail-smtp-in.l.google.com", NULL, NULL, NULL, NULL,
		"550 5.1.1 no", "google", NULL},
		{"mx.notgoogle.com", NULL, NULL, NULL, NULL, "550 no", NULL, NULL},
		{"lsean.ezweb.ne.jp. (203.0.113.8, the server for the domain)",
			NULL, NULL, NULL, NULL, "550 no", "kddi", NULL},
		{"EXAMPLE-COM.mail.protection.outlook.com", NULL, NULL, NULL, NULL,
		"550 no", "microsoft", NULL},
		/* an address literal is no host: the marker speaks */
		{"[192.0.2.5]", NULL, NULL, NULL, NULL,
			"421 4.7.0 Try again later, closing connection. a1si2 - gsmtp",
		"google", NULL},
		/* the reporting host, only when no remote host is known */
		{NULL, "omr-m01.mx.aol.com", NULL, NULL, NULL, "5.4.4 no",
		"aol", NULL},
		{"mx.example.net", "omr-m01.mx.aol.com", NULL, NULL, NULL,
		"5.4.4 no", NULL, NULL},
		/* the recipient's domain, for the providers that list theirs */
		{NULL, NULL, "docomo.ne.jp", NULL, NULL, "550 no", "docomo", NULL},
		{NULL, NULL, "sub.docomo.ne.jp", NULL, NULL, "550 no", NULL, NULL},
		{NULL, NULL, "example.org", NULL, NULL, "550 no", NULL, NULL},
	};
	int			i;

	for (i = 0; i < (int) (sizeof(cases) / sizeof(cases[0])); i++)
		check_case(&cases[i], i);
}

/* What the providers' own codes and phrases mean. */
void
test_rhost_rules(void)
{
	static const rhost_case cases[] = {
		/* Google's fixed wording, folded over reply lines */
		{"aspmx.l.google.com", NULL, NULL, "5.2.1", NULL,
			"550-5.2.1 The email account that you tried to reach is\n"
			"550 5.2.1 disabled. Learn more at https://support.google.com",
		"google", "suspend"},
		{"aspmx.l.google.com", NULL, NULL, "5.7.1", NULL,
			"550 5.7.1 IP not in whitelist for RCPT domain, closing connection",
		"google", "blocked"},
		/* Microsoft: banned sending IP by code range and by wording */
		{"example-net.mail.protection.outlook.com", NULL, NULL, "5.7.606",
			NULL, "550 5.7.606 Access denied, banned sending IP [192.0.2.1]",
		"microsoft", "blocked"},
		{NULL, NULL, "hotmail.com", "5.7.633", NULL, "550 5.7.633 Denied",
		"microsoft", "blocked"},
		{NULL, "BAY004-MC1.hotmail.com", NULL, "5.5.0", NULL,
			"550 Requested action not taken: mailbox unavailable",
		"microsoft", "userunknown"},
		/* 5.4.1 from directory-based edge blocking: no such recipient */
		{"example-net.mail.protection.outlook.com", NULL, NULL, "5.4.1",
			"RCPT", "550 5.4.1 Recipient address rejected: Access denied.",
		"microsoft", "userunknown"},
		{"mx.example.net", NULL, NULL, "4.7.650", NULL,
			"451 4.7.650 The mail server [192.0.2.3] has been temporarily "
			"rate limited due to IP reputation. (prod.outlook.com)",
		"microsoft", "badreputation"},
		/* Yahoo's bracketed codes */
		{"mta5.am0.yahoodns.net", NULL, NULL, "4.7.0", "MAIL",
			"421 4.7.0 [TSS04] Messages from 192.0.2.9 temporarily deferred",
		"yahoo", "badreputation"},
		{"mta5.am0.yahoodns.net", NULL, NULL, "5.7.1", NULL,
			"553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.9",
		"yahoo", "blocked"},
		/* AOL's relay: an MX that cannot be used means no mail is taken */
		{NULL, "omr-m01.mx.aol.com", "example.org", "5.4.4", NULL,
			"X-Outbound-Mail-Relay; Name service error for name=example.org "
			"type=MX: Malformed or unexpected name server reply",
		"aol", "notaccept"},
		/* Orange's numbered codes, in both of their forms */
		{"smtp-in.orange.fr", NULL, NULL, "5.0.0", NULL,
			"550 mwinf5c10 ME Adresse IP source bloquee pour incident de "
			"spam. Client host blocked for spamming issues. OFR006_102 [102]",
		"orange", "blocked"},
		{"smtpz4.laposte.net", NULL, NULL, "5.5.0", "RCPT",
			"550 5.5.0 Le compte du destinataire est bloque. The recipient "
			"account is blocked. LPN007_426",
		"orange", "suspend"},
		{"smtp-in.orange.fr", NULL, NULL, "5.2.0", "DATA",
			"550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]",
		"orange", "spamdetected"},
		{"smtp-in.orange.fr", NULL, NULL, "5.7.1", NULL,
			"554 5.7.1 Client host rejected: lpn LPN000_001", "orange", NULL},
		/* Spectrum's AUP numbers */
		{NULL, NULL, "charter.net", "5.1.0", NULL,
			"550 5.1.0 sender rejected. Please see https://www.spectrum.net/"
			"support for more information. AUP#In-1310",
		"spectrum", "toomanyconn"},
		{NULL, NULL, "charter.net", "5.7.1", NULL,
			"554 5.7.1 Your IP address has been blocked. AUP#I-1000",
		"spectrum", "blocked"},
		/* Cox's AUP names */
		{"mx.west.cox.net", NULL, NULL, "5.7.1", NULL,
			"554 cox.net rejected: connection refused from [192.0.2.4]. "
			"AUP#CXBL", "cox", "blocked"},
		/* docomo: one reply, two meanings by stage */
		{"mfsmax.docomo.ne.jp", NULL, NULL, "5.0.0", "DATA",
		"550 Unknown user kim@docomo.ne.jp", "docomo", "rejected"},
		{"mfsmax.docomo.ne.jp", NULL, NULL, "5.0.0", "RCPT",
		"550 Unknown user kim@docomo.ne.jp", "docomo", "userunknown"},
		{"mfsmax.docomo.ne.jp", NULL, NULL, "5.0.0", NULL,
		"550 Unknown user kim@docomo.ne.jp", "docomo", NULL},
		/* GoDaddy and Tencent */
		{"p3plibsmtp01.prod.phx3.secureserver.net", NULL, NULL, "5.1.1",
			"RCPT", "550 5.1.1 <a@example.com> 192.0.2.1 has sent to too "
			"many recipients this hour. IB607", "godaddy", "speeding"},
		{"mx3.qq.com", NULL, NULL, "5.0.0", "DATA",
			"550 Ip frequency limited [abc Blocked IP 192.0.2.22]",
		"tencent", "toomanyconn"},
		/* a provider recognised, but none of its rules speaks */
		{"aspmx.l.google.com", NULL, NULL, "5.1.1", NULL,
		"550 5.1.1 nothing of note", "google", NULL},
	};
	int			i;

	for (i = 0; i < (int) (sizeof(cases) / sizeof(cases[0])); i++)
		check_case(&cases[i], i);
}

/* Parse one message and return its first row, or NULL. */
static const bnc_recipient *
first_row(const char *msg, bnc_result *res)
{
	if (bnc_parse(msg, strlen(msg), unit_arena(), res) != BNC_PARSE_OK ||
		res->nrcpts < 1)
		return NULL;
	return &res->rcpts[0];
}

/* A minimal RFC 3464 report around one per-recipient block. */
#define REPORT(block) \
	"From: MAILER-DAEMON@mx.example.com\n" \
	"To: ann@example.com\n" \
	"Subject: Delivery Status Notification\n" \
	"MIME-Version: 1.0\n" \
	"Content-Type: multipart/report; report-type=delivery-status;" \
	" boundary=\"b1\"\n" \
	"\n" \
	"--b1\n" \
	"Content-Type: text/plain\n" \
	"\n" \
	"Your message could not be delivered.\n" \
	"--b1\n" \
	"Content-Type: message/delivery-status\n" \
	"\n" \
	"Reporting-MTA: dns; mx.example.com\n" \
	"\n" \
	block \
	"--b1--\n"

/* The driver: provider rules first, delayed means expired, undefined. */
void
test_rhost_driver(void)
{
	static const char docomo[] = REPORT(
		"Final-Recipient: rfc822; kim@docomo.ne.jp\n"
		"Action: failed\n"
		"Status: 5.0.0\n"
		"Remote-MTA: dns; mfsmax.docomo.ne.jp\n"
		"Diagnostic-Code: smtp; 550 Unknown user kim@docomo.ne.jp"
		" (in reply to end of DATA command)\n"
		"\n");
	static const char delayed[] = REPORT(
		"Final-Recipient: rfc822; bob@example.net\n"
		"Action: delayed\n"
		"Status: 4.4.0\n"
		"\n");
	static const char delayed_full[] = REPORT(
		"Final-Recipient: rfc822; bob@example.net\n"
		"Action: delayed\n"
		"Status: 4.2.2\n"
		"\n");
	static const char bare[] = REPORT(
		"Final-Recipient: rfc822; bob@example.net\n"
		"Action: failed\n"
		"\n");
	bnc_result	res;
	const bnc_recipient *r;

	r = first_row(docomo, &res);
	CHECK(r != NULL);
	if (r != NULL)
	{
		CHECK_STR_EQ(bnc_reason_name(r->reason), "rejected");
		CHECK_INT_EQ(r->hard, 0);
	}

	/* a delay with only a generic code is reported as expired */
	r = first_row(delayed, &res);
	CHECK(r != NULL);
	if (r != NULL)
		CHECK_STR_EQ(bnc_reason_name(r->reason), "expired");

	/* but a specific code still names the cause */
	r = first_row(delayed_full, &res);
	CHECK(r != NULL);
	if (r != NULL)
		CHECK_STR_EQ(bnc_reason_name(r->reason), "mailboxfull");

	/* a failure with no code and no words: the default class is no clue */
	r = first_row(bare, &res);
	CHECK(r != NULL);
	if (r != NULL)
	{
		CHECK_STR_EQ(bnc_reason_name(r->reason), "undefined");
		CHECK_INT_EQ(r->status.cls, 5);
	}
	unit_arena_reset();
}
