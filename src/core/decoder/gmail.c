/*-------------------------------------------------------------------------
 *
 * gmail.c
 *		Decoder for the plain-text bounces Gmail used to send: "Delivery to
 *		the following recipient failed permanently:" (or "has been
 *		delayed:"), the indented addresses, then "Technical details of
 *		permanent failure:" and often "The error that the other server
 *		returned was: 550 5.1.1 ...".  Also Gmail's current notices ("**
 *		Message not delivered **") when their report part lists nobody:
 *		the X-Failed-Recipients header names the recipients then.
 *
 * src/core/decoder/gmail.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"
#include "dsn.h"

/* Openings of the notice, and the action each one means. */
static const struct
{
	const char *phrase;
	bnc_action	action;
}			openings[] =
{
	{"Delivery to the following recipient failed permanently:",
	BNC_ACTION_FAILED},
	{"Delivery to the following recipients failed permanently:",
	BNC_ACTION_FAILED},
	{"Delivery to the following recipient has been delayed:",
	BNC_ACTION_DELAYED},
	{"Delivery to the following recipients has been delayed:",
	BNC_ACTION_DELAYED},
	{"Delivery to the following recipient failed:", BNC_ACTION_FAILED},
	{NULL, BNC_ACTION_NONE}
};

/* How every opening starts: one search tells a message without any. */
#define OPENING_STEM "Delivery to the following recipient"

/*
 * Gmail's own fixed wordings whose meaning the notice decides.  Gmail
 * writes "did not accept our requests to connect" only once its repeated
 * attempts to connect have failed, in the warning and in the final notice.
 */
static const struct
{
	const char *phrase;
	bnc_reason	reason;
}			gmail_reasons[] =
{
	{"did not accept our requests to connect", BNC_R_expired},
	{NULL, BNC_R_undefined}
};

/*
 * Help-page codes of Gmail's current notices ("?p=NoSuchUser") whose
 * meaning is fixed.  CustomFromDenied: the account's "Send mail as" address
 * may not be used through the server it is set up with.
 */
static const struct
{
	const char *code;
	bnc_reason	reason;
}			help_codes[] =
{
	{"?p=NoSuchUser", BNC_R_userunknown},
	{"?p=CustomFromDenied", BNC_R_rejected},
	{NULL, BNC_R_undefined}
};

/* Headings after which Gmail's current notices quote the answer. */
static const char *const response_markers[] = {
	"The response from the remote server was:",
	"The response was:",
	NULL
};

/* The paragraph that follows marker in text; empty if none. */
static bnc_span
paragraph_after(bnc_span text, const char *marker)
{
	bnc_span	s = bnc_after(text, marker);
	bnc_lines	it;
	bnc_span	line;
	bnc_span	para = {"", 0};

	bnc_lines_init(&it, s.p, s.len);
	bnc_lines_next(&it, &line);
	while (bnc_lines_next(&it, &line))
	{
		if (!bnc_is_blank(line))
		{
			bnc_paragraph(s, line, &para);
			break;
		}
	}
	return para;
}

/*
 * Read one of Gmail's current notices whose report part holds no recipient
 * record: a row for each address of X-Failed-Recipients, with the answer
 * the notice quotes.
 */
static int
read_empty_report(const bnc_view *v, bnc_builder *b)
{
	bnc_dsn		d;
	char	   *failed;
	bnc_span	answer = {"", 0};
	const char *p;
	int			k;

	if (!bnc_ci_find(v->from, strlen(v->from), "mailer-daemon@google") ||
		(failed = bnc_view_header(v, "X-Failed-Recipients")) == NULL)
		return 0;
	if (v->dsn.len > 0 && bnc_dsn_parse(b->alloc, v->dsn.p, v->dsn.len, &d))
		return 0;
	for (k = 0; response_markers[k] && answer.len == 0; k++)
		answer = paragraph_after(v->text, response_markers[k]);
	if (answer.len == 0)
		return 0;
	b->res->format = "gmail";
	for (p = failed; *p;)
	{
		const char *comma = strchr(p, ',');
		size_t		n = comma ? (size_t) (comma - p) : strlen(p);
		bnc_recipient *r = bnc_builder_add(b, p, n);

		if (r)
		{
			r->action = BNC_ACTION_FAILED;
			bnc_builder_diagnostic(b, r, answer.p, answer.len);
			for (k = 0; help_codes[k].code; k++)
			{
				if (bnc_ci_find(v->text.p, v->text.len, help_codes[k].code))
				{
					r->reason = help_codes[k].reason;
					break;
				}
			}
		}
		p += comma ? n + 1 : n;
	}
	return b->res->nrcpts > 0;
}

/* The error text: what the other server returned, else the details. */
static bnc_span
error_text(bnc_span text)
{
	bnc_span	s;
	bnc_lines	it;
	bnc_span	line;

	s = bnc_after(text, "The error that the other server returned was:");
	if (s.len == 0)
		s = bnc_after(text, "Technical details of permanent failure:");
	if (s.len == 0)
		s = bnc_after(text, "Technical details of temporary failure:");

	/* up to the first blank line after some text */
	bnc_lines_init(&it, s.p, s.len);
	while (bnc_lines_next(&it, &line))
	{
		if (bnc_is_blank(line) && bnc_trim(s.p, line.p - s.p).len > 0)
		{
			s.len = line.p - s.p;
			break;
		}
	}
	return s;
}

/* Recognise a Gmail plain-text bounce and read it. */
int
bnc_decode_gmail(const bnc_view *v, bnc_builder *b)
{
	bnc_span	notice;
	bnc_span	text;
	bnc_span	list;
	bnc_span	err;
	bnc_lines	it;
	bnc_span	line;
	int			k;
	int			i;

	notice = bnc_view_notice(v);
	if (bnc_ci_find(notice.p, notice.len, OPENING_STEM) == NULL)
		return read_empty_report(v, b);
	text = bnc_cut_at(v->text, "----- Original message -----");
	for (k = 0; openings[k].phrase; k++)
	{
		list = bnc_after(text, openings[k].phrase);
		if (list.len > 0)
			break;
	}
	if (openings[k].phrase == NULL)
		return read_empty_report(v, b);
	if (bnc_has_dsn(v))
		return 0;
	b->res->format = "gmail";
	bnc_inline_original(b, v->text, "----- Original message -----");
	err = error_text(text);

	/* the addresses: indented lines up to the first other line */
	bnc_lines_init(&it, list.p, list.len);
	bnc_lines_next(&it, &line);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_recipient *r;

		if (t.len == 0)
		{
			if (b->res->nrcpts > 0)
				break;
			continue;
		}
		if (!BNC_IS_SPACE(line.p[0]) || memchr(t.p, '@', t.len) == NULL)
			break;
		r = bnc_builder_add(b, t.p, t.len);
		if (r)
			r->action = openings[k].action;
	}
	for (k = 0; gmail_reasons[k].phrase; k++)
	{
		if (bnc_ci_find(err.p, err.len, gmail_reasons[k].phrase))
			break;
	}
	for (i = 0; i < b->res->nrcpts; i++)
	{
		bnc_builder_diagnostic(b, &b->res->rcpts[i], err.p, err.len);
		if (gmail_reasons[k].phrase)
			b->res->rcpts[i].reason = gmail_reasons[k].reason;
	}
	return b->res->nrcpts > 0;
}
