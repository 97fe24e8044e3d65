/*-------------------------------------------------------------------------
 *
 * classify.c
 *		Decides why a delivery failed, and whether the failure is hard,
 *		from the status code, the SMTP reply code, the remote server's words
 *		and the SMTP command that failed.
 *
 * The evidence is weighed in this order, the first that speaks deciding;
 * the principle is that the more specific signal wins:
 *
 *	1. a status of class 2 (or, with no status, a 2xx reply): delivered;
 *	2. a strong phrase in the text ("mailbox full", "rate limit", "account
 *	   disabled", ...): such wording names the cause more precisely than any
 *	   code, so it also overrides a specific code such as 5.1.1 (a 5.1.1
 *	   sent with rate-limit wording is speeding);
 *	3. a specific status code (5.1.1 userunknown, 5.2.2 mailboxfull, ...);
 *	   one exception: X.2.0 and X.2.1 read as a filter of the recipient,
 *	   but "user unknown" given in answer to RCPT TO says the mailbox does
 *	   not exist;
 *	4. a normal phrase ("user unknown", "relay access denied", ...), which
 *	   overrides generic codes such as 5.0.0, 5.7.1 or 4.4.0;
 *	5. a refusal at the greeting or HELO: the sending host was blocked, as
 *	   no mailbox was named yet, so weaker wording cannot be about one;
 *	6. a weak phrase ("recipient address rejected", "does not exist", ...);
 *	7. a refusal at MAIL FROM (the sender was rejected), the generic
 *	   meaning of the code's subject (X.3.x system, X.6.x content, X.7.x
 *	   security, ...), then a few reply codes;
 *	8. onhold when there was some evidence, undefined when there was none
 *	   (a status the caller filled in by default is no evidence).
 *
 * Several phrases of one tier may match; the reason listed first in
 * text_priority below wins.  A reason read from the text is then adjusted
 * to its context:
 *
 *	- wording that says only that a user is unknown ("user unknown", "no
 *	  such user") names the mailbox when it answered RCPT TO; after DATA it
 *	  is the recipient's filter speaking (filtered), after MAIL FROM it
 *	  concerns the sender (rejected).  When the command is not known, a
 *	  mailbox-status (X.2.x) or policy (X.7.x) code beside it says that a
 *	  filter refused the message (filtered); otherwise, with a generic
 *	  code such as 5.0.0 or none, the words mean what they say
 *	  (userunknown).  Wording that names
 *	  the recipient ("invalid recipient", "recipient address rejected")
 *	  belongs to RCPT TO and stays userunknown;
 *	- "access denied" or "not authorized" in answer to MAIL FROM concerns
 *	  the sender (rejected);
 *	- an unknown host reported with a temporary status is a DNS failure
 *	  (networkerror);
 *	- an expiry after a refusal at the greeting or HELO is the refusal
 *	  (blocked): the refusal is the cause, the expiry its consequence.
 *
 * The feedback and vacation reasons are never returned: they follow from
 * the kind of report, which the parser knows.  The parse driver applies
 * two more rules that need the report's context (see parse.c): a delayed
 * delivery with no firmer evidence has expired, and the receiving
 * provider's own codes (rhost.c) come before all of this.
 *
 * src/core/classify.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "bnc.h"
#include "explain.h"
#include "phrase.h"
#include "text.h"

/* No reason found yet. */
#define NO_REASON	((bnc_reason) (BNC_REASON_COUNT + 1))

/* The unknown-user pseudo reason of the phrase table. */
#define UNKNOWN_USER ((bnc_reason) BNC_PHRASE_UNKNOWN_USER)

/* The SMTP command a failure followed. */
typedef enum smtp_cmd
{
	CMD_NONE = 0,
	CMD_CONN,					/* greeting, HELO or EHLO */
	CMD_MAIL,
	CMD_RCPT,
	CMD_DATA,					/* DATA, BDAT or end of data */
	CMD_OTHER
} smtp_cmd;

/*
 * The SMTP command of the evidence, read only when a step needs it.  When
 * the caller has only a line of text, the command is found in the text,
 * which costs more than all the rest of a classification; most lines are
 * decided by a phrase or a code whose meaning does not depend on it.
 */
typedef struct cmd_source
{
	const bnc_evidence *ev;
	int			from_text;		/* find the command in ev->text */
	int			known;			/* cmd is set */
	smtp_cmd	cmd;
} cmd_source;

/* A status code that names a reason; cls 0 stands for both 4 and 5. */
typedef struct code_reason
{
	int			cls;			/* 4 or 5; 0 for both */
	int			subject;
	int			detail;
	bnc_reason	reason;
} code_reason;

#define R(name) BNC_R_##name

/*
 * Codes whose meaning names a reason precisely enough to outweigh ordinary
 * wording (RFC 3463, RFC 7505, RFC 7372, RFC 8689 and the RFC 7293 family).
 * The X.0.9NN codes are the convention some analyzers use to report a
 * reason found in the text when the bounce carried no code; reading them
 * back keeps a classification stable when it is run again.
 *
 * The table is sorted by subject, then detail, as specific_code_reason
 * searches it by halves; a code listed for both classes comes once with
 * cls 0, or once per class, side by side.
 */
static const code_reason specific_codes[] = {
	{0, 0, 902, R(syntaxerror)},
	{0, 0, 909, R(norelaying)},
	{0, 0, 910, R(filtered)},
	{0, 0, 911, R(userunknown)},
	{0, 0, 912, R(hostunknown)},
	{0, 0, 918, R(rejected)},
	{0, 0, 921, R(suspend)},
	{0, 0, 922, R(mailboxfull)},
	{0, 0, 930, R(systemerror)},
	{0, 0, 932, R(notaccept)},
	{0, 0, 934, R(mesgtoobig)},
	{0, 0, 939, R(mailererror)},
	{0, 0, 944, R(networkerror)},
	{0, 0, 947, R(expired)},
	{0, 0, 971, R(blocked)},
	{0, 0, 973, R(requireptr)},
	{0, 0, 976, R(failedstarttls)},
	{0, 0, 980, R(spamdetected)},
	{0, 1, 1, R(userunknown)},
	{0, 1, 2, R(hostunknown)},
	{0, 1, 3, R(userunknown)},
	{0, 1, 4, R(userunknown)},
	{0, 1, 6, R(hasmoved)},
	{0, 1, 7, R(rejected)},
	{0, 1, 8, R(rejected)},
	{0, 1, 10, R(notaccept)},
	{0, 2, 0, R(filtered)},
	{0, 2, 1, R(filtered)},
	{0, 2, 2, R(mailboxfull)},
	{0, 2, 3, R(exceedlimit)},
	{0, 3, 1, R(systemfull)},
	{0, 3, 2, R(notaccept)},
	{0, 3, 4, R(mesgtoobig)},
	{4, 4, 1, R(expired)},
	{0, 4, 2, R(networkerror)},
	{0, 4, 3, R(systemerror)},
	{4, 4, 4, R(networkerror)},
	{5, 4, 4, R(hostunknown)},
	{0, 4, 5, R(systemfull)},
	{0, 4, 6, R(networkerror)},
	{0, 4, 7, R(expired)},
	{0, 5, 1, R(syntaxerror)},
	{0, 5, 2, R(syntaxerror)},
	{0, 5, 3, R(toomanyconn)},
	{0, 5, 4, R(syntaxerror)},
	{0, 5, 5, R(syntaxerror)},
	{0, 5, 6, R(syntaxerror)},
	{0, 7, 13, R(suspend)},
	{0, 7, 17, R(hasmoved)},
	{0, 7, 18, R(hasmoved)},
	{0, 7, 20, R(authfailure)},
	{0, 7, 21, R(authfailure)},
	{0, 7, 22, R(authfailure)},
	{0, 7, 23, R(authfailure)},
	{0, 7, 24, R(authfailure)},
	{0, 7, 25, R(requireptr)},
	{0, 7, 26, R(authfailure)},
	{0, 7, 27, R(notaccept)},
	{0, 7, 28, R(speeding)},
	{0, 7, 29, R(authfailure)},
	{0, 7, 30, R(failedstarttls)},
};

/*
 * Which reason wins when phrases of one tier point to several: the more
 * precise or more actionable cause first.  For instance a sender rejected
 * for a block-listed address is "rejected" rather than "blocked", and a
 * delivery that expired while the mailbox was full is "mailboxfull".
 */
static const bnc_reason text_priority[] = {
	R(speeding), R(toomanyconn), R(virusdetected), R(authfailure),
	R(requireptr), R(badreputation), R(notcompliantrfc), R(spamdetected),
	R(suspend), R(mailboxfull), R(exceedlimit), R(mesgtoobig),
	R(systemfull), R(hasmoved), R(norelaying), R(notaccept),
	R(failedstarttls), R(rejected), R(blocked), R(policyviolation),
	R(expired), R(hostunknown), R(userunknown), UNKNOWN_USER, R(filtered),
	R(contenterror), R(securityerror), R(syntaxerror), R(networkerror),
	R(mailererror), R(systemerror), R(onhold)
};

#define REASON_NAME(name) #name,
static const char *const reason_names[] = {
	BNC_REASON_LIST(REASON_NAME)
};
#undef REASON_NAME

/* Name of a reason ("userunknown"), or NULL when out of range. */
const char *
bnc_reason_name(bnc_reason r)
{
	if ((int) r < 0 || r >= BNC_REASON_COUNT)
		return NULL;
	return reason_names[r];
}

/* Reason for an exact name, or -1 when the name is unknown. */
int
bnc_reason_from_name(const char *name, size_t len)
{
	int			i;

	if (name == NULL)
		return -1;
	for (i = 0; i < (int) BNC_REASON_COUNT; i++)
	{
		if (strlen(reason_names[i]) == len &&
			memcmp(reason_names[i], name, len) == 0)
			return i;
	}
	return -1;
}

/* Name of an action ("failed"), or NULL for BNC_ACTION_NONE. */
const char *
bnc_action_name(bnc_action a)
{
	switch (a)
	{
		case BNC_ACTION_FAILED:
			return "failed";
		case BNC_ACTION_DELAYED:
			return "delayed";
		case BNC_ACTION_DELIVERED:
			return "delivered";
		case BNC_ACTION_RELAYED:
			return "relayed";
		case BNC_ACTION_EXPANDED:
			return "expanded";
		case BNC_ACTION_NONE:
			break;
	}
	return NULL;
}

/*
 * Is the failure hard?  The mailbox or domain is gone for good: userunknown,
 * hostunknown, hasmoved, and notaccept unless its status is temporary (a
 * destination that takes no mail is permanent by nature, so notaccept
 * without a status counts as hard).
 */
int
bnc_is_hard(bnc_reason r, const bnc_status *st)
{
	switch (r)
	{
		case BNC_R_userunknown:
		case BNC_R_hostunknown:
		case BNC_R_hasmoved:
			return 1;
		case BNC_R_notaccept:
			return st == NULL || st->cls != 4;
		default:
			return 0;
	}
}

/* Lower-case an ASCII letter. */
static int
ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Does s start with the lower-case word w, case-insensitively? */
static int
starts_with_word(const char *s, const char *w)
{
	for (; *w; s++, w++)
	{
		if (ascii_lower((unsigned char) *s) != *w)
			return 0;
	}
	return 1;
}

/* Kind of the SMTP command named by s ("RCPT", "MAIL FROM", "end of DATA"). */
static smtp_cmd
command_kind(const char *s)
{
	if (s == NULL)
		return CMD_NONE;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return CMD_NONE;
	if (starts_with_word(s, "rcpt"))
		return CMD_RCPT;
	if (starts_with_word(s, "mail"))
		return CMD_MAIL;
	if (starts_with_word(s, "data") || starts_with_word(s, "bdat") ||
		starts_with_word(s, "end of data"))
		return CMD_DATA;
	if (starts_with_word(s, "helo") || starts_with_word(s, "ehlo") ||
		starts_with_word(s, "lhlo") || starts_with_word(s, "conn") ||
		starts_with_word(s, "greeting") || starts_with_word(s, "initial"))
		return CMD_CONN;
	return CMD_OTHER;
}

/* The command of src, found the first time it is asked for. */
static smtp_cmd
get_cmd(cmd_source *src)
{
	if (!src->known)
	{
		const bnc_evidence *ev = src->ev;
		const char *command = ev->command;

		if (src->from_text)
			command = ev->text != NULL && ev->textlen > 0 ?
				bnc_find_command(ev->text, ev->textlen) : NULL;
		src->cmd = command_kind(command);
		src->known = 1;
	}
	return src->cmd;
}

/* The specific reason a status code names, or NO_REASON. */
static bnc_reason
specific_code_reason(const bnc_status *st)
{
	size_t		lo = 0;
	size_t		hi = sizeof(specific_codes) / sizeof(specific_codes[0]);

	/* the first entry not below (subject, detail) */
	while (lo < hi)
	{
		size_t		mid = (lo + hi) / 2;
		const code_reason *c = &specific_codes[mid];

		if (c->subject < st->subject ||
			(c->subject == st->subject && c->detail < st->detail))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < sizeof(specific_codes) / sizeof(specific_codes[0]); lo++)
	{
		const code_reason *c = &specific_codes[lo];

		if (c->subject != st->subject || c->detail != st->detail)
			break;
		if (c->cls == 0 || c->cls == st->cls)
			return c->reason;
	}
	return NO_REASON;
}

/* The generic reason of a status code's subject, or NO_REASON. */
static bnc_reason
generic_code_reason(const bnc_status *st)
{
	switch (st->subject)
	{
		case 3:
			return R(systemerror);
		case 4:
			return R(networkerror);
		case 6:
			return R(contenterror);
		case 7:
			return R(securityerror);
		default:
			return NO_REASON;
	}
}

/* The reason a bare SMTP reply code suggests, or NO_REASON. */
static bnc_reason
reply_code_reason(int reply)
{
	switch (reply)
	{
		case 500:
		case 501:
		case 502:
		case 503:
		case 504:
			return R(syntaxerror);
		case 521:
		case 556:
			return R(notaccept);	/* RFC 7504 */
		case 530:
		case 535:
			return R(securityerror);
		default:
			return NO_REASON;
	}
}

/* The reason listed first in text_priority whose bit is set in mask. */
static bnc_reason
first_in_mask(uint64_t mask)
{
	size_t		i;

	if (mask == 0)
		return NO_REASON;
	for (i = 0; i < sizeof(text_priority) / sizeof(text_priority[0]); i++)
	{
		if (mask & ((uint64_t) 1 << text_priority[i]))
			return text_priority[i];
	}
	return NO_REASON;
}

/*
 * The reason wording that says only that a user is unknown stands for,
 * given the command it answered and the status.
 */
static bnc_reason
unknown_user_reason(const bnc_status *st, smtp_cmd cmd)
{
	switch (cmd)
	{
		case CMD_RCPT:
			return R(userunknown);
		case CMD_DATA:
			return R(filtered);
		case CMD_MAIL:
			return R(rejected);
		default:
			break;
	}
	/* A mailbox (X.2.x) or policy (X.7.x) code says a filter refused it. */
	if (st->cls != 0 && (st->subject == 2 || st->subject == 7))
		return R(filtered);
	return R(userunknown);
}

/* Adjust a reason read from the text to the codes and the command. */
static bnc_reason
adjust_text_reason(bnc_reason r, const bnc_status *st, cmd_source *src)
{
	if (r == UNKNOWN_USER)
		return unknown_user_reason(st, get_cmd(src));
	if (r == R(userunknown) && get_cmd(src) == CMD_DATA)
		return R(filtered);
	if ((r == R(userunknown) || r == R(securityerror)) &&
		get_cmd(src) == CMD_MAIL)
		return R(rejected);
	if (r == R(hostunknown) && st->cls == 4)
		return R(networkerror);
	if (r == R(expired) && get_cmd(src) == CMD_CONN)
		return R(blocked);
	return r;
}

/*
 * The generic reason of the status beside the reply code, or NO_REASON.
 * 5.4.1 means "no answer from host", which cannot be true of a host that
 * gave a 5xx reply: such servers (Microsoft's among them) use it to refuse
 * a recipient, so it says nothing about the network and is passed over.
 */
static bnc_reason
generic_status_reason(const bnc_status *st, int reply_code)
{
	if (st->cls == 0)
		return NO_REASON;
	if (st->cls == 5 && st->subject == 4 && st->detail == 1 &&
		reply_code >= 500 && reply_code < 600)
		return NO_REASON;
	return generic_code_reason(st);
}

/* The reason the generic codes suggest, or NO_REASON. */
static bnc_reason
fallback_reason(const bnc_status *st, int reply_code)
{
	bnc_reason	r;

	if ((r = generic_status_reason(st, reply_code)) != NO_REASON)
		return r;
	return reply_code_reason(reply_code);
}

/* Is there anything but white space in text[0..len)? */
static int
has_words(const char *text, size_t len)
{
	size_t		i;

	for (i = 0; text != NULL && i < len; i++)
	{
		char		c = text[i];

		if (c != ' ' && c != '\t' && c != '\r' && c != '\n' &&
			c != '\v' && c != '\f')
			return 1;
	}
	return 0;
}

/* Bit of a reason (or the unknown-user pseudo reason) in a phrase mask. */
#define BIT(r) ((uint64_t) 1 << (r))

/* How firm_reason decided: the step and, for a phrase, its tier and bit. */
typedef struct firm_why
{
	bnc_decider step;
	int			tier;
	bnc_reason	phrase;			/* mask bit of the phrase, before adjusting */
} firm_why;

/*
 * Wording that names the recipient places an unknown user at RCPT: when
 * some tier above the weakest has such wording, every unknown-user phrase
 * counts as userunknown.
 */
static void
merge_unknown_user(bnc_phrase_hits *h)
{
	int			t;

	if (((h->mask[0] | h->mask[1] | h->mask[2]) & BIT(R(userunknown))) == 0)
		return;
	for (t = 0; t < BNC_TIER_COUNT; t++)
	{
		if (h->mask[t] & BIT(UNKNOWN_USER))
			h->mask[t] = (h->mask[t] & ~BIT(UNKNOWN_USER)) |
				BIT(R(userunknown));
	}
}

/* Can the byte be part of a word or a host name? */
#define WORD_BYTE(c) \
	(BNC_IS_ALPHA(c) || BNC_IS_DIGIT(c) || (c) == '-' || (c) == '_')

/*
 * Does the text use the word "spam" in any case ("Probable Spam", "SPAM
 * block", "spamming") outside another word or a host name ("antispam",
 * "spamfilter.example.net")?  A weak hint of spamdetected that the phrase
 * table, which matches substrings, cannot give.  Linear: the words looked
 * at after an occurrence do not overlap.
 */
static int
has_spam_word(const char *text, size_t len)
{
	const char *end = text + len;
	const char *p = text;
	const char *m;

	while (p < end && (m = bnc_ci_find(p, end - p, "spam")) != NULL)
	{
		const char *q = m + 4;
		int			host = 0;

		p = m + 4;
		if (m > text && (WORD_BYTE((unsigned char) m[-1]) || m[-1] == '.'))
			continue;
		while (q < end && (WORD_BYTE((unsigned char) *q) || *q == '.'))
		{
			if (*q == '.' && q + 1 < end && BNC_IS_ALPHA(q[1]))
				host = 1;
			q++;
		}
		if (!host)
			return 1;
		p = q;
	}
	return 0;
}

/* Note in why that a phrase of tier t for mask bit r decided. */
static bnc_reason
by_phrase(firm_why *why, int t, bnc_reason r)
{
	why->step = BNC_BY_PHRASE;
	why->tier = t;
	why->phrase = r;
	return r;
}

/*
 * The reason the text, the specific codes and the command give (steps 2
 * to 7 of the file header), or NO_REASON when none of them speaks.  hits
 * have been through merge_unknown_user; why says which step decided.
 */
static bnc_reason
firm_reason(const bnc_status *st, const bnc_phrase_hits *hits,
			cmd_source *cmd, firm_why *why)
{
	bnc_reason	code = st->cls != 0 ? specific_code_reason(st) : NO_REASON;
	uint64_t	uu = BIT(R(userunknown)) | BIT(UNKNOWN_USER);
	bnc_reason	r;

	if ((r = first_in_mask(hits->mask[BNC_TIER_STRONG])) != NO_REASON)
		return adjust_text_reason(by_phrase(why, BNC_TIER_STRONG, r), st,
								  cmd);
	if (code == R(filtered) && (hits->mask[BNC_TIER_NORMAL] & uu) &&
		get_cmd(cmd) == CMD_RCPT)
	{
		r = (hits->mask[BNC_TIER_NORMAL] & BIT(R(userunknown))) ?
			R(userunknown) : UNKNOWN_USER;
		by_phrase(why, BNC_TIER_NORMAL, r);
		return R(userunknown);
	}
	why->step = BNC_BY_STATUS;
	if (code != NO_REASON)
		return code;
	if ((r = first_in_mask(hits->mask[BNC_TIER_NORMAL])) != NO_REASON)
		return adjust_text_reason(by_phrase(why, BNC_TIER_NORMAL, r), st,
								  cmd);
	why->step = BNC_BY_COMMAND;
	if (get_cmd(cmd) == CMD_CONN)
		return R(blocked);
	if ((r = first_in_mask(hits->mask[BNC_TIER_WEAK])) != NO_REASON)
		return adjust_text_reason(by_phrase(why, BNC_TIER_WEAK, r), st, cmd);
	if (get_cmd(cmd) == CMD_MAIL)
		return R(rejected);
	return NO_REASON;
}

/*
 * Decide a reason from the evidence cmd->ev (see the file header), filling
 * *why and *hits.  where is NULL unless an explanation is wanted.
 */
static bnc_reason
classify_core(cmd_source *cmd, bnc_basis *basis,
			  bnc_phrase_hits *hits, bnc_phrase_where *where, firm_why *why)
{
	const bnc_evidence *ev = cmd->ev;
	static const bnc_status no_status = {0, 0, 0};
	const bnc_status *st = ev->status != NULL ? ev->status : &no_status;
	size_t		len = ev->text != NULL ? ev->textlen : 0;
	bnc_reason	r;

	*basis = BNC_BASIS_FIRM;
	why->step = st->cls == 2 ? BNC_BY_STATUS : BNC_BY_REPLY;
	if (st->cls == 2 ||
		(st->cls == 0 && ev->reply_code >= 200 && ev->reply_code < 300))
	{
		/* an explanation still reports what the text alone would say */
		if (where != NULL)
			bnc_phrase_scan_where(ev->text, len, hits, where);
		else
			memset(hits, 0, sizeof(*hits));
		merge_unknown_user(hits);
		return R(delivered);
	}

	if (where != NULL)
		bnc_phrase_scan_where(ev->text, len, hits, where);
	else
		bnc_phrase_scan(ev->text, len, hits);
	merge_unknown_user(hits);
	if (ev->text != NULL && has_spam_word(ev->text, len))
		hits->mask[BNC_TIER_WEAK] |= BIT(R(spamdetected));
	if ((r = firm_reason(st, hits, cmd, why)) != NO_REASON)
		return r;

	*basis = BNC_BASIS_GENERIC;
	why->step = generic_status_reason(st, ev->reply_code) != NO_REASON ?
		BNC_BY_STATUS : BNC_BY_REPLY;
	if ((r = fallback_reason(st, ev->reply_code)) != NO_REASON)
		return r;
	*basis = BNC_BASIS_NONE;
	why->step = BNC_BY_FALLBACK;
	if ((st->cls != 0 && ev->status_given) || ev->reply_code != 0 ||
		has_words(ev->text, len))
		return R(onhold);
	return R(undefined);
}

/* Decide a reason from the evidence; see the file header and phrase.h. */
bnc_reason
bnc_classify_evidence(const bnc_evidence *ev, bnc_basis *basis)
{
	bnc_basis	dummy;
	bnc_phrase_hits hits;
	firm_why	why;
	cmd_source	cmd = {ev, 0, 0, CMD_NONE};

	return classify_core(&cmd, basis != NULL ? basis : &dummy, &hits, NULL,
						 &why);
}

/* What the status code alone says, or -1. */
static int
status_only_reason(const bnc_status *st)
{
	bnc_reason	r;

	if (st->cls == 0)
		return -1;
	if (st->cls == 2)
		return R(delivered);
	if ((r = specific_code_reason(st)) != NO_REASON ||
		(r = generic_code_reason(st)) != NO_REASON)
		return r;
	return -1;
}

/*
 * What the text alone says: its strongest phrase, read in the context of
 * the command and status as the classifier reads it, or -1.
 */
static int
text_only_reason(const bnc_phrase_hits *hits, const bnc_status *st,
				 cmd_source *cmd)
{
	int			t;
	bnc_reason	r;

	for (t = BNC_TIER_COUNT - 1; t >= 0; t--)
	{
		if ((r = first_in_mask(hits->mask[t])) != NO_REASON)
			return adjust_text_reason(r, st, cmd);
	}
	return -1;
}

/* Copy s into the rule of ex, cut to fit. */
static void
set_rule(bnc_explain *ex, const char *s)
{
	size_t		n = s != NULL ? strlen(s) : 0;

	if (n >= BNC_EXPLAIN_RULE_MAX)
		n = BNC_EXPLAIN_RULE_MAX - 1;
	if (n > 0)
		memcpy(ex->rule, s, n);
	ex->rule[n] = '\0';
}

/*
 * The text of the phrase that decided, from where the scan found it.
 *
 * XXX a phrase matched in its EUC-JP, Shift_JIS or GBK bytes is copied as
 * those bytes, which the caller shows as replacement characters; a
 * diagnostic in a single-byte charset was scanned in UTF-8 and gives UTF-8.
 */
static void
set_phrase_rule(bnc_explain *ex, const bnc_evidence *ev,
				const bnc_phrase_where *where, const firm_why *why)
{
	int			t = why->tier;
	int			r = why->phrase;

	/* an unknown-user phrase may have been merged into userunknown */
	if (where->len[t][r] == 0 && r == R(userunknown))
		r = UNKNOWN_USER;
	/* the word spam is found apart from the phrase table */
	if (where->len[t][r] == 0 && r == R(spamdetected) && t == BNC_TIER_WEAK)
	{
		set_rule(ex, "spam");
		return;
	}
	if (where->len[t][r] == 0)
		return;
	bnc_phrase_view_slice(ev->text, ev->textlen, where->start[t][r],
						  where->len[t][r], ex->rule);
}

/* The rule of a step other than a phrase: the code, reply or command. */
static void
set_code_rule(bnc_explain *ex, const bnc_evidence *ev, const bnc_status *st)
{
	size_t		n = 0;

	if (ex->decided_by == BNC_BY_STATUS)
		bnc_status_format(st, ex->rule);
	else if (ex->decided_by == BNC_BY_COMMAND)
		set_rule(ex, ev->command);
	else if (ex->decided_by == BNC_BY_REPLY && ev->reply_code > 0)
		bnc_explain_append_int(ex->rule, &n, ev->reply_code);
}

/* bnc_classify_evidence, explained in *ex; see phrase.h. */
bnc_reason
bnc_classify_explained(const bnc_evidence *ev, bnc_basis *basis,
					   bnc_explain *ex)
{
	static const bnc_status no_status = {0, 0, 0};
	const bnc_status *st = ev->status != NULL ? ev->status : &no_status;
	bnc_basis	dummy;
	bnc_phrase_hits hits;
	bnc_phrase_where where;
	firm_why	why;
	cmd_source	cmd = {ev, 0, 0, CMD_NONE};
	bnc_reason	r;

	r = classify_core(&cmd, basis != NULL ? basis : &dummy, &hits, &where,
					  &why);
	memset(ex, 0, sizeof(*ex));
	ex->decided_by = why.step;
	ex->status_reason = status_only_reason(st);
	ex->text_reason = text_only_reason(&hits, st, &cmd);
	if (why.step == BNC_BY_PHRASE)
		set_phrase_rule(ex, ev, &where, &why);
	else
		set_code_rule(ex, ev, st);
	return r;
}

/* Evidence given by the caller of the public entry points below. */
static void
evidence_of(bnc_evidence *ev, const bnc_status *st, int reply_code,
			const char *text, size_t textlen, const char *command)
{
	ev->status = st;
	ev->status_given = 1;
	ev->reply_code = reply_code;
	ev->text = text;
	ev->textlen = textlen;
	ev->command = command;
}

/* bnc_classify, explained; see bnc.h. */
bnc_reason
bnc_classify_explain(const bnc_status *st, int reply_code, const char *text,
					 size_t textlen, const char *smtp_command,
					 bnc_explain *ex)
{
	bnc_evidence ev;
	bnc_reason	r;

	evidence_of(&ev, st, reply_code, text, textlen, smtp_command);
	r = bnc_classify_explained(&ev, NULL, ex);
	bnc_explain_winner(ex, r);
	return r;
}

/* Decide a reason from whatever evidence is known; see the file header. */
bnc_reason
bnc_classify(const bnc_status *st, int reply_code, const char *text,
			 size_t textlen, const char *smtp_command)
{
	bnc_evidence ev;

	evidence_of(&ev, st, reply_code, text, textlen, smtp_command);
	return bnc_classify_evidence(&ev, NULL);
}

/*
 * bnc_classify of a line of text whose SMTP command, if any, is to be
 * found in the text itself (bnc_find_command): the same answer as finding
 * it first, but the search is made only when a step needs the command.
 */
bnc_reason
bnc_classify_text(const bnc_status *st, int reply_code, const char *text,
				  size_t textlen)
{
	bnc_evidence ev;
	bnc_basis	basis;
	bnc_phrase_hits hits;
	firm_why	why;
	cmd_source	cmd = {&ev, 1, 0, CMD_NONE};

	evidence_of(&ev, st, reply_code, text, textlen, NULL);
	return classify_core(&cmd, &basis, &hits, NULL, &why);
}
