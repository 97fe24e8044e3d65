/*-------------------------------------------------------------------------
 *
 * test_classify.c
 *		Unit tests of the reason classifier: names, the hard/soft rule, the
 *		phrase table, text normalisation and the precedence of evidence.
 *
 * test/unit/test_classify.c
 *
 *-------------------------------------------------------------------------
 */
#include "unit.h"
#include "phrase.h"

/* One classification case: evidence and the reason expected from it. */
typedef struct classify_case
{
	const char *status;			/* "c.s.d" or NULL */
	int			reply;
	const char *command;		/* or NULL */
	const char *text;			/* or NULL */
	const char *expect;			/* reason name */
} classify_case;

/* Classify one case and return the reason's name. */
static const char *
classify_name(const char *status, int reply, const char *command,
			  const char *text)
{
	bnc_status	st = {0, 0, 0};

	if (status != NULL)
		sscanf(status, "%d.%d.%d", &st.cls, &st.subject, &st.detail);
	return bnc_reason_name(bnc_classify(&st, reply, text,
										text ? strlen(text) : 0, command));
}

/* Check every case of a table, reporting the failing text. */
static void
check_cases(const classify_case *cases, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		const classify_case *c = &cases[i];
		const char *got = classify_name(c->status, c->reply, c->command,
										c->text);

		unit_checks++;
		if (got == NULL || strcmp(got, c->expect) != 0)
		{
			char		msg[512];

			snprintf(msg, sizeof(msg), "case %d (%s): got %s, want %s",
					 (int) i, c->text ? c->text : "(no text)",
					 got ? got : "(null)", c->expect);
			unit_fail(__FILE__, __LINE__, msg);
		}
	}
}

/* Reason names, their round trip, and action names. */
void
test_classify_names(void)
{
	int			i;

	for (i = 0; i < (int) BNC_REASON_COUNT; i++)
	{
		const char *name = bnc_reason_name((bnc_reason) i);

		CHECK(name != NULL);
		if (name != NULL)
			CHECK_INT_EQ(bnc_reason_from_name(name, strlen(name)), i);
	}
	CHECK_STR_EQ(bnc_reason_name(BNC_R_authfailure), "authfailure");
	CHECK_STR_EQ(bnc_reason_name(BNC_R_userunknown), "userunknown");
	CHECK_STR_EQ(bnc_reason_name(BNC_R_virusdetected), "virusdetected");
	CHECK(bnc_reason_name(BNC_REASON_COUNT) == NULL);
	CHECK(bnc_reason_name((bnc_reason) -1) == NULL);

	/* the length bounds the name; no prefix or case folding */
	CHECK_INT_EQ(bnc_reason_from_name("userunknownXYZ", 11),
				 BNC_R_userunknown);
	CHECK_INT_EQ(bnc_reason_from_name("userunknown", 4), -1);
	CHECK_INT_EQ(bnc_reason_from_name("UserUnknown", 11), -1);
	CHECK_INT_EQ(bnc_reason_from_name("", 0), -1);
	CHECK_INT_EQ(bnc_reason_from_name(NULL, 0), -1);
	CHECK_INT_EQ(bnc_reason_from_name("nosuchreason", 12), -1);

	CHECK_STR_EQ(bnc_action_name(BNC_ACTION_FAILED), "failed");
	CHECK_STR_EQ(bnc_action_name(BNC_ACTION_DELAYED), "delayed");
	CHECK_STR_EQ(bnc_action_name(BNC_ACTION_DELIVERED), "delivered");
	CHECK_STR_EQ(bnc_action_name(BNC_ACTION_RELAYED), "relayed");
	CHECK_STR_EQ(bnc_action_name(BNC_ACTION_EXPANDED), "expanded");
	CHECK(bnc_action_name(BNC_ACTION_NONE) == NULL);
}

/* Hard bounces: gone mailboxes and domains, permanent notaccept. */
void
test_classify_hard(void)
{
	bnc_status	perm = {5, 1, 1};
	bnc_status	temp = {4, 3, 2};
	bnc_status	none = {0, 0, 0};
	int			i;

	CHECK_INT_EQ(bnc_is_hard(BNC_R_userunknown, &perm), 1);
	CHECK_INT_EQ(bnc_is_hard(BNC_R_userunknown, NULL), 1);
	CHECK_INT_EQ(bnc_is_hard(BNC_R_hostunknown, &perm), 1);
	CHECK_INT_EQ(bnc_is_hard(BNC_R_hostunknown, &none), 1);
	CHECK_INT_EQ(bnc_is_hard(BNC_R_hasmoved, &perm), 1);
	CHECK_INT_EQ(bnc_is_hard(BNC_R_notaccept, &perm), 1);
	CHECK_INT_EQ(bnc_is_hard(BNC_R_notaccept, &temp), 0);
	CHECK_INT_EQ(bnc_is_hard(BNC_R_notaccept, &none), 1);
	CHECK_INT_EQ(bnc_is_hard(BNC_R_notaccept, NULL), 1);

	/* everything else is soft, whatever the status */
	for (i = 0; i < (int) BNC_REASON_COUNT; i++)
	{
		if (i == BNC_R_userunknown || i == BNC_R_hostunknown ||
			i == BNC_R_hasmoved || i == BNC_R_notaccept)
			continue;
		CHECK_INT_EQ(bnc_is_hard((bnc_reason) i, &perm), 0);
		CHECK_INT_EQ(bnc_is_hard((bnc_reason) i, NULL), 0);
	}
}

/* Every phrase is in normal form and, alone, finds its own reason. */
void
test_classify_phrase_table(void)
{
	size_t		n,
				i;
	const bnc_phrase *t = bnc_phrase_table(&n);

	CHECK(n > 300);
	for (i = 0; i < n; i++)
	{
		const char *p = t[i].text;
		size_t		len = strlen(p);
		size_t		j;
		int			normal = len >= 3 && p[0] != ' ' && p[len - 1] != ' ';
		bnc_phrase_hits hits;

		for (j = 0; j < len; j++)
		{
			if ((p[j] >= 'A' && p[j] <= 'Z') || p[j] == '\t' ||
				p[j] == '\n' || p[j] == '\r' ||
				(p[j] == ' ' && p[j + 1] == ' '))
				normal = 0;
		}
		if (!normal)
			unit_fail(__FILE__, __LINE__, p);
		unit_checks++;

		CHECK_INT_EQ(t[i].len, len);
		CHECK(t[i].reason < BNC_REASON_COUNT ||
			  t[i].reason == BNC_PHRASE_UNKNOWN_USER);
		CHECK(t[i].tier < BNC_TIER_COUNT);

		bnc_phrase_scan(p, len, &hits);
		unit_checks++;
		if (hits.mask[t[i].tier] != ((uint64_t) 1 << t[i].reason))
			unit_fail(__FILE__, __LINE__, p);

		/*
		 * and the classifier knows where the reason ranks; alone, with no
		 * command or code, an unknown user means what it says
		 */
		unit_checks++;
		if (bnc_classify(NULL, 0, p, len, NULL) !=
			(t[i].reason == BNC_PHRASE_UNKNOWN_USER ? BNC_R_userunknown :
			 (bnc_reason) t[i].reason))
			unit_fail(__FILE__, __LINE__, p);
		unit_checks++;
		if (t[i].reason == BNC_PHRASE_UNKNOWN_USER &&
			bnc_classify(NULL, 550, p, len, "RCPT") != BNC_R_userunknown)
			unit_fail(__FILE__, __LINE__, p);
	}
}

/* Case, folded white space, reply-code markers, apostrophes. */
void
test_classify_normalise(void)
{
	bnc_phrase_hits hits;
	const char *folded = "550 5.1.1 <kim@example.com>:\r\n\tUSER\t \r\n  Unknown";
	const char *multi = "550-5.7.1 Our system found that this message is likely\n"
		"550-5.7.1 to come from an IP with a very low\n"
		"550 5.7.1 reputation.";
	const char *quote = "This user doesn\xE2\x80\x99t have a example.net account";

	bnc_phrase_scan(folded, strlen(folded), &hits);
	CHECK(hits.mask[BNC_TIER_NORMAL] ==
		  ((uint64_t) 1 << BNC_PHRASE_UNKNOWN_USER));

	/* "very low 550 5.7.1 reputation" reads "very low reputation" */
	bnc_phrase_scan(multi, strlen(multi), &hits);
	CHECK(hits.mask[BNC_TIER_NORMAL] == ((uint64_t) 1 << BNC_R_badreputation));

	bnc_phrase_scan(quote, strlen(quote), &hits);
	CHECK(hits.mask[BNC_TIER_STRONG] == ((uint64_t) 1 << BNC_R_userunknown));

	/* a marker only counts at the start of a word */
	bnc_phrase_scan("user550-unknown", 15, &hits);
	CHECK(hits.mask[BNC_TIER_NORMAL] == 0);

	/* the length bounds the text: no match past it, no NUL needed */
	bnc_phrase_scan("mailbox full", 10, &hits);
	CHECK(hits.mask[BNC_TIER_STRONG] == 0);
	bnc_phrase_scan("Mailbox Full", 12, &hits);
	CHECK(hits.mask[BNC_TIER_STRONG] == ((uint64_t) 1 << BNC_R_mailboxfull));

	/* a phrase inside a longer one does not count on its own */
	bnc_phrase_scan("User not listed in Directory", 28, &hits);
	CHECK(hits.mask[BNC_TIER_NORMAL] == ((uint64_t) 1 << BNC_R_userunknown));
	bnc_phrase_scan("relay access denied", 19, &hits);
	CHECK(hits.mask[BNC_TIER_WEAK] == 0);
	CHECK(hits.mask[BNC_TIER_NORMAL] == ((uint64_t) 1 << BNC_R_norelaying));

	bnc_phrase_scan(NULL, 0, &hits);
	CHECK(hits.mask[0] == 0 && hits.mask[1] == 0 && hits.mask[2] == 0);
	bnc_phrase_scan("   ", 3, &hits);
	CHECK(hits.mask[0] == 0 && hits.mask[1] == 0 && hits.mask[2] == 0);
}

/* Realistic diagnostics with no code or a generic one. */
void
test_classify_text(void)
{
	static const classify_case cases[] = {
		{NULL, 550, NULL,
			"550 <ann@example.com>... User unknown", "userunknown"},
		{NULL, 550, "RCPT",
			"550 <ann@example.com>... User unknown", "userunknown"},
		{"5.0.0", 550, "RCPT", "No such user here", "userunknown"},
		{NULL, 0, NULL,
			"Sorry, no mailbox here by that name. (#5.1.1)", "userunknown"},
		{"5.0.0", 550, NULL,
			"Requested action not taken: mailbox unavailable", "userunknown"},
		{"5.7.1", 553, NULL,
			"553 Invalid recipient bob@example.net", "userunknown"},
		{"5.5.0", 550, NULL,
			"550 Recipient address rejected: User not found", "userunknown"},
		{NULL, 0, NULL,
			"Host or domain name not found. Name service error for name=example.net type=A: Host not found", "hostunknown"},
		{"5.0.0", 0, NULL, "No such domain", "hostunknown"},
		{"5.0.0", 552, NULL,
			"552 Requested mail action aborted: mailbox is full", "mailboxfull"},
		{"4.0.0", 452, NULL, "User over quota. Try again later", "mailboxfull"},
		{NULL, 0, NULL,
			"/home/ann/Maildir: Disk quota exceeded", "mailboxfull"},
		{"5.0.0", 550, NULL,
			"This account has been disabled or discontinued", "suspend"},
		{"5.0.0", 554, NULL, "554 Mailbox is frozen", "suspend"},
		{"5.7.1", 554, NULL,
			"554 5.7.1 <ann@example.com>: Relay access denied", "norelaying"},
		{"5.7.1", 554, "RCPT",
			"Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org", "blocked"},
		{"5.7.1", 550, NULL,
			"550 5.7.1 Your IP 203.0.113.9 is listed in a block list", "blocked"},
		{"4.7.1", 450, NULL,
			"450 4.7.1 Client host rejected: cannot find your hostname, [198.51.100.3]", "requireptr"},
		{"5.7.1", 550, NULL,
			"550 5.7.1 Missing reverse DNS for 198.51.100.3", "requireptr"},
		{"5.7.1", 550, NULL,
			"550 5.7.1 Message rejected: SPF check failed for example.org", "authfailure"},
		{"5.7.1", 550, NULL,
			"550 5.7.1 Unauthenticated email from example.org is not accepted due to domain's DMARC policy", "authfailure"},
		{"5.7.1", 550, NULL,
			"550 5.7.1 Message rejected due to the poor reputation of the sending IP", "badreputation"},
		{"5.7.1", 550, "DATA",
			"550 5.7.1 Message content rejected as spam", "spamdetected"},
		{"5.0.0", 550, "DATA",
			"550 Virus found in message; content rejected", "virusdetected"},
		{"5.0.0", 554, NULL,
			"554 Message rejected for policy reasons", "policyviolation"},
		{"5.0.0", 553, NULL,
			"553 Sender address rejected: Domain not found", "rejected"},
		{"5.0.0", 552, NULL,
			"552 Message size exceeds maximum message size", "mesgtoobig"},
		{"5.0.0", 554, NULL,
			"554 Transaction failed: Duplicate header 'Subject'", "notcompliantrfc"},
		{"4.0.0", 421, NULL,
			"421 Too many concurrent SMTP connections from this IP", "toomanyconn"},
		{"4.0.0", 421, NULL,
			"421 Rate limit exceeded for 192.0.2.4, slow down", "speeding"},
		{"5.0.0", 503, NULL, "503 Bad sequence of commands", "syntaxerror"},
		{"4.0.0", 452, NULL, "452 Insufficient system storage", "systemfull"},
		{"5.0.0", 554, NULL, "554 Internal error, please retry", "systemerror"},
		{"5.0.0", 530, NULL,
			"530 5.7.0 Must issue a STARTTLS command first", "securityerror"},
		{"5.0.0", 500, NULL,
			"500 Remote server does not support TLS", "failedstarttls"},
		{"5.0.0", 550, NULL, "550 Host does not accept mail", "notaccept"},
		{"4.0.0", 0, NULL,
			"DNS type 'mx' lookup of example.org: returned Null MX", "notaccept"},
		{"5.0.0", 551, NULL,
			"551 User not local; please try <ann@example.org>", "hasmoved"},
		{"4.0.0", 0, NULL,
			"Message expired: unable to deliver in 2880 minutes", "expired"},
		{"5.0.0", 0, NULL,
			"all hosts have been failing for a long time and were last tried after this message arrived", "expired"},
		/* the sender stopped retrying; a stronger cause beside it still wins */
		{"5.0.0", 0, NULL,
			"Could not deliver the message after multiple retries, giving up.", "expired"},
		{"4.0.0", 0, NULL, "Retries exhausted for mx.example.net", "expired"},
		{"5.0.0", 0, NULL,
			"Mailbox full; delivery abandoned after repeated retries", "mailboxfull"},
		{"4.0.0", 0, NULL,
			"lost connection with mx.example.net[192.0.2.1] while receiving the initial server greeting", "networkerror"},
		{"5.0.0", 0, NULL,
			"procmail: Couldn't create \"/var/mail/ann\"", "mailererror"},
		{"5.0.0", 0, NULL,
			"Message filtered by the recipient's rules", "filtered"},
		{"5.0.0", 0, NULL,
			"MIME header contains invalid binary content", "contenterror"},
		{"5.2.3", 552, NULL,
			"552 5.2.3 Message too large for this recipient", "exceedlimit"},
		{"5.0.0", 551, "RCPT",
			"551 <ann@example.com> is a deactivated mailbox", "suspend"},
		{"5.0.0", 550, "RCPT",
			"550 ** No mail box available for this user **", "userunknown"},
		{"5.0.0", 550, "RCPT",
			"550 ann@example.com is not an active address at this host", "userunknown"},
		{NULL, 0, NULL, "That's not a valid user here.", "userunknown"},
		{"5.7.1", 553, NULL,
			"553 you are trying to use me [mx.example.net] as a relay, but I have not been configured to let you do this", "norelaying"},
		{"5.7.1", 553, "RCPT",
			"553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", "norelaying"},
		{"5.7.1", 550, "DATA",
			"550 5.7.1 Message rejected as bulk email", "spamdetected"},
		{"5.7.1", 550, "DATA",
			"550 5.7.1 Sent with a mass mailer, not accepted", "spamdetected"},
		{"5.7.3", 553, "DATA",
			"553 5.7.3 content refused: dspam check failed", "spamdetected"},
		{"5.0.0", 550, NULL,
			"550 RCPT TO:<ann@example.com> max message size exceeded", "mesgtoobig"},
		{"5.0.0", 552, NULL,
			"552 Quota violation for ann@example.com", "mailboxfull"},
		{"4.0.0", 0, NULL,
			"temporary failure. Command output: /usr/local/bin/filter exited abnormally", "mailererror"},
		/* a delivery command's own words say more than that it spoke */
		{"5.1.1", 0, NULL,
			"user unknown. Command output: User doesn't exist: ann@example.com", "userunknown"},
		{"5.7.1", 554, "RCPT",
			"554 Service unavailable; Client host [192.0.2.9] blocked using bl.example.org; listed as a relay of spam", "blocked"},
		/* a DNS answer to try later is a network error, not an unknown host */
		{"5.0.0", 0, NULL,
			"Name service error for domain example.net: Host not found, try again", "networkerror"},
		/* the word spam, but not inside another word or a host name */
		{NULL, 550, NULL, "550 Probable Spam", "spamdetected"},
		{NULL, 554, NULL, "554 SPAM blocked by the gateway", "spamdetected"},
		{NULL, 550, NULL, "550 Rejected by ESETS_SMTP (spam)", "spamdetected"},
		{"5.7.1", 550, NULL,
			"550 5.7.1 Your message appears to be SPAM.", "spamdetected"},
		{NULL, 550, NULL,
			"550 Requested action not taken: mailbox unavailable (antispam.example.net)",
			"userunknown"},
		{"5.7.1", 550, NULL,
			"550 5.7.1 Message rejected by spamfilter.example.net policy",
			"policyviolation"},
		{"5.7.1", 550, NULL,
			"550 5.7.1 Client host [192.0.2.1] is listed on a spam blocklist",
			"blocked"},
	};

	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Which evidence wins when code, text and command disagree. */
void
test_classify_precedence(void)
{
	static const classify_case cases[] = {
		/* a specific code beats ordinary wording */
		{"5.1.1", 550, NULL, "550 5.1.1 Address rejected", "userunknown"},
		{"5.2.2", 552, NULL,
			"552 5.2.2 <ann@example.com>... User unknown", "mailboxfull"},
		{"5.1.8", 553, NULL,
			"553 5.1.8 Domain of sender address does not exist", "rejected"},
		{"5.7.26", 550, NULL,
			"550 5.7.26 This mail has been blocked", "authfailure"},
		{"5.2.3", 552, NULL,
			"552 5.2.3 Message size exceeds fixed maximum message size", "exceedlimit"},
		{"5.3.4", 552, NULL, "552 5.3.4 Message too big", "mesgtoobig"},
		/* strong wording beats a specific code */
		{"5.1.1", 550, NULL,
			"550 5.1.1 192.0.2.8 has sent to too many recipients this hour", "speeding"},
		{"5.2.1", 550, NULL,
			"550 5.2.1 The user is receiving mail at a rate that prevents more deliveries", "speeding"},
		{"5.2.1", 550, NULL,
			"550 5.2.1 The email account that you tried to reach is inactive", "suspend"},
		{"5.1.1", 550, NULL, "550 5.1.1 Mailbox full", "mailboxfull"},
		{"4.4.2", 421, NULL,
			"554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>", "expired"},
		{"5.1.10", 550, NULL,
			"550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found", "userunknown"},
		/* ordinary wording beats a generic code */
		{"5.7.1", 550, NULL, "550 5.7.1 invalid recipient", "userunknown"},
		{"5.0.0", 550, NULL, "550 5.0.0 Relaying denied", "norelaying"},
		/* a mailbox code with "user unknown" at RCPT names no mailbox */
		{"5.2.1", 550, "RCPT",
			"550 5.2.1 <ann@example.com>... User Unknown", "userunknown"},
		{"5.2.1", 550, "DATA",
			"550 5.2.1 <ann@example.com>... User Unknown", "filtered"},
		{"5.2.1", 550, NULL,
			"550 5.2.1 <ann@example.com>... User Unknown", "filtered"},
		/* "user unknown" after DATA is a filter, after MAIL the sender */
		{"5.0.0", 550, "DATA", "550 Unknown user ann@example.com", "filtered"},
		{"5.0.0", 550, "end of DATA",
			"550 Unknown user ann@example.com", "filtered"},
		{"5.0.0", 550, "MAIL FROM", "550 User unknown", "rejected"},
		{"5.0.0", 550, "rcpt", "550 User unknown", "userunknown"},
		/* an unknown host with a temporary status is a DNS failure */
		{"4.0.0", 0, NULL,
			"DNS lookup of example.org responded with NXDOMAIN: Domain name not found", "networkerror"},
		{"5.0.0", 0, NULL,
			"DNS lookup of example.org responded with NXDOMAIN: Domain name not found", "hostunknown"},
		/* the more precise of two phrases */
		{"5.7.1", 550, NULL,
			"Client host rejected: cannot find your hostname", "requireptr"},
		{"5.0.0", 550, NULL,
			"Connection frequency limited, blocked IP 192.0.2.9", "toomanyconn"},
		{"5.0.0", 550, NULL, "550 Host unknown; user unknown", "hostunknown"},
		{"5.0.0", 550, NULL,
			"Virus detected; content rejected", "virusdetected"},
		{"5.0.0", 554, NULL, "554 Transaction failed", "systemerror"},
		{"5.7.1", 550, NULL, "550 5.7.1 Access denied", "securityerror"},
		/* a generic 5.1.1 sent with rate-limit wording: the wording wins */
		{"5.1.1", 550, "RCPT",
			"550 5.1.1 Rate limit exceeded, try again later", "speeding"},
		/* a 5.4.1 that means access denied for a recipient */
		{"5.4.1", 550, "RCPT",
			"550 5.4.1 Recipient address rejected: Access denied", "userunknown"},
		{"5.4.1", 550, "MAIL",
			"550 5.4.1 Sender access denied", "rejected"},
		/* "user unknown" alone: the stage decides, else it is a filter */
		{"5.0.0", 550, NULL, "550 User unknown", "userunknown"},
		{"5.7.1", 550, NULL, "550 5.7.1 550 User Unknown: ann", "filtered"},
		{"5.1.0", 550, NULL, "550 5.1.0 User unknown", "userunknown"},
		{NULL, 0, NULL, "ann@example.com [User unknown]", "userunknown"},
		/* wording naming the recipient places it at RCPT TO */
		{"5.0.0", 550, NULL,
			"550 Recipient address rejected: User unknown", "userunknown"},
		{"5.0.0", 553, NULL, "553 Invalid recipient ann@example.com",
		"userunknown"},
		/* definite wording needs no stage */
		{"5.0.0", 554, NULL,
			"554 delivery error: dd This user doesn't have a example.net account",
		"userunknown"},
		/* access denied at MAIL FROM is about the sender */
		{"5.7.1", 550, "MAIL",
			"550 5.7.1 <ann@example.com>... Access denied", "rejected"},
		/* an expiry after a refusal at HELO is that refusal */
		{"5.0.0", 501, "HELO",
			"501 Invalid domain name. This message has been in the queue too long.",
		"blocked"},
		{"5.0.0", 0, NULL,
			"This message has been in the queue too long.", "expired"},
		/* a refusal at connection or HELO beats weak wording */
		{"5.0.0", 554, "CONN",
			"554 You have reached your daily quota", "blocked"},
		{"5.0.0", 552, NULL, "552 Recipient's quota reached", "mailboxfull"},
	};

	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Evidence below the text: command, codes, and no evidence at all. */
void
test_classify_fallbacks(void)
{
	static const classify_case cases[] = {
		{"2.0.0", 250, NULL, "250 2.0.0 Ok: queued as 4F2B1", "delivered"},
		{"2.1.5", 0, NULL, "user unknown", "delivered"},
		{NULL, 250, NULL, "250 OK", "delivered"},
		{"5.1.1", 0, NULL, NULL, "userunknown"},
		{"5.1.2", 0, NULL, NULL, "hostunknown"},
		{"5.1.6", 0, NULL, NULL, "hasmoved"},
		{"5.2.2", 0, NULL, NULL, "mailboxfull"},
		{"4.2.2", 0, NULL, NULL, "mailboxfull"},
		{"4.4.7", 0, NULL, NULL, "expired"},
		{"4.4.1", 0, NULL, NULL, "expired"},
		{"5.4.4", 0, NULL, NULL, "hostunknown"},
		{"4.4.4", 0, NULL, NULL, "networkerror"},
		{"5.7.25", 0, NULL, NULL, "requireptr"},
		{"5.7.13", 0, NULL, NULL, "suspend"},
		{"5.1.10", 0, NULL, NULL, "notaccept"},
		{"5.0.911", 0, NULL, NULL, "userunknown"},
		{"4.0.947", 0, NULL, NULL, "expired"},
		{"5.0.0", 554, "EHLO", "554 Go away", "blocked"},
		{"5.0.0", 554, "HELO", NULL, "blocked"},
		{"5.0.0", 550, "MAIL", "550 Not now", "rejected"},
		{"5.6.0", 554, NULL, "554 Not acceptable", "contenterror"},
		{"5.7.0", 554, NULL, "554 Not acceptable", "securityerror"},
		{"4.3.0", 451, NULL, "451 Try again later", "systemerror"},
		{"4.4.0", 0, NULL, NULL, "networkerror"},
		/* 5.4.1 "no answer from host" from a host that answered 5xx */
		{"5.4.1", 0, NULL, NULL, "networkerror"},
		{"5.4.1", 550, "RCPT", "550 5.4.1 Go away", "onhold"},
		{"5.4.1", 421, NULL, "421 5.4.1 Go away", "networkerror"},
		{"5.4.2", 550, NULL, "550 5.4.2 Go away", "networkerror"},
		{"5.0.0", 501, NULL, "501 Bad argument", "syntaxerror"},
		{NULL, 530, NULL, "530 Go away", "securityerror"},
		{NULL, 556, NULL, NULL, "notaccept"},
		{"5.0.0", 550, NULL, "550 Go away", "onhold"},
		{"5.0.0", 0, NULL, NULL, "onhold"},
		{"5.0.0", 550, "MAIL", "550 Transaction failed", "systemerror"},
		{NULL, 0, NULL, "Something went wrong", "onhold"},
		{NULL, 0, NULL, NULL, "undefined"},
		{NULL, 0, NULL, " \r\n\t", "undefined"},
		{NULL, 0, "RCPT", "", "undefined"},
	};

	check_cases(cases, sizeof(cases) / sizeof(cases[0]));

	/* a NULL status is no status */
	CHECK_INT_EQ(bnc_classify(NULL, 0, NULL, 0, NULL), BNC_R_undefined);
	CHECK_INT_EQ(bnc_classify(NULL, 0, "no such recipient", 17, NULL),
				 BNC_R_userunknown);

	/* a status the caller filled in by default is no evidence */
	{
		bnc_status	st = {5, 0, 0};
		bnc_evidence ev = {&st, 0, 0, NULL, 0, NULL};
		bnc_basis	basis;

		CHECK_INT_EQ(bnc_classify_evidence(&ev, &basis), BNC_R_undefined);
		CHECK_INT_EQ(basis, BNC_BASIS_NONE);
		ev.status_given = 1;
		CHECK_INT_EQ(bnc_classify_evidence(&ev, &basis), BNC_R_onhold);
		st.subject = 3;
		CHECK_INT_EQ(bnc_classify_evidence(&ev, &basis), BNC_R_systemerror);
		CHECK_INT_EQ(basis, BNC_BASIS_GENERIC);
		st.subject = 2;
		st.detail = 2;
		CHECK_INT_EQ(bnc_classify_evidence(&ev, &basis), BNC_R_mailboxfull);
		CHECK_INT_EQ(basis, BNC_BASIS_FIRM);
	}
}
