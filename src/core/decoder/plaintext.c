/*-------------------------------------------------------------------------
 *
 * plaintext.c
 *		Last-resort decoder for bounces written in prose by software that
 *		has no decoder of its own: a report from the mail system naming
 *		the failed addresses, with the servers' answers next to them,
 *		before the returned message.
 *
 * Such reports share a shape rather than a wording.  A paragraph of
 * apology, then each failed address on a line of its own or inside a
 * sentence ("Your message to <addr> could not be delivered"), with the
 * remote server's answer on the same line or in the lines below, then a
 * marker line before the returned message ("--- Below this line is a copy
 * of the message.") or the returned message's own header lines.
 *
 * Reading by shape would also read much mail that is not a bounce, so the
 * decoder first asks for two things.  The message must come from the mail
 * system (an address whose local part is MAILER-DAEMON, postmaster, ...)
 * or have a subject that starts the way bounces' subjects do
 * ("Undeliverable:", "failure notice", "Returned mail"), which leaves out
 * a person's reply to or forward of a bounce ("RE: Undeliverable", "TR :
 * ...", "答复: ...") and an auto-reply echoing one ("Automatic reply:
 * ...").  And it must carry what only bounces carry: the returned message
 * (an attached one, a marker line that only bounces write, or a header
 * block with Received or Message-ID fields after a marker), or a mail
 * server's code (an enhanced status code, or a reply code opening a line
 * or after "said:").  Mailing-list mail (List-Id, List-Unsubscribe) is
 * read only when it comes from the mail system: a bounce passed on to a
 * list's owner carries the list's fields.
 *
 * The decoder then reads the text up to the returned message, takes every
 * address in it that is not the mail system's own, the bounce's sender or
 * addressee, a field of quoted headers, a mailto: link, a help address
 * ("write to ...") or a message identifier, and gives each one the words
 * next to it (up to the next address) as its diagnostic, which the
 * classifier then reads.  A report that names no address is taken to be
 * about the returned message's addressee, when its To names only one.
 *
 * It runs after every decoder of a known format and after the RFC 3464
 * reader, and only on messages without delivery-status fields, so it
 * never changes what a known format gives.
 * The price of reading by shape is that a report naming addresses that
 * did not fail (a forwarding address, the original sender written out)
 * gives them rows too.
 *
 * src/core/decoder/plaintext.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* More distinct addresses than this is a list or a digest, not a report. */
#define MAX_ADDRESSES	64

/* Addresses looked at in all (repeats and skipped ones too), at most. */
#define MAX_OCCURRENCES 4096

/* Addresses of From and To compared with each found one, at most. */
#define MAX_OWN			8

/* How far after an address its error is looked for, in bytes. */
#define ERROR_REACH		4096

/* How far before an address words naming a help address count, in bytes. */
#define CONTACT_REACH	48

/* Local parts of the addresses the mail system sends its reports from. */
static const char *const system_senders[] = {
	"mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon",
	"maildaemon", "postmaster", "mdaemon", NULL
};

/* Local parts of addresses in a report that are not recipients. */
static const char *const system_locals[] = {
	"mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon",
	"maildaemon", "postmaster", "mdaemon", "abuse", "hostmaster", "root",
	"noreply", "no-reply", NULL
};

/* How the subjects of bounces start. */
static const char *const bounce_subjects[] = {
	"undeliverable", "undelivered", "undeliverable mail", "returned mail",
	"failure notice", "mail delivery failed", "mail delivery failure",
	"mail delivery system", "delivery status notification",
	"delivery failure", "delivery failed", "delivery notification",
	"delivery report (failure)", "non-delivery", "nondeliverable",
	"non delivery", "mail system error", "mail not delivered",
	"message not delivered", "not delivered", "could not deliver",
	"permanent delivery failure", "mail delivery warning",
	"warning: message", "warning: could not", "delayed mail",
	"delivery delayed", "message delayed", "mail failed",
	"mail delivery problem", "returned to sender", "message undeliverable",
	"your message could not be delivered", "returned message",
	"bounced mail",
	/* Exchange's in other languages */
	"unzustellbar", "non remis", "non distribuable", "no se puede entregar",
	"imposible entregar", "non recapitabile", "onbestelbaar",
	"não é possível entregar", "nie można dostarczyć", NULL
};

/* Words a bounce's text has somewhere: the message was not delivered. */
static const char *const failure_words[] = {
	"deliver", "fail", "error", "unknown", "reject", "return", "bounce",
	"not found", "does not exist", "no such", "refused", "denied",
	"invalid", "quota", "full", "unable", "could not", "couldn't",
	"unavailable", "disabled", "mailbox", "not exist", "problem", "sorry",
	"did not reach", "not recognized",
	/* in other languages: (not) delivered, mailbox */
	"zugestellt", "postfach", "remis", "distribu", "entreg", "consegn",
	"bestel", "dostarcz", "配信", "投递", "退信", NULL
};

/* Words of a delay notice rather than a final failure. */
static const char *const delay_words[] = {
	"delayed", "not yet been delivered", "will continue to try",
	"will keep trying", "still trying", "will be retried",
	"has not been delivered yet", NULL
};

/*
 * Marker lines before the returned message that only bounces write: a line
 * that starts with one of these, or a separator line ("------ ... ------")
 * holding one, ends the report.
 */
static const char *const bounce_markers[] = {
	"copy of the message", "copy of your message", "message follows",
	"returned message", "header of the original", "headers of the original",
	"below this line", "unsent message", "message text follows",
	"message header follows", "headers follow", "undelivered message",
	"original message follows", NULL
};

/*
 * Marker lines that people write too ("-----Original Message-----" of a
 * quoted reply): they end the report, but only a header block of a sent
 * message after them counts as a returned message.
 */
static const char *const other_markers[] = {
	"original message", "original mail", "ursprüngliche nachricht",
	"message d'origine", "message original", "mensaje original",
	"messaggio originale", "oorspronkelijk bericht", "元のメッセージ",
	"原始邮件", NULL
};

/* Fields that only the header block of a sent message has. */
static const char *const sent_fields[] = {
	"received:", "message-id:", "return-path:", NULL
};

/* Header fields of a quoted message whose addresses are not recipients. */
static const char *const quoted_fields[] = {
	"from:", "to:", "sender:", "reply-to:", "return-path:", "message-id:",
	"in-reply-to:", "references:", "errors-to:", "list-", "cc:",
	"received:", "delivered-to:", NULL
};

/* Words before an address given to write to, not one that failed. */
static const char *const contact_words[] = {
	"contact", "write to", "please mail", "please e-mail", "please email",
	"send mail to", "questions", "assistance", "support", "help at",
	NULL
};

/* What the decoder needs of the message beyond its text. */
typedef struct prose_msg
{
	bnc_span	report;			/* text up to the returned message */
	bnc_span	original;		/* returned header block, or empty */
	int			marker;			/* a marker only bounces write was seen */
	bnc_headers returned;		/* header of the returned message, if any */
	char	   *own[MAX_OWN];	/* From and To addresses, normalised */
	int			nown;
} prose_msg;

/*
 * An address met in the report, the trimmed line it is on, and which of
 * the addresses read it is (-1 for one skipped).
 */
typedef struct prose_occ
{
	bnc_span	addr;
	bnc_span	line;
	int			who;
} prose_occ;

/* Is the local part of the address s one of the list? */
static int
has_local_part(bnc_span s, const char *const *locals)
{
	const char *at = memchr(s.p, '@', s.len);
	int			i;

	for (i = 0; at != NULL && locals[i]; i++)
	{
		size_t		n = strlen(locals[i]);

		if ((size_t) (at - s.p) == n && bnc_ci_prefix(s.p, n, locals[i]))
			return 1;
	}
	return 0;
}

/* Is the message from the mail system itself? */
static int
from_mail_system(const bnc_view *v)
{
	bnc_span	a;

	return bnc_addr_find(v->from, strlen(v->from), &a) &&
		has_local_part(a, system_senders);
}

/*
 * Does the subject open with a reply or forward prefix, in any language: a
 * word of at most six bytes and a colon ("Re:", "TR :", "Antw:", "答复:")?
 * Bounces' subjects never do.
 */
static int
is_reply_subject(bnc_span s)
{
	static const char fullwidth_colon[] = "\xef\xbc\x9a";
	size_t		i = 0;

	while (i < s.len && i <= 6 && s.p[i] != ':' && !BNC_IS_WS(s.p[i]) &&
		   s.p[i] != '[' &&
		   !(s.len - i >= 3 && memcmp(s.p + i, fullwidth_colon, 3) == 0))
		i++;
	if (i == 0 || i > 6)
		return 0;
	if (i < s.len && s.p[i] == ' ')
		i++;
	return (i < s.len && s.p[i] == ':') ||
		(s.len - i >= 3 && memcmp(s.p + i, fullwidth_colon, 3) == 0);
}

/* Is the message mailing-list mail? */
static int
is_list_mail(const bnc_view *v)
{
	return bnc_has_field_prefix(v, "List-Id") ||
		bnc_has_field_prefix(v, "List-Unsubscribe");
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

/* Is the trimmed line a marker line of one of the lists? */
static int
is_marker(bnc_span t, const char *const *markers)
{
	return bnc_starts_with_any(t, markers) ||
		(is_separator(t) && bnc_contains_any(t, markers));
}

/*
 * Does the header block at the start of s hold a field only a sent
 * message's header has?  Looks at its first lines only.
 */
static int
is_sent_header_block(bnc_span s)
{
	bnc_lines	it;
	bnc_span	line;
	int			n = 0;

	bnc_lines_init(&it, s.p, s.len);
	while (n++ < 40 && bnc_lines_next(&it, &line) && !bnc_is_blank(line))
	{
		if (bnc_starts_with_any(line, sent_fields))
			return 1;
	}
	return 0;
}

/*
 * Find where the report ends and the returned message starts: m->report,
 * m->original (the returned header block, when it has fields only a sent
 * message has) and m->marker.
 */
static void
split_report(bnc_span text, prose_msg *m)
{
	bnc_lines	it;
	bnc_span	line;
	int			cut = 0;

	m->report = text;
	m->original.p = text.p + text.len;
	m->original.len = 0;
	m->marker = 0;
	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);

		if (cut)
		{
			/* the first line after the marker that holds anything */
			if (bnc_is_blank(line))
				continue;
			if (bnc_is_header_line(line) &&
				is_sent_header_block(bnc_rest_of(text, line)))
				m->original = bnc_rest_of(text, line);
			return;
		}
		if (line.len > 0 && !BNC_IS_WS(line.p[0]) &&
			starts_original_headers(t))
		{
			m->report.len = line.p - text.p;
			m->original = bnc_rest_of(text, line);
			return;
		}
		if (is_marker(t, bounce_markers))
			m->marker = 1;
		else if (!is_marker(t, other_markers))
			continue;
		m->report.len = line.p - text.p;
		cut = 1;
	}
}

/*
 * Does the trimmed line open with a reply code ("550 ...", "550-..."),
 * alone or after the address it is about ("<addr>: 550 ...")?
 */
static int
opens_with_reply(bnc_span t)
{
	const char *colon = memchr(t.p, ':', t.len);

	if (colon != NULL && memchr(t.p, '@', colon - t.p) != NULL &&
		memchr(t.p, ' ', colon - t.p) == NULL)
		t = bnc_trim(colon + 1, (t.p + t.len) - (colon + 1));
	return t.len >= 4 && (t.p[0] == '4' || t.p[0] == '5') &&
		BNC_IS_DIGIT(t.p[1]) && BNC_IS_DIGIT(t.p[2]) &&
		(t.p[3] == ' ' || t.p[3] == '-');
}

/*
 * Does the trimmed line hold a failure's status code, or a reply code
 * opening it or after "said:"?
 */
static int
line_has_code(bnc_span t)
{
	bnc_status	st;
	const char *said;

	if ((bnc_find_status(t.p, t.len, &st) && (st.cls == 4 || st.cls == 5)) ||
		opens_with_reply(t))
		return 1;
	said = bnc_ci_find(t.p, t.len, "said:");
	return said != NULL &&
		opens_with_reply(bnc_trim(said + 5, (t.p + t.len) - (said + 5)));
}

/*
 * Does the report quote a mail server: an enhanced status code of a
 * failure or delay, or a reply code opening a line, after the address it
 * is about or after "said:"?  (A number in prose, a house or a phone
 * number, is not one.)
 */
static int
quotes_mail_server(bnc_span report)
{
	bnc_lines	it;
	bnc_span	line;

	bnc_lines_init(&it, report.p, report.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);

		/* a transcript has success codes too: look on every line */
		if (line_has_code(t))
			return 1;
		/* "host ... said:" with the reply on the next line */
		if (t.len >= 5 && bnc_ci_equal(t.p + t.len - 5, 5, "said:") &&
			bnc_lines_next(&it, &line) &&
			line_has_code(bnc_trim(line.p, line.len)))
			return 1;
	}
	return 0;
}

/* Add the addresses of a header value to the list of the bounce's own. */
static void
add_own(const bnc_alloc *alloc, const char *value, prose_msg *m)
{
	bnc_span	rest;
	bnc_span	a;

	if (value == NULL)
		return;
	rest.p = value;
	rest.len = strlen(value);
	while (m->nown < MAX_OWN && rest.len > 0 &&
		   bnc_addr_find(rest.p, rest.len, &a))
	{
		char	   *norm = bnc_addr_normalize(alloc, a.p, a.len, NULL);

		if (norm != NULL)
			m->own[m->nown++] = norm;
		rest.len -= (a.p + a.len) - rest.p;
		rest.p = a.p + a.len;
	}
}

/*
 * Read the returned message's header (an attached one, else the block
 * after the report), and list the addresses that a found address is
 * compared with: the bounce's sender and addressee, and the sender of the
 * returned message, are not recipients.
 */
static void
read_returned(const bnc_view *v, const bnc_alloc *alloc, prose_msg *m)
{
	bnc_span	o = v->original.len > 0 ? v->original : m->original;

	m->returned.fields = NULL;
	m->returned.nfields = 0;
	if (o.len > 0)
		bnc_headers_parse(alloc, o.p, o.len, &m->returned);
	m->nown = 0;
	add_own(alloc, v->from, m);
	add_own(alloc, v->to, m);
	add_own(alloc, bnc_header_value(alloc, &m->returned, "From"), m);
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

/*
 * Is the local part a message or queue identifier rather than a mailbox?
 * Long and mostly digits ("20250414080217.0004471@host"), or with a '$'.
 * A mobile number of eleven digits is a mailbox.
 */
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
	return i >= 16 && digits * 10 >= i * 6;
}

/*
 * Does the normalised address look like one?  A local part not ending in
 * '.', a domain with a dot that starts and ends with a letter or digit.
 */
static int
is_plausible(const char *norm)
{
	const char *at = strrchr(norm, '@');
	size_t		dlen;

	if (at == NULL || at == norm || at[-1] == '.')
		return 0;
	dlen = strlen(at + 1);
	return dlen >= 3 && strchr(at + 1, '.') != NULL &&
		(BNC_IS_ALPHA(at[1]) || BNC_IS_DIGIT(at[1])) &&
		(BNC_IS_ALPHA(at[dlen]) || BNC_IS_DIGIT(at[dlen]));
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

/*
 * The words about the address met at occ[k] of the report: from the line's
 * start when it is the first address of its line and the line says
 * something before it ("User's mailbox is full: <addr>"), else from the
 * address on, to the end of its paragraph but never past the next address
 * met; when that says nothing, the paragraph that follows.  At most
 * ERROR_REACH bytes either side of the address are read.
 */
static void
read_error(bnc_builder *b, bnc_recipient *r, bnc_span report,
		   const prose_occ *occ, int nocc, int k)
{
	bnc_span	a = occ[k].addr;
	bnc_span	line = occ[k].line;
	const char *start = line.p;
	const char *end = report.p + report.len;
	const char *after = a.p + a.len;
	bnc_span	window;
	bnc_span	first;
	bnc_span	para;
	bnc_span	before;
	bnc_span	s;

	int			j;

	/* the neighbours that are other addresses bound the words */
	for (j = k - 1; j >= 0 && occ[j].line.p == line.p; j--)
	{
		if (occ[j].who != occ[k].who)
		{
			start = occ[j].addr.p + occ[j].addr.len;
			break;
		}
	}
	if ((size_t) (a.p - start) > ERROR_REACH)
		start = a.p - ERROR_REACH;
	for (j = k + 1; j < nocc && occ[j].addr.p - after <= (long) ERROR_REACH;
		 j++)
	{
		if (occ[j].who != occ[k].who)
		{
			end = occ[j].line.p == line.p ? occ[j].addr.p : occ[j].line.p;
			break;
		}
	}
	if ((size_t) (end - after) > ERROR_REACH)
		end = after + ERROR_REACH;

	window.p = report.p;
	window.len = end - report.p;
	first.p = a.p;
	first.len = 0;
	bnc_paragraph(window, first, &para);
	before.p = start;
	before.len = a.p - start;
	/* words between two addresses on a line belong to the first one */
	s.p = (start == line.p || (size_t) (a.p - line.p) > ERROR_REACH) &&
		(has_letter(before) || line_has_code(before)) ? start : after;
	s.len = para.p + para.len > s.p ? (size_t) (para.p + para.len - s.p) : 0;
	if (!has_letter(s))
		s = next_paragraph(window, s.p + s.len);
	if (has_letter(s))
		bnc_error_after_address(b, r, s);
}

/* The index of the normalised address in the list, or -1. */
static int
list_index(char *const *list, int n, const char *norm)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (strcmp(list[i], norm) == 0)
			return i;
	}
	return -1;
}

/* Is the normalised address one of the list? */
static int
in_list(char *const *list, int n, const char *norm)
{
	return list_index(list, n, norm) >= 0;
}

/*
 * A report that names no address may be about the one address the returned
 * message was sent to: add a row for it, with the report's words as its
 * diagnostic, when the returned header's To names one address only.
 */
static int
only_addressee(bnc_builder *b, const prose_msg *m)
{
	char	   *to = bnc_header_value(b->alloc, &m->returned, "To");
	bnc_span	a;
	bnc_span	other;
	bnc_span	rest;
	bnc_span	words;
	bnc_recipient *r;
	char	   *norm;

	if (to == NULL || !bnc_addr_find(to, strlen(to), &a))
		return 0;
	rest.p = a.p + a.len;
	rest.len = strlen(rest.p);
	norm = bnc_addr_normalize(b->alloc, a.p, a.len, NULL);
	if (norm == NULL || !is_plausible(norm) ||
		in_list(m->own, m->nown, norm) ||
		bnc_addr_find(rest.p, rest.len, &other))
		return 0;
	r = bnc_builder_add(b, a.p, a.len);
	if (r == NULL)
		return 0;
	b->res->format = "plaintext";
	b->original = m->original;
	r->action = bnc_contains_any(m->report, delay_words) ?
		BNC_ACTION_DELAYED : BNC_ACTION_FAILED;
	words = bnc_trim(m->report.p, m->report.len);
	if (words.len > ERROR_REACH)
		words.len = ERROR_REACH;
	if (has_letter(words))
		bnc_error_after_address(b, r, words);
	return 1;
}

/* Recognise a prose bounce and add a row per address its report names. */
int
bnc_decode_plaintext(const bnc_view *v, bnc_builder *b)
{
	prose_msg	m;
	bnc_span	subject;
	bnc_lines	it;
	bnc_span	line;
	prose_occ  *occ;
	int			nocc = 0;
	char	   *seen[MAX_ADDRESSES];
	int			chosen[MAX_ADDRESSES];	/* occ index read for each address */
	int			coded[MAX_ADDRESSES];	/* does that occurrence's line hold a
										 * code? */
	int			n = 0;
	int			i;
	int			delayed;
	int			system;
	int			bounce_subject;
	int			quoted;			/* does the report quote a mail server? */

	subject = bnc_trim(v->subject, strlen(v->subject));
	if (v->text.len == 0 || bnc_has_dsn(v) || is_reply_subject(subject))
		return 0;
	system = from_mail_system(v);
	/* does the subject start as bounces' subjects do? */
	bounce_subject = bnc_starts_with_any(subject, bounce_subjects);

	/*
	 * Mailing-list mail is read only from the mail system: a bounce passed
	 * on to a list's owner carries the list's fields too.
	 */
	if (!(system || bounce_subject) || (!system && is_list_mail(v)))
		return 0;
	split_report(v->text, &m);

	/*
	 * What only bounces carry, unless both the sender and the subject are
	 * a bounce's.  From the mail system itself, a marker line that people
	 * write too will do.
	 */
	quoted = quotes_mail_server(m.report);
	if (!(system && bounce_subject) &&
		!(v->original.len > 0 || m.original.len > 0 || m.marker ||
		  (system && m.report.len < v->text.len) || quoted))
		return 0;
	if (!quoted && !bnc_contains_any(m.report, failure_words))
		return 0;
	read_returned(v, b->alloc, &m);

	/* every address met, in order, and the first mention of each new one */
	occ = bnc_mem(b->alloc, sizeof(prose_occ) * MAX_OCCURRENCES);
	bnc_lines_init(&it, m.report.p, m.report.len);
	while (nocc < MAX_OCCURRENCES && bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_span	rest = t;
		bnc_span	a;
		int			line_coded = -1;	/* line_has_code(t), once needed */

		if (bnc_starts_with_any(t, quoted_fields))
			continue;
		while (rest.len > 0 && nocc < MAX_OCCURRENCES &&
			   bnc_addr_find(rest.p, rest.len, &a))
		{
			char	   *norm;
			int			j;

			rest.len -= (a.p + a.len) - rest.p;
			rest.p = a.p + a.len;
			a = strip_x400_prefix(a);
			occ[nocc].addr = a;
			occ[nocc].line = t;
			occ[nocc].who = -1;
			nocc++;
			norm = bnc_addr_normalize(b->alloc, a.p, a.len, NULL);
			if (norm != NULL && (j = list_index(seen, n, norm)) >= 0)
			{
				occ[nocc - 1].who = j;
				/*
				 * Named again: a transcript names an address first where it
				 * sends it, then where the server answers; read the answer.
				 */
				if (!coded[j] && t.p != occ[chosen[j]].line.p)
				{
					if (line_coded < 0)
						line_coded = line_has_code(t);
					if (line_coded)
					{
						chosen[j] = nocc - 1;
						coded[j] = 1;
					}
				}
				continue;
			}
			if (norm == NULL || !is_plausible(norm) ||
				in_list(m.own, m.nown, norm) ||
				has_local_part(a, system_locals) || is_identifier(a) ||
				is_contact(t, a) ||
				(a.p - t.p >= 7 && bnc_ci_prefix(a.p - 7, 7, "mailto:")))
				continue;
			if (n == MAX_ADDRESSES)
				return 0;
			if (line_coded < 0)
				line_coded = line_has_code(t);
			seen[n] = norm;
			chosen[n] = nocc - 1;
			coded[n] = line_coded;
			occ[nocc - 1].who = n;
			n++;
		}
	}
	if (n == 0)
		return only_addressee(b, &m);

	b->res->format = "plaintext";
	b->original = m.original;
	delayed = bnc_contains_any(subject, delay_words) ||
		bnc_contains_any(m.report, delay_words);
	for (i = 0; i < n; i++)
	{
		const prose_occ *o = &occ[chosen[i]];
		bnc_recipient *r = bnc_builder_add(b, o->addr.p, o->addr.len);

		if (r == NULL)
			break;
		r->action = delayed ? BNC_ACTION_DELAYED : BNC_ACTION_FAILED;
		read_error(b, r, m.report, occ, nocc, chosen[i]);
	}
	return b->res->nrcpts > 0;
}
