/*-------------------------------------------------------------------------
 *
 * plaintext.c
 *		Last-resort decoder for bounces written in prose by software that
 *		has no decoder of its own: a message from the mail system
 *		(MAILER-DAEMON, postmaster) or with a bounce's subject ("failure
 *		notice", "Undeliverable: ...", "Returned mail"), whose text names
 *		the failed addresses before the returned message.
 *
 * Such reports share a shape rather than a wording.  A paragraph of
 * apology, then each failed address on a line of its own or inside a
 * sentence ("Your message to <addr> could not be delivered"), with the
 * remote server's answer on the same line or in the lines below, then a
 * marker line before the returned message ("--- Below this line is a copy
 * of the message.", "----- Original message -----") or the returned
 * message's own header lines.  The decoder reads the text up to that
 * point, takes every address in it that is not the mail system's own, the
 * bounce's addressee, or a field of quoted headers, and gives each one the
 * words next to it as its diagnostic, which the classifier then reads.
 *
 * It runs after every decoder of a known format and after the RFC 3464
 * reader, and only on messages without delivery-status fields, so it
 * never changes what a known format gives.  The price of reading by shape
 * is that a prose report naming addresses that did not fail (a colleague
 * to contact, a forwarding address) gives them rows too; an address in a
 * mailto: link or with a long run of digits in its local part (message
 * and queue identifiers) is skipped for that reason.
 *
 * src/core/decoder/plaintext.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* More distinct addresses than this is a list or a digest, not a report. */
#define MAX_ADDRESSES	64

/* Words in From that only the mail system uses. */
static const char *const system_senders[] = {
	"mailer-daemon", "mailer_daemon", "mail-daemon", "maildaemon",
	"postmaster", "mdaemon@", "mail delivery", "mail administrator",
	"mailadmin@", NULL
};

/* Words of the subjects mail systems give their bounces. */
static const char *const bounce_subjects[] = {
	"undeliver", "undelivered", "returned mail", "failure notice",
	"delivery fail", "delivery status notification", "not delivered",
	"could not be delivered", "non-delivery", "nondelivery",
	"delivery report", "mail delivery", "delivery problem",
	"delivery error", "mail system error", "returned to sender",
	"delivery notification", "mail failed", "message delayed",
	"has not yet been delivered", "unable to deliver", "delivery warning",
	NULL
};

/* Words a bounce's text has somewhere: the message was not delivered. */
static const char *const failure_words[] = {
	"deliver", "fail", "error", "unknown", "reject", "return", "bounce",
	"not found", "does not exist", "no such", "refused", "denied",
	"invalid", "quota", "full", "unable", "could not", "couldn't",
	"unavailable", "disabled", "mailbox", "not exist", "problem", "sorry",
	"did not reach", "not recognized", "recipient", NULL
};

/* Words of a delay notice rather than a final failure. */
static const char *const delay_words[] = {
	"delayed", "not yet been delivered", "will continue to try",
	"will keep trying", "still trying", "will be retried",
	"has not been delivered yet", NULL
};

/*
 * Marker lines before the returned message: a line that starts with one of
 * these, or a separator line ("------ ... ------") holding one, ends the
 * report.
 */
static const char *const original_markers[] = {
	"original message", "copy of the message", "copy of your message",
	"message follows", "returned message", "header of the original",
	"headers of the original", "below this line", "unsent message",
	"message text follows", "original mail", "message header follows",
	"headers follow", NULL
};

/* Header fields of a quoted message whose addresses are not recipients. */
static const char *const quoted_fields[] = {
	"from:", "to:", "sender:", "reply-to:", "return-path:", "message-id:",
	"in-reply-to:", "references:", "errors-to:", "list-", "cc:",
	"received:", "delivered-to:", NULL
};

/*
 * Words before an address given to write to, not one that failed, looked
 * for in the CONTACT_REACH bytes before it.
 */
#define CONTACT_REACH	48
static const char *const contact_words[] = {
	"contact", "write to", "please mail", "please e-mail", "please email",
	"send mail to", "questions", "assistance", "support", "help at",
	NULL
};

/* Local parts of the mail system's own addresses. */
static const char *const system_locals[] = {
	"mailer-daemon", "postmaster", "mdaemon", "abuse", "hostmaster",
	"root", "noreply", "no-reply", NULL
};

static int	starts_with_any(bnc_span t, const char *const *phrases);

/* Does text contain one of the phrases, in any case? */
static int
has_any(const char *s, const char *const *phrases)
{
	bnc_span	t;

	t.p = s;
	t.len = strlen(s);
	return bnc_contains_any(t, phrases);
}

/* Words only a mail server's report uses. */
static const char *const smtp_words[] = {
	"smtp", "mail server", "mail system", "mailbox", "mail host", "mx ",
	"remote host", "rcpt to", NULL
};

/* Prefixes of a subject a person wrote in reply or forwarded. */
static const char *const reply_prefixes[] = {
	"re:", "re ", "fw:", "fwd:", "aw:", "wg:", "tr:", "sv:", "vs:", NULL
};

/* Is the message from the mail system itself? */
static int
from_mail_system(const bnc_view *v)
{
	return has_any(v->from, system_senders);
}

/* Is the subject a bounce's, and not a person's reply to or forward of one? */
static int
has_bounce_subject(const bnc_view *v)
{
	bnc_span	subject = bnc_trim(v->subject, strlen(v->subject));

	return has_any(v->subject, bounce_subjects) &&
		!starts_with_any(subject, reply_prefixes);
}

/* Does the text quote a mail server: an SMTP reply or a status code? */
static int
has_smtp_evidence(bnc_span text)
{
	bnc_status	st;

	return bnc_find_reply(text.p, text.len) != 0 ||
		bnc_find_status(text.p, text.len, &st) ||
		bnc_contains_any(text, smtp_words);
}

/* Does the trimmed line start a header block of the returned message? */
static int
starts_original_headers(bnc_span t)
{
	return bnc_ci_prefix(t.p, t.len, "Received: ") ||
		bnc_ci_prefix(t.p, t.len, "Return-Path:");
}

/* Does the trimmed line start with a run of separator characters? */
static int
is_separator(bnc_span t)
{
	/* some draw a box: "|----- Message text follows: -----|" */
	if (t.len > 0 && t.p[0] == '|')
	{
		t.p++;
		t.len--;
	}
	return t.len >= 2 && strchr("-=*_", t.p[0]) != NULL && t.p[1] == t.p[0];
}

/* Does the trimmed line start with one of the phrases? */
static int
starts_with_any(bnc_span t, const char *const *phrases)
{
	int			i;

	for (i = 0; phrases[i]; i++)
	{
		if (bnc_ci_prefix(t.p, t.len, phrases[i]))
			return 1;
	}
	return 0;
}

/*
 * The text up to the returned message; *original is set to the returned
 * message's header block when one follows (empty otherwise).
 */
static bnc_span
report_part(bnc_span text, bnc_span *original)
{
	bnc_lines	it;
	bnc_span	line;
	bnc_span	out = text;
	int			cut = 0;

	original->p = text.p + text.len;
	original->len = 0;
	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);

		if (cut)
		{
			/* the first line after the marker that holds anything */
			if (bnc_is_blank(line))
				continue;
			if (bnc_is_header_line(line))
				*original = bnc_rest_of(text, line);
			break;
		}
		if (line.len > 0 && !BNC_IS_WS(line.p[0]) &&
			starts_original_headers(t))
		{
			out.len = line.p - text.p;
			*original = bnc_rest_of(text, line);
			break;
		}
		if (starts_with_any(t, original_markers) ||
			(is_separator(t) && bnc_contains_any(t, original_markers)))
		{
			out.len = line.p - text.p;
			cut = 1;
		}
	}
	return out;
}

/* Is the address one of the mail system's own? */
static int
is_system_address(const char *addr)
{
	const char *at = strchr(addr, '@');
	int			i;

	for (i = 0; system_locals[i]; i++)
	{
		size_t		n = strlen(system_locals[i]);

		if (at && (size_t) (at - addr) == n &&
			bnc_ci_prefix(addr, n, system_locals[i]))
			return 1;
	}
	return 0;
}

/*
 * The address without the attribute name an X.400 gateway writes before it
 * ("dda:SMTP=user@example.com").
 */
static bnc_span
strip_x400_prefix(bnc_span a)
{
	static const char *const prefixes[] = {"SMTP=", "RFC-822=", NULL};
	int			i;

	for (i = 0; prefixes[i]; i++)
	{
		size_t		n = strlen(prefixes[i]);

		if (a.len > n && bnc_ci_prefix(a.p, a.len, prefixes[i]))
		{
			a.p += n;
			a.len -= n;
			break;
		}
	}
	return a;
}

/* Does the local part look like a message or queue identifier? */
static int
is_identifier(bnc_span a)
{
	size_t		digits = 0;
	size_t		i;

	for (i = 0; i < a.len && a.p[i] != '@'; i++)
	{
		if (BNC_IS_DIGIT(a.p[i]))
			digits++;
		else if (a.p[i] == '$')
			return 1;
	}
	return digits > 10;
}

/* Is the line a quoted header field whose addresses are not recipients? */
static int
is_quoted_field(bnc_span t)
{
	return starts_with_any(t, quoted_fields);
}

/*
 * Does line t name the address at a as one to write to for help?  Only the
 * words just before the address count, which also keeps the work linear
 * on a line of many addresses.
 */
static int
is_contact(bnc_span t, bnc_span a)
{
	bnc_span	before;

	before.p = a.p - t.p > CONTACT_REACH ? a.p - CONTACT_REACH : t.p;
	before.len = a.p - before.p;
	return bnc_contains_any(before, contact_words);
}

/* Does the span hold a letter? */
static int
has_letter(bnc_span s)
{
	size_t		i;

	for (i = 0; i < s.len; i++)
	{
		if (BNC_IS_ALPHA(s.p[i]) || (unsigned char) s.p[i] >= 0x80)
			return 1;
	}
	return 0;
}

/* The first paragraph of text starting at or after from, trimmed. */
static bnc_span
next_paragraph(bnc_span text, const char *from)
{
	bnc_span	rest;
	bnc_lines	it;
	bnc_span	line;
	bnc_span	para = {NULL, 0};

	rest.p = from;
	rest.len = (text.p + text.len) - from;
	bnc_lines_init(&it, rest.p, rest.len);
	while (bnc_lines_next(&it, &line))
	{
		if (!bnc_is_blank(line))
		{
			bnc_paragraph(rest, line, &para);
			break;
		}
	}
	return bnc_trim(para.p, para.len);
}

/* How far after an address its error is looked for, in bytes. */
#define ERROR_REACH		4096

/*
 * The words about the address a, which lies on line of text: the line's
 * words before the address when it has some ("User's mailbox is full:
 * <addr>") and the rest of the paragraph after it, or, when neither says
 * anything, the paragraph that follows.
 */
static void
read_error(bnc_builder *b, bnc_recipient *r, bnc_span text, bnc_span line,
		   bnc_span a)
{
	bnc_span	first;
	bnc_span	para;
	bnc_span	before;
	bnc_span	s;

	/* the words are near the address: look no further than ERROR_REACH */
	if ((size_t) ((text.p + text.len) - a.p) > ERROR_REACH)
		text.len = (a.p + ERROR_REACH) - text.p;
	first.p = a.p;
	first.len = 0;
	bnc_paragraph(text, first, &para);
	before.p = line.p;
	before.len = a.p - line.p;
	s.p = has_letter(before) ? line.p : a.p + a.len;
	s.len = para.p + para.len > s.p ? (size_t) (para.p + para.len - s.p) : 0;
	if (!has_letter(s))
		s = next_paragraph(text, s.p + s.len);
	if (has_letter(s))
		bnc_error_after_address(b, r, s);
}

/* Recognise a prose bounce and add a row per address its report names. */
int
bnc_decode_plaintext(const bnc_view *v, bnc_builder *b)
{
	bnc_span	text;
	bnc_span	original;
	bnc_span   *all;
	int			nlines;
	int			k;
	bnc_span	found[MAX_ADDRESSES];
	bnc_span	lines[MAX_ADDRESSES];
	char	   *seen[MAX_ADDRESSES];
	int			n = 0;
	int			i;
	int			delayed;
	int			from_system;

	if (v->text.len == 0 || bnc_has_dsn(v))
		return 0;
	from_system = from_mail_system(v);
	if (!from_system && !has_bounce_subject(v))
		return 0;
	text = report_part(v->text, &original);
	if (!bnc_contains_any(text, failure_words))
		return 0;

	/*
	 * A bounce's subject alone is not enough ("Your parcel could not be
	 * delivered"): the message must also return the original or quote a
	 * mail server's reply.
	 */
	if (!from_system && original.len == 0 && v->original.len == 0 &&
		!has_smtp_evidence(text))
		return 0;

	nlines = bnc_split_lines(b->alloc, text, &all);
	for (k = 0; k < nlines; k++)
	{
		bnc_span	t = bnc_trim(all[k].p, all[k].len);
		bnc_span	rest = t;
		bnc_span	a;

		if (is_quoted_field(t))
			continue;
		while (rest.len > 0 && bnc_addr_find(rest.p, rest.len, &a))
		{
			char	   *norm;
			int			j;

			rest.len -= (a.p + a.len) - rest.p;
			rest.p = a.p + a.len;
			a = strip_x400_prefix(a);
			norm = bnc_addr_normalize(b->alloc, a.p, a.len, NULL);
			if (norm == NULL || strchr(norm, '@') == NULL ||
				is_system_address(norm) || is_identifier(a) ||
				is_contact(t, a) ||
				(a.p - t.p >= 7 &&
				 bnc_ci_prefix(a.p - 7, 7, "mailto:")) ||
				bnc_ci_find(v->from, strlen(v->from), norm) ||
				bnc_ci_find(v->to, strlen(v->to), norm))
				continue;
			for (j = 0; j < n && strcmp(seen[j], norm) != 0; j++)
				;
			if (j < n)
				continue;
			if (n == MAX_ADDRESSES)
				return 0;
			seen[n] = norm;
			lines[n] = t;
			found[n++] = a;
		}
	}
	if (n == 0)
		return 0;

	b->res->format = "plaintext";
	b->original = original;
	delayed = has_any(v->subject, delay_words) ||
		bnc_contains_any(text, delay_words);
	for (i = 0; i < n; i++)
	{
		bnc_recipient *r = bnc_builder_add(b, found[i].p, found[i].len);

		if (r == NULL)
			break;
		r->action = delayed ? BNC_ACTION_DELAYED : BNC_ACTION_FAILED;
		read_error(b, r, text, lines[i], found[i]);
	}
	return b->res->nrcpts > 0;
}
