/*-------------------------------------------------------------------------
 *
 * common.c
 *		Helpers shared by the decoders: the RFC 3464 report reader that the
 *		generic and the vendor decoders use, and small span utilities for
 *		reading human-readable bounce text.
 *
 * src/core/decoder/common.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"
#include "details.h"
#include "dsn.h"

/*
 * Above this many recipients the report's text is not searched for each
 * recipient's error, which keeps the work linear in the message size.
 * XXX so in a larger report, records without Diagnostic-Code get no
 * diagnostic even when the text gives one.
 */
#define TEXT_LOOKUP_MAX		64

/*
 * Does the message carry delivery-status fields (as a part, or as text in
 * the notice: those of a returned message do not count)?
 */
int
bnc_has_dsn(const bnc_view *v)
{
	bnc_span	notice;
	bnc_span	found;

	if (v->dsn.len > 0)
		return 1;
	if (v->text_dsn != BNC_TEXT_DSN_UNKNOWN)
		return v->text_dsn == BNC_TEXT_DSN_YES;
	notice = bnc_view_notice(v);
	return bnc_dsn_find_in_text(notice.p, notice.len, &found);
}

/*
 * The part of the text that a decoder looks in for the sentences that
 * mark its format: the text up to a message returned inside it (where a
 * plain-text bounce quotes the message it returns), so that the often
 * long returned message is not searched, and a bounce quoted inside it is
 * not taken for this one.  A view made by a decoder has no notice set,
 * and its whole text is the notice.
 */
bnc_span
bnc_view_notice(const bnc_view *v)
{
	return v->notice.p != NULL ? v->notice : v->text;
}

/* The text before the first line holding marker (all of it if none). */
bnc_span
bnc_cut_at(bnc_span text, const char *marker)
{
	const char *m = bnc_ci_find(text.p, text.len, marker);

	if (m)
	{
		while (m > text.p && m[-1] != '\n' && m[-1] != '\r')
			m--;
		text.len = m - text.p;
	}
	return text;
}

/* The text right after the first occurrence of marker; empty if none. */
bnc_span
bnc_after(bnc_span text, const char *marker)
{
	const char *m = bnc_ci_find(text.p, text.len, marker);
	bnc_span	s;

	s.p = text.p + text.len;
	s.len = 0;
	if (m)
	{
		s.p = m + strlen(marker);
		s.len = (text.p + text.len) - s.p;
	}
	return s;
}

/* The text from the start of line to the end of text. */
bnc_span
bnc_rest_of(bnc_span text, bnc_span line)
{
	bnc_span	s;

	s.p = line.p;
	s.len = (text.p + text.len) - line.p;
	return s;
}

/*
 * The paragraph that starts at first (a span inside text): up to the next
 * blank line.  Returns its number of lines.
 */
int
bnc_paragraph(bnc_span text, bnc_span first, bnc_span *para)
{
	bnc_lines	it;
	bnc_span	line;
	bnc_span	rest = bnc_rest_of(text, first);
	int			n = 0;

	para->p = first.p;
	para->len = 0;
	bnc_lines_init(&it, rest.p, rest.len);
	while (bnc_lines_next(&it, &line))
	{
		if (bnc_is_blank(line))
			break;
		para->len = (line.p + line.len) - para->p;
		n++;
	}
	return n;
}

/*
 * Read the error a human-readable report gives for r, in the form
 * "<addr>: host mx.example.net[192.0.2.1] said: 550 ... (in reply to RCPT
 * TO command)", starting right after the address.
 */
void
bnc_error_after_address(bnc_builder *b, bnc_recipient *r, bnc_span raw)
{
	bnc_span	s;
	const char *said;
	const char *host;
	const char *cmd;
	const char *cut;

	/* unfolded first: phrases may be broken across lines */
	s.p = bnc_unfold(b->alloc, raw.p, raw.len);
	s.len = strlen(s.p);
	cmd = bnc_find_command(s.p, s.len);
	if (r->smtp_command == NULL && cmd)
		r->smtp_command = (char *) cmd;
	host = bnc_ci_find(s.p, s.len, "host ");
	said = bnc_ci_find(s.p, s.len, " said:");
	if (host && said && host < said && r->remote_mta == NULL)
	{
		const char *h = host + 5;
		const char *e = h;

		while (e < said && *e != '[' && !BNC_IS_WS(*e))
			e++;
		if (e > h)
			r->remote_mta = bnc_strndup(b->alloc, h, e - h);
	}
	if (said)
	{
		s.len = (s.p + s.len) - (said + 6);
		s.p = said + 6;
	}
	else
	{
		/*
		 * skip the punctuation ("<addr>:", a quote closing "'<addr>'") and
		 * "(expanded from ...)" after the address
		 */
		if (s.len > 0 && *s.p == '>')
		{
			s.p++;
			s.len--;
		}
		if (s.len > 0 && (*s.p == '\'' || *s.p == '"'))
		{
			s.p++;
			s.len--;
		}
		while (s.len > 0 && (*s.p == '>' || *s.p == ':' || BNC_IS_WS(*s.p)))
		{
			s.p++;
			s.len--;
		}
		if (bnc_ci_prefix(s.p, s.len, "(expanded from"))
		{
			const char *close = memchr(s.p, ')', s.len);

			if (close)
			{
				s.len = (s.p + s.len) - (close + 1);
				s.p = close + 1;
				while (s.len > 0 && (*s.p == ':' || BNC_IS_WS(*s.p)))
				{
					s.p++;
					s.len--;
				}
			}
		}
	}
	/*
	 * A row that has its words, reply and status already (a report's
	 * record, looked up in the text for its command, or an address that a
	 * notice names a second time) takes nothing more from these words: the
	 * command was looked for above, in all of s.
	 */
	if (r->diagnostic != NULL && r->reply_code != 0 && r->status.cls != 0)
		return;
	cut = bnc_ci_find(s.p, s.len, "(in reply to");
	if (cut)
		s.len = cut - s.p;
	bnc_builder_diagnostic(b, r, s.p, s.len);
}

/*
 * First mention of addr in text that is not on a line of report fields
 * ("Final-Recipient: rfc822; addr" written out as text).
 */
static const char *
find_in_prose(bnc_span text, const char *addr)
{
	const char *end = text.p + text.len;
	const char *q = text.p;

	while (q < end)
	{
		const char *m = bnc_ci_find(q, end - q, addr);
		bnc_span	line;

		if (m == NULL)
			return NULL;
		/* field names are short: look back a bounded distance only */
		line.p = m;
		while (line.p > text.p && line.p[-1] != '\n' &&
			   line.p[-1] != '\r' && m - line.p < 100)
			line.p--;
		line.len = m - line.p;
		if (!bnc_is_header_line(line) || memchr(line.p, '<', line.len))
			return m;
		q = m + 1;
	}
	return NULL;
}

/*
 * Look for r's recipient in the human-readable text and take the error
 * written in the paragraph that names it.
 */
static void
error_from_text(const bnc_view *v, bnc_builder *b, bnc_recipient *r)
{
	const char *m;
	bnc_span	first;
	bnc_span	para;
	bnc_span	s;

	if (v->text.len == 0 || r->recipient == NULL)
		return;
	m = find_in_prose(v->text, r->recipient);
	if (m == NULL)
		return;
	first.p = m;
	first.len = 0;
	bnc_paragraph(v->text, first, &para);
	s.p = m + strlen(r->recipient);
	s.len = para.p + para.len > s.p ? (size_t) (para.p + para.len - s.p) : 0;
	bnc_error_after_address(b, r, s);
}

/*
 * The status code the remote server wrote in its reply is preferred to the
 * Status field when the field is only a class ("5.0.0"), or when the field
 * contradicts the reply code ("Status: 4.5.0" with "550 5.5.0 ..."), or
 * when both have the same class: reporting MTAs often summarise.
 */
static void
prefer_diagnostic_status(bnc_recipient *r)
{
	bnc_status	st;
	int			reply_cls = r->reply_code / 100;

	if (r->diagnostic == NULL || r->status.cls == 0 ||
		!bnc_find_status(r->diagnostic, strlen(r->diagnostic), &st))
		return;
	if (st.cls == r->status.cls || (reply_cls && st.cls == reply_cls))
		r->status = st;
}

/*
 * The comment after the code of a Status field ("4.0.0 (example.net: host
 * name lookup failure)"), which RFC 3464 allows as in any structured
 * field, as r's diagnostic: for a record without a Diagnostic-Code it is
 * the report's only words on the failure.  rest is what follows the code.
 */
static void
status_comment(bnc_builder *b, bnc_recipient *r, bnc_span rest)
{
	bnc_span	t = bnc_trim(rest.p, rest.len);

	if (t.len < 2 || t.p[0] != '(' || t.p[t.len - 1] != ')')
		return;
	t = bnc_trim(t.p + 1, t.len - 2);
	if (t.len > 0)
		bnc_builder_diagnostic(b, r, t.p, t.len);
}

/*
 * Read one recipient record of a report into a new row.  The recipient is
 * the Final-Recipient, or the Original-Recipient where the final one is
 * no mail address or has no domain (a server's local name, "LOCAL; <ann>",
 * "LOCAL; ann") and the original one has.
 */
static void
read_record(const bnc_view *v, bnc_builder *b, const bnc_dsn_rcpt *d,
			int lookup)
{
	bnc_recipient *r = NULL;
	bnc_span	st;
	bnc_span	diag;
	size_t		i;
	int			local;

	if (d->final_recipient.len > 0)
		r = bnc_builder_add(b, d->final_recipient.p, d->final_recipient.len);
	if (r == NULL && d->original_recipient.len > 0)
		r = bnc_builder_add(b, d->original_recipient.p,
							d->original_recipient.len);
	if (r == NULL)
		return;
	if (r->domain == NULL && d->original_recipient.len > 0)
	{
		char	   *domain;
		char	   *addr = bnc_addr_normalize(b->alloc,
											  d->original_recipient.p,
											  d->original_recipient.len,
											  &domain);

		if (addr != NULL && domain != NULL)
		{
			r->recipient = addr;
			r->domain = domain;
		}
	}
	r->action = bnc_dsn_action(d->action);
	bnc_details_dsn_rcpt(b->alloc, r, d);

	/* "Status: 5.1.1 (user unknown)": the code is the first word */
	st = bnc_trim(d->status.p, d->status.len);
	for (i = 0; i < st.len && !BNC_IS_WS(st.p[i]) && st.p[i] != '('; i++)
		;
	if (bnc_status_parse(st.p, i, &r->status) != BNC_STATUS_OK)
	{
		memset(&r->status, 0, sizeof(r->status));
		bnc_find_status(st.p, st.len, &r->status);
	}
	bnc_builder_remote_mta(b, r, d->remote_mta.p, d->remote_mta.len);
	/*
	 * The "smtp;" type is dropped from the diagnostic; other types ("X-Unix;
	 * 255" from a local delivery program) are kept, as they say who spoke.
	 */
	diag = bnc_trim(d->diagnostic.p, d->diagnostic.len);
	local = bnc_ci_prefix(diag.p, diag.len, "x-unix");
	if (bnc_ci_prefix(diag.p, diag.len, "smtp") &&
		bnc_strip_type(diag.p, diag.len).p != diag.p)
		diag = bnc_strip_type(diag.p, diag.len);
	bnc_builder_diagnostic(b, r, diag.p, diag.len);

	/* a local delivery agent's diagnostic is an exit code, not a reply */
	if (local)
		r->reply_code = 0;
	if (lookup && (r->diagnostic == NULL || r->smtp_command == NULL))
	{
		char	   *kept = r->diagnostic;
		const char *kept_charset = r->charset;

		error_from_text(v, b, r);
		if (kept)
		{
			r->diagnostic = kept;
			r->charset = kept_charset;
		}
	}
	if (r->diagnostic == NULL && i < st.len)
	{
		bnc_span	rest;

		rest.p = st.p + i;
		rest.len = st.len - i;
		status_comment(b, r, rest);
	}
	prefer_diagnostic_status(r);
}

/*
 * A report part with no recipient records ("delivery report unavailable")
 * still reports a failure: the row is the To of the returned message.
 */
static int
returned_recipient(const bnc_view *v, bnc_builder *b, const char *format)
{
	bnc_headers oh;
	const bnc_field *to;
	bnc_recipient *r;

	bnc_headers_parse(b->alloc, v->original.p, v->original.len, &oh);
	to = bnc_headers_find(&oh, "To");
	if (to == NULL ||
		(r = bnc_builder_add(b, to->value.p, to->value.len)) == NULL)
		return 0;
	b->res->format = format;
	r->action = BNC_ACTION_FAILED;
	return 1;
}

/*
 * Read the delivery-status fields of the message (its delivery-status
 * part, or the same fields written as text in the notice) into rows under
 * the given format name.  Returns 1 when at least one recipient was read.
 */
int
bnc_rfc3464_read(const bnc_view *v, bnc_builder *b, const char *format)
{
	bnc_span	src = v->dsn;
	bnc_span	notice = bnc_view_notice(v);
	bnc_dsn		d;
	bnc_span	s;
	int			i;

	if (src.len == 0 && !bnc_dsn_find_in_text(notice.p, notice.len, &src))
		return 0;
	if (bnc_dsn_parse(b->alloc, src.p, src.len, &d) == 0)
		return v->dsn.len > 0 && returned_recipient(v, b, format);
	b->res->format = format;
	s = bnc_strip_type(d.reporting_mta.p, d.reporting_mta.len);
	if (s.len)
		b->res->reporting_mta = bnc_unfold(b->alloc, s.p, s.len);
	if (d.arrival_date.len &&
		bnc_parse_date(d.arrival_date.p, d.arrival_date.len,
					   &b->res->arrived_at))
		b->res->has_arrived = 1;
	bnc_details_dsn_message(b->alloc, b->res, &d);
	for (i = 0; i < d.nrcpts; i++)
		read_record(v, b, &d.rcpts[i], d.nrcpts <= TEXT_LOOKUP_MAX);
	return b->res->nrcpts > 0;
}

/*
 * Row for addr, reusing one of the last few rows when it has the same
 * recipient (transcripts mention an address more than once).
 */
bnc_recipient *
bnc_builder_find_or_add(bnc_builder *b, const char *addr, size_t len)
{
	char	   *norm = bnc_addr_normalize(b->alloc, addr, len, NULL);
	int			i;

	if (norm == NULL)
		return NULL;

	/*
	 * XXX only the last 32 rows are compared, so a recipient repeated
	 * further apart is reported twice.
	 */
	for (i = b->res->nrcpts - 1; i >= 0 && i >= b->res->nrcpts - 32; i--)
	{
		if (strcmp(b->res->rcpts[i].recipient, norm) == 0)
			return &b->res->rcpts[i];
	}
	return bnc_builder_add(b, addr, len);
}

/* Lines of text as an array, for decoders that look back and forth. */
int
bnc_split_lines(const bnc_alloc *a, bnc_span text, bnc_span **lines)
{
	bnc_lines	it;
	bnc_span	line;
	int			n = 0;
	int			i = 0;

	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
		n++;
	*lines = bnc_mem(a, sizeof(bnc_span) * (n + 1));
	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
		(*lines)[i++] = line;
	return n;
}

/* Does the text contain any of the NULL-terminated list of phrases? */
int
bnc_contains_any(bnc_span text, const char *const *phrases)
{
	int			i;

	for (i = 0; phrases[i]; i++)
	{
		if (bnc_ci_find(text.p, text.len, phrases[i]))
			return 1;
	}
	return 0;
}

/* Does the text start with any of the NULL-terminated list of phrases? */
int
bnc_starts_with_any(bnc_span text, const char *const *phrases)
{
	int			i;

	for (i = 0; phrases[i]; i++)
	{
		if (bnc_ci_prefix(text.p, text.len, phrases[i]))
			return 1;
	}
	return 0;
}

/*
 * bnc_contains_any for phrases that all start with stem: one search for the
 * stem, then a comparison of each phrase where it is found.  The answer is
 * the same; a text without the stem is read once instead of once per
 * phrase.
 */
int
bnc_contains_any_stem(bnc_span text, const char *stem,
					  const char *const *phrases)
{
	const char *end = text.p + text.len;
	const char *p = text.p;
	const char *m;
	size_t		n = strlen(stem);

	while (p < end && (m = bnc_ci_find(p, end - p, stem)) != NULL)
	{
		bnc_span	from = {m, (size_t) (end - m)};

		if (bnc_starts_with_any(from, phrases))
			return 1;
		p = m + n;
	}
	return 0;
}

/* Number of leading spaces (a tab counts as eight) on the line. */
int
bnc_indent(bnc_span line)
{
	int			n = 0;
	size_t		i;

	for (i = 0; i < line.len && BNC_IS_SPACE(line.p[i]); i++)
		n += line.p[i] == '\t' ? 8 : 1;
	return n;
}

/*
 * Note the returned message that a plain-text bounce appends after a line
 * holding marker, so that its Message-ID can be reported.
 */
void
bnc_inline_original(bnc_builder *b, bnc_span text, const char *marker)
{
	bnc_span	s = bnc_after(text, marker);
	bnc_lines	it;
	bnc_span	line;

	if (s.len == 0)
		return;
	bnc_lines_init(&it, s.p, s.len);
	bnc_lines_next(&it, &line);
	while (bnc_lines_next(&it, &line))
	{
		if (!bnc_is_blank(line))
		{
			b->original = bnc_rest_of(s, line);
			return;
		}
	}
}

/*
 * Add a failed row for each address line (as is_addr recognises them) of
 * lines[0..n), with the lines below it up to a blank line or the next
 * address line as its error: given to read_error, or when that is NULL
 * kept as the diagnostic.
 */
void
bnc_read_address_blocks(bnc_builder *b, const bnc_span *lines, int n,
						bnc_address_line_fn is_addr,
						bnc_error_reader_fn read_error)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		bnc_span	addr;
		bnc_span	err;
		bnc_recipient *r;
		int			j;

		if (!is_addr(lines[i], &addr))
			continue;
		for (j = i + 1; j < n && !bnc_is_blank(lines[j]) &&
			 !is_addr(lines[j], &err); j++)
			;
		r = bnc_builder_add(b, addr.p, addr.len);
		if (r == NULL)
			continue;
		r->action = BNC_ACTION_FAILED;
		if (j > i + 1)
		{
			err.p = lines[i + 1].p;
			err.len = (lines[j - 1].p + lines[j - 1].len) - err.p;
			if (read_error)
				read_error(b, r, err);
			else
				bnc_builder_diagnostic(b, r, err.p, err.len);
		}
		i = j - 1;
	}
}

/* The lines after the line holding head, up to the next blank line. */
bnc_span
bnc_section_after(bnc_span text, const char *head)
{
	bnc_span	s = bnc_after(text, head);
	bnc_lines	it;
	bnc_span	line;
	bnc_span	out;

	out.p = s.p;
	out.len = 0;
	bnc_lines_init(&it, s.p, s.len);
	if (!bnc_lines_next(&it, &line))
		return out;
	out.p = line.p + line.len;
	while (bnc_lines_next(&it, &line))
	{
		if (bnc_is_blank(line))
			break;
		out.len = (line.p + line.len) - out.p;
	}
	return bnc_trim(out.p, out.len);
}

/* The start of s up to its first blank line after some text, trimmed. */
bnc_span
bnc_leading_paragraph(bnc_span s)
{
	bnc_lines	it;
	bnc_span	line;

	bnc_lines_init(&it, s.p, s.len);
	while (bnc_lines_next(&it, &line))
	{
		if (bnc_is_blank(line) && bnc_trim(s.p, line.p - s.p).len > 0)
		{
			s.len = line.p - s.p;
			break;
		}
	}
	return bnc_trim(s.p, s.len);
}

/* Does the top-level header have a field whose name starts with prefix? */
int
bnc_has_field_prefix(const bnc_view *v, const char *prefix)
{
	int			i;

	for (i = 0; i < v->headers.nfields; i++)
	{
		bnc_span	n = v->headers.fields[i].name;

		if (bnc_ci_prefix(n.p, n.len, prefix))
			return 1;
	}
	return 0;
}
