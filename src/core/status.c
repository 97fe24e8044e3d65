/*-------------------------------------------------------------------------
 *
 * status.c
 *		Enhanced mail system status codes (RFC 3463): reading, writing and
 *		the registered meaning of each code.
 *
 * A code is class.subject.detail, where the class is one of the digits 2, 4
 * and 5, and subject and detail have one to three digits each.  Leading
 * zeros in subject and detail are accepted on input ("5.01.1") and dropped
 * on output ("5.1.1").
 *
 * src/core/status.c
 *
 *-------------------------------------------------------------------------
 */
#include <stddef.h>

#include "bnc.h"

/* Largest subject or detail: RFC 3463 allows at most three digits. */
#define STATUS_MAX_PART 999

/* Number of entries of a static array. */
#define lengthof(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Titles of the IANA registry "Simple Mail Transfer Protocol (SMTP)
 * Enumerated Status Codes", one array per subject, indexed by detail.  Every
 * registered code is of the form X.subject.detail, so it applies to all
 * three classes.  The titles are written in sentence case.
 *
 * XXX the table holds the registry up to X.7.30; codes registered later get
 * the fallback meaning of their class and subject until they are added here.
 */

/* X.0.X: RFC 3463. */
static const char *const meanings_other[] = {
	"Other undefined status"	/* X.0.0 */
};

/* X.1.X: RFC 3463, X.1.9 RFC 3886, X.1.10 RFC 7505. */
static const char *const meanings_addressing[] = {
	"Other address status",		/* X.1.0 */
	"Bad destination mailbox address",	/* X.1.1 */
	"Bad destination system address",	/* X.1.2 */
	"Bad destination mailbox address syntax",	/* X.1.3 */
	"Destination mailbox address ambiguous",	/* X.1.4 */
	"Destination address valid",	/* X.1.5 */
	"Destination mailbox has moved, no forwarding address", /* X.1.6 */
	"Bad sender's mailbox address syntax",	/* X.1.7 */
	"Bad sender's system address",	/* X.1.8 */
	"Message relayed to non-compliant mailer",	/* X.1.9 */
	"Recipient address has null MX" /* X.1.10 */
};

/* X.2.X: RFC 3463. */
static const char *const meanings_mailbox[] = {
	"Other or undefined mailbox status",	/* X.2.0 */
	"Mailbox disabled, not accepting messages", /* X.2.1 */
	"Mailbox full",				/* X.2.2 */
	"Message length exceeds administrative limit",	/* X.2.3 */
	"Mailing list expansion problem"	/* X.2.4 */
};

/* X.3.X: RFC 3463, X.3.6 RFC 6710. */
static const char *const meanings_system[] = {
	"Other or undefined mail system status",	/* X.3.0 */
	"Mail system full",			/* X.3.1 */
	"System not accepting network messages",	/* X.3.2 */
	"System not capable of selected features",	/* X.3.3 */
	"Message too big for system",	/* X.3.4 */
	"System incorrectly configured",	/* X.3.5 */
	"Requested priority was changed"	/* X.3.6 */
};

/* X.4.X: RFC 3463. */
static const char *const meanings_network[] = {
	"Other or undefined network or routing status", /* X.4.0 */
	"No answer from host",		/* X.4.1 */
	"Bad connection",			/* X.4.2 */
	"Directory server failure", /* X.4.3 */
	"Unable to route",			/* X.4.4 */
	"Mail system congestion",	/* X.4.5 */
	"Routing loop detected",	/* X.4.6 */
	"Delivery time expired"		/* X.4.7 */
};

/* X.5.X: RFC 3463, X.5.6 RFC 4954. */
static const char *const meanings_protocol[] = {
	"Other or undefined protocol status",	/* X.5.0 */
	"Invalid command",			/* X.5.1 */
	"Syntax error",				/* X.5.2 */
	"Too many recipients",		/* X.5.3 */
	"Invalid command arguments",	/* X.5.4 */
	"Wrong protocol version",	/* X.5.5 */
	"Authentication exchange line is too long"	/* X.5.6 */
};

/*
 * X.6.X: RFC 3463, X.6.6 RFC 4468, X.6.7 to X.6.10 RFC 6531.  The registry
 * marks X.6.10 as a deprecated duplicate of X.6.8, with the same title.
 */
static const char *const meanings_content[] = {
	"Other or undefined media error",	/* X.6.0 */
	"Media not supported",		/* X.6.1 */
	"Conversion required and prohibited",	/* X.6.2 */
	"Conversion required but not supported",	/* X.6.3 */
	"Conversion with loss performed",	/* X.6.4 */
	"Conversion failed",		/* X.6.5 */
	"Message content not available",	/* X.6.6 */
	"Non-ASCII addresses not permitted for that sender/recipient",	/* X.6.7 */
	"UTF-8 string reply is required, but not permitted by the SMTP client", /* X.6.8 */
	"UTF-8 header message cannot be transferred to one or more recipients", /* X.6.9 */
	"UTF-8 string reply is required, but not permitted by the SMTP client"	/* X.6.10 */
};

/*
 * X.7.X: RFC 3463; X.7.8, X.7.9, X.7.11, X.7.12 RFC 4954; X.7.10, X.7.13,
 * X.7.14 RFC 5248; X.7.15, X.7.16 RFC 6710; X.7.17 to X.7.19 RFC 7293;
 * X.7.20 to X.7.26 RFC 7372; X.7.27 RFC 7505; X.7.29 RFC 8617; X.7.30
 * RFC 8689.  X.7.28 marks a message seen as part of a flood of abusive mail.
 */
static const char *const meanings_security[] = {
	"Other or undefined security status",	/* X.7.0 */
	"Delivery not authorized, message refused", /* X.7.1 */
	"Mailing list expansion prohibited",	/* X.7.2 */
	"Security conversion required but not possible",	/* X.7.3 */
	"Security features not supported",	/* X.7.4 */
	"Cryptographic failure",	/* X.7.5 */
	"Cryptographic algorithm not supported",	/* X.7.6 */
	"Message integrity failure",	/* X.7.7 */
	"Authentication credentials invalid",	/* X.7.8 */
	"Authentication mechanism is too weak", /* X.7.9 */
	"Encryption needed",		/* X.7.10 */
	"Encryption required for requested authentication mechanism",	/* X.7.11 */
	"A password transition is needed",	/* X.7.12 */
	"User account disabled",	/* X.7.13 */
	"Trust relationship required",	/* X.7.14 */
	"Priority level is too low",	/* X.7.15 */
	"Message is too big for the specified priority",	/* X.7.16 */
	"Mailbox owner has changed",	/* X.7.17 */
	"Domain owner has changed", /* X.7.18 */
	"RRVS test cannot be completed",	/* X.7.19 */
	"No passing DKIM signature found",	/* X.7.20 */
	"No acceptable DKIM signature found",	/* X.7.21 */
	"No valid author-matched DKIM signature found", /* X.7.22 */
	"SPF validation failed",	/* X.7.23 */
	"SPF validation error",		/* X.7.24 */
	"Reverse DNS validation failed",	/* X.7.25 */
	"Multiple authentication checks failed",	/* X.7.26 */
	"Sender address has null MX",	/* X.7.27 */
	"Mail flood detected",		/* X.7.28 */
	"ARC validation failure",	/* X.7.29 */
	"REQUIRETLS support required"	/* X.7.30 */
};

/* The registered titles of one subject. */
typedef struct subject_meanings
{
	const char *const *titles;
	size_t		count;
} subject_meanings;

/* Registered titles by subject, 0 to 7. */
static const subject_meanings registry[] = {
	{meanings_other, lengthof(meanings_other)},
	{meanings_addressing, lengthof(meanings_addressing)},
	{meanings_mailbox, lengthof(meanings_mailbox)},
	{meanings_system, lengthof(meanings_system)},
	{meanings_network, lengthof(meanings_network)},
	{meanings_protocol, lengthof(meanings_protocol)},
	{meanings_content, lengthof(meanings_content)},
	{meanings_security, lengthof(meanings_security)}
};

/*
 * Meanings of codes the registry does not list: "<class>: <subject>" for
 * subjects 0 to 7, and the class alone for unregistered subjects (last
 * column).  Rows are classes 2, 4 and 5.  Spelled out in full because the
 * core allocates nothing.
 */
static const char *const fallbacks[3][lengthof(registry) + 1] = {
	{
		"Success: Other or undefined status",
		"Success: Addressing status",
		"Success: Mailbox status",
		"Success: Mail system status",
		"Success: Network and routing status",
		"Success: Mail delivery protocol status",
		"Success: Message content or media status",
		"Success: Security or policy status",
		"Success"
	},
	{
		"Persistent transient failure: Other or undefined status",
		"Persistent transient failure: Addressing status",
		"Persistent transient failure: Mailbox status",
		"Persistent transient failure: Mail system status",
		"Persistent transient failure: Network and routing status",
		"Persistent transient failure: Mail delivery protocol status",
		"Persistent transient failure: Message content or media status",
		"Persistent transient failure: Security or policy status",
		"Persistent transient failure"
	},
	{
		"Permanent failure: Other or undefined status",
		"Permanent failure: Addressing status",
		"Permanent failure: Mailbox status",
		"Permanent failure: Mail system status",
		"Permanent failure: Network and routing status",
		"Permanent failure: Mail delivery protocol status",
		"Permanent failure: Message content or media status",
		"Permanent failure: Security or policy status",
		"Permanent failure"
	}
};

/* Is st a well-formed code (class 2, 4 or 5, parts in range)? */
static int
status_is_valid(const bnc_status *st)
{
	if (st == NULL)
		return 0;
	if (st->cls != 2 && st->cls != 4 && st->cls != 5)
		return 0;
	return st->subject >= 0 && st->subject <= STATUS_MAX_PART &&
		st->detail >= 0 && st->detail <= STATUS_MAX_PART;
}

/* Length of the run of ASCII digits that starts at buf[pos]. */
static size_t
digit_run(const char *buf, size_t len, size_t pos)
{
	size_t		n = 0;

	while (pos + n < len && buf[pos + n] >= '0' && buf[pos + n] <= '9')
		n++;
	return n;
}

/* Value of the n ASCII digits at p; n is at most three. */
static int
digits_value(const char *p, size_t n)
{
	int			v = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/*
 * Read a code filling buf[0..len) exactly.  The shape (three digit runs
 * joined by dots) is checked first, so "a.b.c" and "5.1" are syntax errors
 * whatever their numbers; then the class ("55.1.1" and "6.1.1" are bad
 * classes); then the lengths of subject and detail.
 */
bnc_status_err
bnc_status_parse(const char *buf, size_t len, bnc_status *out)
{
	size_t		start[3];
	size_t		count[3];
	size_t		pos = 0;
	int			i;

	out->cls = out->subject = out->detail = 0;

	for (i = 0; i < 3; i++)
	{
		start[i] = pos;
		count[i] = digit_run(buf, len, pos);
		if (count[i] == 0)
			return BNC_STATUS_SYNTAX;
		pos += count[i];
		if (i < 2)
		{
			if (pos >= len || buf[pos] != '.')
				return BNC_STATUS_SYNTAX;
			pos++;
		}
	}
	if (pos != len)
		return BNC_STATUS_SYNTAX;

	if (count[0] != 1 ||
		(buf[0] != '2' && buf[0] != '4' && buf[0] != '5'))
		return BNC_STATUS_BAD_CLASS;
	if (count[1] > 3 || count[2] > 3)
		return BNC_STATUS_RANGE;

	out->cls = buf[0] - '0';
	out->subject = digits_value(buf + start[1], count[1]);
	out->detail = digits_value(buf + start[2], count[2]);
	return BNC_STATUS_OK;
}

/* Write v (0..999) in decimal without leading zeros; returns its length. */
static int
put_part(char *buf, int v)
{
	int			n = 0;

	if (v >= 100)
		buf[n++] = (char) ('0' + v / 100);
	if (v >= 10)
		buf[n++] = (char) ('0' + v / 10 % 10);
	buf[n++] = (char) ('0' + v % 10);
	return n;
}

/*
 * Write the canonical form "c.s.d" of st.  A code that is absent (cls 0) or
 * otherwise invalid is written as the empty string, so buf never overflows.
 */
int
bnc_status_format(const bnc_status *st, char *buf)
{
	int			n = 0;

	if (!status_is_valid(st))
	{
		buf[0] = '\0';
		return 0;
	}

	buf[n++] = (char) ('0' + st->cls);
	buf[n++] = '.';
	n += put_part(buf + n, st->subject);
	buf[n++] = '.';
	n += put_part(buf + n, st->detail);
	buf[n] = '\0';
	return n;
}

/*
 * Registered title of st; otherwise its class and subject meanings as
 * "Permanent failure: Mailbox status" (5.2.99), or the class meaning alone
 * when the subject is unregistered ("Permanent failure" for 5.9.1).  An
 * absent code gives "No status code" and an invalid one "Invalid status
 * code".
 */
const char *
bnc_status_meaning(const bnc_status *st)
{
	int			row;

	if (st == NULL || st->cls == 0)
		return "No status code";
	if (!status_is_valid(st))
		return "Invalid status code";

	if ((size_t) st->subject < lengthof(registry) &&
		(size_t) st->detail < registry[st->subject].count)
		return registry[st->subject].titles[st->detail];

	row = st->cls == 2 ? 0 : st->cls == 4 ? 1 : 2;
	if ((size_t) st->subject < lengthof(registry))
		return fallbacks[row][st->subject];
	return fallbacks[row][lengthof(registry)];
}
