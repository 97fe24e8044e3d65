/*-------------------------------------------------------------------------
 *
 * parse.c
 *		bnc_parse: read a raw message into a view of its parts, offer the
 *		view to each decoder in turn, and complete the recipients the
 *		winning decoder reported (default status, reason, hardness).
 *
 * The reason of a row the decoder left undecided is found in this order:
 * the receiving provider's own rules (rhost.c), when the remote MTA, the
 * diagnostic or the recipient's domain shows the provider; then the
 * generic classifier (classify.c).  A delayed delivery for which neither
 * gives more than a generic code is reported as expired: the sender is
 * still retrying, and a report of a delay is what precedes expiry.
 *
 * src/core/parse.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "bnc.h"
#include "charset.h"
#include "decoders.h"
#include "details.h"
#include "dsn.h"
#include "explain.h"
#include "poll.h"
#include "rhost.h"

/* The decoders in the order they are tried. */
static const bnc_decoder decoders[] = {
#define DECODER(name) {#name, bnc_decode_##name, 0},
#define SHAPE_DECODER(name) {#name, bnc_decode_##name, 1},
#include "decoder/list.h"
#undef SHAPE_DECODER
#undef DECODER
	{NULL, NULL, 0}
};

#define NDECODERS ((int) (sizeof(decoders) / sizeof(decoders[0])) - 1)

/* Unfolded value of a top-level header, or NULL when absent. */
char *
bnc_view_header(const bnc_view *v, const char *name)
{
	return bnc_header_value(v->alloc, &v->headers, name);
}

/*
 * Add a recipient row for an address already normalised (NULL, with a
 * NULL domain, for a recipient the message does not name).  Returns NULL
 * (and adds nothing) when the row limit is reached.
 */
static bnc_recipient *
add_row(bnc_builder *b, char *norm, char *domain)
{
	bnc_result *res = b->res;
	bnc_recipient *r;

	if (res->nrcpts >= BNC_MAX_RECIPIENTS)
	{
		b->overflow = 1;
		return NULL;
	}
	if (res->nrcpts == b->cap)
	{
		int			cap = b->cap ? b->cap * 2 : 4;
		bnc_recipient *bigger = bnc_mem(b->alloc, sizeof(bnc_recipient) * cap);

		if (res->nrcpts)
			memcpy(bigger, res->rcpts, sizeof(bnc_recipient) * res->nrcpts);
		res->rcpts = bigger;
		b->cap = cap;
	}
	r = &res->rcpts[res->nrcpts++];
	memset(r, 0, sizeof(*r));
	r->recipient = norm;
	r->domain = domain;
	r->reason = BNC_REASON_UNDECIDED;
	return r;
}

/*
 * Add a recipient row for the address found in addr[0..len).  Returns
 * NULL (and adds nothing) when no address can be read from it or when the
 * row limit is reached.
 */
bnc_recipient *
bnc_builder_add(bnc_builder *b, const char *addr, size_t len)
{
	char	   *domain;
	char	   *norm = bnc_addr_normalize(b->alloc, addr, len, &domain);

	if (norm == NULL)
		return NULL;
	return add_row(b, norm, domain);
}

/*
 * Add the row of a recipient the message does not name (a feedback report
 * with the address redacted): recipient and domain NULL.  Returns NULL
 * when the row limit is reached.
 */
bnc_recipient *
bnc_builder_add_unnamed(bnc_builder *b)
{
	return add_row(b, NULL, NULL);
}

/*
 * The charset of a diagnostic taken from p: that of the part p lies in.
 * ISO-2022-JP words left in it (the view's parts are shifted to EUC-JP
 * already, but a decoder may pass other bytes) are shifted here.
 *
 * XXX a delivery-status part rarely declares a charset, so 8-bit bytes in
 * one are taken to be in the charset of the human-readable part, and a
 * diagnostic a decoder copied out of its part gets that charset too.
 */
static const char *
diagnostic_charset(bnc_builder *b, bnc_recipient *r, const char *p)
{
	const bnc_view *v = b->view;
	size_t		n = strlen(r->diagnostic);

	if (bnc_is_iso2022jp(r->diagnostic, n))
	{
		r->diagnostic = (char *) bnc_iso2022jp_to_eucjp(b->alloc,
														r->diagnostic, n).p;
		return "euc-jp";
	}
	if (v == NULL || !bnc_has_8bit(r->diagnostic, n))
		return NULL;
	if (p >= v->dsn.p && p < v->dsn.p + v->dsn.len)
	{
		if (v->dsn_global)
			return NULL;
		if (v->dsn_charset != NULL)
			return v->dsn_charset;
	}
	return v->text_charset;
}

/*
 * Record the remote server's words for r, unfolded, and take the reply
 * code, status code and SMTP command from them where r has none yet.
 */
void
bnc_builder_diagnostic(bnc_builder *b, bnc_recipient *r, const char *p,
					   size_t len)
{
	char	   *d = bnc_unfold(b->alloc, p, len);
	size_t		n = strlen(d);
	const char *cmd;

	if (n == 0)
		return;
	r->diagnostic = d;
	r->charset = diagnostic_charset(b, r, p);
	if (r->reply_code == 0)
		r->reply_code = bnc_find_reply(d, n);
	if (r->status.cls == 0)
		bnc_find_status(d, n, &r->status);
	if (r->smtp_command == NULL && (cmd = bnc_find_command(d, n)))
		r->smtp_command = (char *) cmd;
}

/* Record the remote MTA for r, without a "dns;" type prefix. */
void
bnc_builder_remote_mta(bnc_builder *b, bnc_recipient *r, const char *p,
					   size_t len)
{
	bnc_span	s = bnc_strip_type(p, len);

	if (s.len > 0)
		r->remote_mta = bnc_unfold(b->alloc, s.p, s.len);
}

/* View state while walking the MIME tree. */
typedef struct walk_state
{
	bnc_view   *v;
	bnc_span	html;			/* first text/html part, decoded */
	bnc_span	text_cs;		/* charset parameter of the text part */
	bnc_span	html_cs;		/* charset parameter of the html part */
	bnc_span	dsn_cs;			/* charset parameter of the dsn part */
} walk_state;

static void walk_entity(walk_state *ws, const bnc_headers *h, bnc_span body,
						int depth);

/*
 * Remember the decoded body of a leaf part in the first free view slot.
 *
 * XXX only the first part of each kind is kept, so a report carrying
 * several delivery-status parts is read from its first one only.
 */
static void
take_leaf(walk_state *ws, const bnc_headers *h, const bnc_ctype *ct,
		  bnc_span body)
{
	bnc_view   *v = ws->v;
	bnc_span   *slot = NULL;

	if (bnc_ctype_is(ct, "message", "delivery-status") ||
		bnc_ctype_is(ct, "message", "global-delivery-status"))
	{
		slot = &v->dsn;
		if (v->dsn.p == NULL)
			v->dsn_global = bnc_ctype_is(ct, "message",
										 "global-delivery-status");
	}
	else if (bnc_ctype_is(ct, "message", "feedback-report"))
		slot = &v->feedback;
	else if (bnc_ctype_is(ct, "message", "rfc822") ||
			 bnc_ctype_is(ct, "message", "global") ||
			 bnc_ctype_is(ct, "text", "rfc822-headers") ||
			 bnc_ctype_is(ct, "message", "global-headers"))
		slot = &v->original;
	else if (ct->type.len == 0 || bnc_ctype_is(ct, "text", "plain"))
		slot = &v->text;
	else if (bnc_ctype_is(ct, "text", "html"))
		slot = &ws->html;
	if (slot && slot->p == NULL)
	{
		*slot = bnc_transfer_decode(v->alloc, h, body);
		if (slot == &v->text)
			ws->text_cs = ct->charset;
		else if (slot == &ws->html)
			ws->html_cs = ct->charset;
		else if (slot == &v->dsn)
			ws->dsn_cs = ct->charset;
	}
}

/* Walk the parts of a multipart body one level down; returns their number. */
static int
walk_multipart(walk_state *ws, const bnc_ctype *ct, bnc_span body, int depth)
{
	bnc_span   *parts;
	int			n;
	int			i;

	if (depth >= BNC_MAX_MIME_DEPTH)
		return -1;
	n = bnc_multipart_split(ws->v->alloc, body.p, body.len, ct->boundary,
							&parts);
	for (i = 0; i < n; i++)
	{
		bnc_headers ph;
		size_t		off = bnc_headers_parse(ws->v->alloc, parts[i].p,
											parts[i].len, &ph);
		bnc_span	pb;

		pb.p = parts[i].p + off;
		pb.len = parts[i].len - off;
		walk_entity(ws, &ph, pb, depth + 1);
	}
	return n;
}

/* Classify one entity (headers and body) and walk or take it. */
static void
walk_entity(walk_state *ws, const bnc_headers *h, bnc_span body, int depth)
{
	const bnc_field *f = bnc_headers_find(h, "Content-Type");
	bnc_ctype	ct;

	memset(&ct, 0, sizeof(ct));
	if (f)
		bnc_ctype_parse(f->value.p, f->value.len, &ct);
	if (bnc_ctype_is(&ct, "multipart", NULL))
	{
		/*
		 * A multipart whose boundary never occurs (or whose boundary
		 * parameter was lost to bad folding) is read as text, unless text
		 * was found already.
		 */
		if (walk_multipart(ws, &ct, body, depth) == 0 &&
			ws->v->text.p == NULL)
			ws->v->text = bnc_transfer_decode(ws->v->alloc, h, body);
	}
	else
		take_leaf(ws, h, &ct, body);
}

/* Does an HTML tag at p end a line of text (<br>, <p>, <div>, <tr>)? */
static int
is_block_tag(const char *p, size_t len)
{
	static const char *const tags[] = {"<br", "<p", "</p", "<div", "</div",
	"<tr", "</tr", NULL};
	int			i;

	for (i = 0; tags[i]; i++)
	{
		if (bnc_ci_prefix(p, len, tags[i]))
			return 1;
	}
	return 0;
}

/*
 * Plain text from HTML: tags dropped, block-level tags turned into line
 * breaks, the commonest entities decoded.  XXX numeric entities and
 * scripts or styles are not handled; their text stays in the result.
 */
static bnc_span
html_to_text(const bnc_alloc *a, bnc_span html)
{
	char	   *out = bnc_mem(a, html.len + 1);
	size_t		n = 0;
	size_t		i = 0;
	size_t		poll_at = BNC_POLL_CHUNK;

	while (i < html.len)
	{
		const char *p = html.p + i;
		size_t		rest = html.len - i;

		if (i >= poll_at)
		{
			bnc_poll_pass();
			poll_at = i + BNC_POLL_CHUNK;
		}

		if (*p == '<')
		{
			const char *gt = memchr(p, '>', rest);
			size_t		tag = gt ? (size_t) (gt - p) + 1 : rest;

			if (is_block_tag(p, rest))
				out[n++] = '\n';
			i += tag;
			continue;
		}
		if (*p == '&')
		{
			static const char *const ent[] = {"&nbsp;", " ", "&lt;", "<",
			"&gt;", ">", "&amp;", "&", "&quot;", "\"", NULL};
			int			k;

			for (k = 0; ent[k]; k += 2)
			{
				if (bnc_ci_prefix(p, rest, ent[k]))
					break;
			}
			if (ent[k])
			{
				out[n++] = ent[k + 1][0];
				i += strlen(ent[k]);
				continue;
			}
		}
		out[n++] = *p;
		i++;
	}
	out[n] = '\0';
	html.p = out;
	html.len = n;
	return html;
}

/* A decoded header value, or "" when absent. */
static const char *
decoded_header(const bnc_view *v, const char *name)
{
	const bnc_field *f = bnc_headers_find(&v->headers, name);
	char	   *u;

	if (f == NULL)
		return "";
	u = bnc_unfold(v->alloc, f->value.p, f->value.len);
	return bnc_decode_words(v->alloc, u, strlen(u));
}

/* Does some line of the text start with '>'? */
static int
has_quoted_line(bnc_span text)
{
	size_t		x = 0;

	while (x < text.len)
	{
		const char *q = memchr(text.p + x, '>', text.len - x);

		if (q == NULL)
			return 0;
		x = q - text.p;
		if (x == 0 || text.p[x - 1] == '\n' || text.p[x - 1] == '\r')
			return 1;
		x++;
	}
	return 0;
}

/*
 * A forwarded bounce quoted line by line ("> ...") is read as if it were
 * not quoted: when most non-blank lines of the text start with '>', one
 * level of quoting is removed from every line.
 */
static bnc_span
unquote_text(const bnc_alloc *a, bnc_span text)
{
	bnc_lines	it;
	bnc_span	line;
	size_t		quoted = 0;
	size_t		other = 0;
	char	   *out;
	size_t		n = 0;

	/* most texts have no line starting with '>' at all */
	if (!has_quoted_line(text))
		return text;
	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		if (line.len > 0 && line.p[0] == '>')
			quoted++;
		else if (!bnc_is_blank(line))
			other++;
	}
	if (quoted <= other)
		return text;
	out = bnc_mem(a, text.len + 1);
	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		if (line.len > 0 && line.p[0] == '>')
		{
			line.p++;
			line.len--;
			if (line.len > 0 && line.p[0] == ' ')
			{
				line.p++;
				line.len--;
			}
		}
		memcpy(out + n, line.p, line.len);
		n += line.len;
		out[n++] = '\n';
	}
	text.p = out;
	text.len = n;
	return text;
}

/*
 * Shift ISO-2022-JP text and delivery-status parts to EUC-JP (charset.c),
 * so that decoders, the classifier and the caller see 8-bit EUC-JP.  A
 * part is taken as ISO-2022-JP when it declares so or holds its escapes.
 */
static void
shift_iso2022jp(bnc_view *v)
{
	if ((v->text_charset != NULL &&
		 strncmp(v->text_charset, "iso-2022-jp", 11) == 0) ||
		bnc_is_iso2022jp(v->text.p, v->text.len))
	{
		v->text = bnc_iso2022jp_to_eucjp(v->alloc, v->text.p, v->text.len);
		v->text_charset = "euc-jp";
	}
	if (bnc_is_iso2022jp(v->dsn.p, v->dsn.len))
	{
		v->dsn = bnc_iso2022jp_to_eucjp(v->alloc, v->dsn.p, v->dsn.len);
		v->dsn_charset = "euc-jp";
	}
}

/* Field names that open the header block of a message. */
static const char *const message_openers[] = {"Received:", "Return-Path:",
NULL};

/* How much of a returned message's header block returned_is_report reads. */
#define RETURNED_HEADER_MAX	65536

/*
 * Is the message whose header block starts at p[0..len) a bounce itself:
 * sent with the null return path, by a mailer daemon or postmaster, or as
 * a report?  Such a message, quoted by a notice that forwards it, is what
 * the notice reports on.  Only the first RETURNED_HEADER_MAX bytes are
 * read, where these fields of a real header stand.
 */
static int
returned_is_report(const bnc_alloc *a, const char *p, size_t len)
{
	bnc_headers h;
	const bnc_field *f;
	bnc_ctype	ct;

	bnc_headers_parse(a, p, len < RETURNED_HEADER_MAX ? len :
					  RETURNED_HEADER_MAX, &h);
	if ((f = bnc_headers_find(&h, "Return-Path")) != NULL &&
		bnc_ci_find(f->value.p, f->value.len, "<>") != NULL)
		return 1;
	if ((f = bnc_headers_find(&h, "From")) != NULL &&
		(bnc_ci_find(f->value.p, f->value.len, "mailer-daemon") != NULL ||
		 bnc_ci_find(f->value.p, f->value.len, "postmaster") != NULL))
		return 1;
	if ((f = bnc_headers_find(&h, "Content-Type")) == NULL)
		return 0;
	bnc_ctype_parse(f->value.p, f->value.len, &ct);
	return bnc_ctype_is(&ct, "multipart", "report");
}

/*
 * Offset in text of a message returned inside it: the first line, after
 * the text's first, that starts with one of message_openers and is
 * followed by another header line or by a folded line (so a sentence that
 * only quotes such a field does not count); text.len when there is none,
 * or when the message found is a bounce itself (returned_is_report).  The
 * search for each opener stops at the place found for the one before, so
 * a text is read at most once per opener.
 */
static size_t
returned_message_start(const bnc_alloc *a, bnc_span text)
{
	size_t		found = text.len;
	int			k;

	for (k = 0; message_openers[k] != NULL; k++)
	{
		size_t		from = 1;
		const char *m;

		while (from < found &&
			   (m = bnc_ci_find(text.p + from, found - from,
								message_openers[k])) != NULL)
		{
			size_t		x = m - text.p;
			bnc_lines	it;
			bnc_span	next;

			from = x + 1;
			if (text.p[x - 1] != '\n' && text.p[x - 1] != '\r')
				continue;
			bnc_lines_init(&it, m, text.len - x);
			if (bnc_lines_next(&it, &next) && bnc_lines_next(&it, &next) &&
				next.len > 0 &&
				(BNC_IS_SPACE(next.p[0]) || bnc_is_header_line(next)))
			{
				found = x;
				break;
			}
		}
	}
	if (found < text.len &&
		returned_is_report(a, text.p + found, text.len - found))
		return text.len;
	return found;
}

/*
 * Set v->text_dsn, whether report fields are written as text in the
 * notice: most decoders ask this of a message without a delivery-status
 * part, so it is found once per view.
 */
static void
set_text_dsn(bnc_view *v)
{
	bnc_span	found;

	if (v->dsn.len == 0)
		v->text_dsn = bnc_dsn_find_in_text(v->notice.p, v->notice.len,
										   &found) ?
			BNC_TEXT_DSN_YES : BNC_TEXT_DSN_NO;
}

/*
 * Poll between two passes over a text longer than a poll chunk (poll.h),
 * as a pass of its own would; shorter texts are polled between steps only.
 */
static void
poll_between(bnc_span text)
{
	if (text.len > BNC_POLL_CHUNK)
		bnc_poll_pass();
}

/* Build the view of a message whose header block has been parsed. */
static void
build_view(bnc_view *v, const char *raw, size_t len, size_t body_off)
{
	walk_state	ws;
	const bnc_field *f;
	bnc_span	body;
	bnc_span	cs;

	memset(&ws, 0, sizeof(ws));
	ws.v = v;
	f = bnc_headers_find(&v->headers, "Content-Type");
	if (f)
		bnc_ctype_parse(f->value.p, f->value.len, &v->ctype);
	v->from = decoded_header(v, "From");
	v->subject = decoded_header(v, "Subject");
	v->to = decoded_header(v, "To");
	body.p = raw + body_off;
	body.len = len - body_off;
	walk_entity(&ws, &v->headers, body, 0);
	if (v->text.p == NULL && ws.html.p != NULL)
	{
		v->text = html_to_text(v->alloc, ws.html);
		ws.text_cs = ws.html_cs;
	}
	cs = ws.text_cs;
	if (cs.len == 0 && !bnc_ctype_is(&v->ctype, "multipart", NULL))
		cs = v->ctype.charset;
	v->text_charset = bnc_charset_name(v->alloc, cs);
	v->dsn_charset = bnc_charset_name(v->alloc, ws.dsn_cs);

	poll_between(v->text);
	if (v->text.p != NULL)
		v->text = unquote_text(v->alloc, v->text);

	/* absent parts become empty spans, so decoders need no NULL checks */
	if (v->text.p == NULL)
		v->text.p = "";
	if (v->dsn.p == NULL)
		v->dsn.p = "";
	if (v->original.p == NULL)
		v->original.p = "";
	if (v->feedback.p == NULL)
		v->feedback.p = "";
	poll_between(v->text);
	shift_iso2022jp(v);
	poll_between(v->text);

	v->notice.p = v->text.p;
	v->notice.len = returned_message_start(v->alloc, v->text);
	poll_between(v->text);

	set_text_dsn(v);
}

/*
 * Do rows a and b report the same outcome for the same recipient: the same
 * address, action, status, reply code and (where the decoder set one)
 * reason, and not two different diagnostics?
 */
static int
same_outcome(const bnc_recipient *a, const bnc_recipient *b)
{
	return a->recipient != NULL && b->recipient != NULL &&
		strcmp(a->recipient, b->recipient) == 0 &&
		a->action == b->action && a->reply_code == b->reply_code &&
		a->reason == b->reason &&
		a->status.cls == b->status.cls &&
		a->status.subject == b->status.subject &&
		a->status.detail == b->status.detail &&
		(a->diagnostic == NULL || b->diagnostic == NULL ||
		 strcmp(a->diagnostic, b->diagnostic) == 0);
}

/* Fill what the kept row k lacks from a dropped row d of the same outcome. */
static void
merge_row(bnc_recipient *k, const bnc_recipient *d)
{
	if (k->diagnostic == NULL)
	{
		k->diagnostic = d->diagnostic;
		k->charset = d->charset;
	}
	if (k->remote_mta == NULL)
		k->remote_mta = d->remote_mta;
	if (k->smtp_command == NULL)
		k->smtp_command = d->smtp_command;
	if (k->details == NULL)
	{
		k->details = d->details;
		k->ndetails = d->ndetails;
	}
}

/*
 * Keep one row of a run of rows that repeat the same outcome for the same
 * recipient.  A report lists a recipient again for each alias that led to
 * it ("expanded from: ..."), with the same status each time; the
 * recipient failed once.  What the kept row lacks (a diagnostic, the
 * remote MTA, fields) is taken from the rows dropped.  Only neighbouring
 * rows are compared, which keeps this linear; the same outcome reported
 * for an address far apart in a report stays twice.
 */
static void
drop_repeated_rows(bnc_result *res)
{
	int			i;
	int			n = 0;

	for (i = 0; i < res->nrcpts; i++)
	{
		if (n > 0 && same_outcome(&res->rcpts[n - 1], &res->rcpts[i]))
		{
			merge_row(&res->rcpts[n - 1], &res->rcpts[i]);
			continue;
		}
		if (n != i)
			res->rcpts[n] = res->rcpts[i];
		n++;
	}
	res->nrcpts = n;
}

/* Forget whatever a decoder that gave up left in the result. */
static void
reset_result(bnc_builder *b)
{
	b->res->nrcpts = 0;
	b->res->reporting_mta = NULL;
	b->res->has_arrived = 0;
	b->res->arrived_at = 0;
	b->res->format = NULL;
	b->res->details = NULL;
	b->res->ndetails = 0;
	b->overflow = 0;
	b->fixed_reason = -1;
	b->original.p = NULL;
	b->original.len = 0;
}

/* The class of status a row's reply code or action implies, or 0. */
static int
default_class(const bnc_recipient *r)
{
	if (r->reply_code >= 500 && r->reply_code < 600)
		return 5;
	if (r->reply_code >= 400 && r->reply_code < 500)
		return 4;
	switch (r->action)
	{
		case BNC_ACTION_FAILED:
			return 5;
		case BNC_ACTION_DELAYED:
			return 4;
		case BNC_ACTION_DELIVERED:
		case BNC_ACTION_RELAYED:
		case BNC_ACTION_EXPANDED:
			return 2;
		case BNC_ACTION_NONE:
			break;
	}
	return 0;
}

/*
 * The evidence of a row, for the provider rules and the classifier.  A
 * diagnostic in a single-byte charset is read in UTF-8, the form of the
 * phrases (charset.c); the row keeps its own bytes.
 */
static void
row_evidence(const bnc_alloc *a, const bnc_recipient *r, int status_given,
			 bnc_evidence *ev)
{
	bnc_span	text = bnc_utf8_for_phrases(a, r->charset, r->diagnostic,
											r->diagnostic ?
											strlen(r->diagnostic) : 0);

	ev->status = &r->status;
	ev->status_given = status_given;
	ev->reply_code = r->reply_code;
	ev->text = text.p;
	ev->textlen = text.len;
	ev->command = r->smtp_command;
}

/*
 * Explain the reason of a row whose decoder set it from its own format:
 * the classifier is asked only for what the code and the text alone say.
 */
static void
explain_decoder_row(const bnc_alloc *a, const bnc_recipient *r,
					int status_given, bnc_explain *ex)
{
	bnc_evidence ev;

	row_evidence(a, r, status_given, &ev);
	bnc_classify_explained(&ev, NULL, ex);
	ex->decided_by = BNC_BY_DECODER;
	ex->rule[0] = '\0';
}

/*
 * decide_reason for an explanation: the same steps in the same order,
 * each noting in *ex what decided.  The classifier is asked even when a
 * provider rule decides, for what the code and the text alone would say.
 */
static bnc_reason
explain_reason(bnc_builder *b, const bnc_recipient *r, const bnc_evidence *ev,
			   bnc_explain *ex)
{
	bnc_rhost_input in;
	bnc_basis	basis;
	bnc_reason	reason;
	char		rule[BNC_EXPLAIN_RULE_MAX];
	int			rh = -1;

	if (r->status.cls != 2)
	{
		in.ev = ev;
		in.remote_mta = r->remote_mta;
		in.reporting_mta = b->res->reporting_mta;
		in.rcpt_domain = r->domain;
		rh = bnc_rhost_explain(&in, b->alloc, rule);
	}
	reason = bnc_classify_explained(ev, &basis, ex);
	if (rh >= 0)
	{
		ex->decided_by = BNC_BY_PROVIDER;
		memcpy(ex->rule, rule, sizeof(rule));
		return (bnc_reason) rh;
	}
	if (basis != BNC_BASIS_FIRM && r->action == BNC_ACTION_DELAYED)
	{
		ex->decided_by = BNC_BY_ACTION;
		memcpy(ex->rule, "delayed", sizeof("delayed"));
		return BNC_R_expired;
	}
	return reason;
}

/*
 * The reason of a row the decoder left undecided: the provider's rules,
 * then the classifier, then the delayed-means-expired rule.  status_given
 * says whether the row's status came from the message.  ex, when not NULL,
 * receives the explanation.
 */
static bnc_reason
decide_reason(bnc_builder *b, const bnc_recipient *r, int status_given,
			  bnc_explain *ex)
{
	bnc_evidence ev;
	bnc_rhost_input in;
	bnc_basis	basis;
	bnc_reason	reason;
	int			rh;

	row_evidence(b->alloc, r, status_given, &ev);
	if (ex != NULL)
		return explain_reason(b, r, &ev, ex);
	if (r->status.cls != 2)
	{
		in.ev = &ev;
		in.remote_mta = r->remote_mta;
		in.reporting_mta = b->res->reporting_mta;
		in.rcpt_domain = r->domain;
		if ((rh = bnc_rhost_reason(&in, b->alloc)) >= 0)
			return (bnc_reason) rh;
	}
	reason = bnc_classify_evidence(&ev, &basis);
	if (basis != BNC_BASIS_FIRM && r->action == BNC_ACTION_DELAYED)
		return BNC_R_expired;
	return reason;
}

/*
 * Fill status, reason and hardness of a row from what the decoder found.
 * command is the SMTP command the message's text names, used for a row
 * that has none of its own.  ex, when not NULL, receives the explanation
 * of the reason.
 */
static void
complete_row(bnc_builder *b, bnc_recipient *r, const char *command,
			 bnc_explain *ex)
{
	int			status_given = r->status.cls != 0;
	int			decided = 1;	/* by the driver rather than the decoder */

	if (!status_given)
	{
		r->status.cls = default_class(r);
		r->status.subject = 0;
		r->status.detail = 0;
	}
	if (r->smtp_command == NULL && command != NULL)
		r->smtp_command = (char *) command;
	if (b->fixed_reason >= 0)
		r->reason = (bnc_reason) b->fixed_reason;
	else if (r->reason == BNC_REASON_UNDECIDED)
		r->reason = decide_reason(b, r, status_given, ex);
	else
		decided = 0;
	if (ex != NULL)
	{
		if (b->fixed_reason >= 0 || !decided)
			explain_decoder_row(b->alloc, r, status_given, ex);
		bnc_explain_winner(ex, r->reason);
	}
	r->hard = bnc_is_hard(r->reason, &r->status);
}

/* Message-level fields every decoder shares. */
static void
complete_message(const bnc_view *v, bnc_builder *b)
{
	bnc_result *res = b->res;

	if (!res->has_arrived)
	{
		const bnc_field *f = bnc_headers_find(&v->headers, "Date");

		if (f && bnc_parse_date(f->value.p, f->value.len, &res->arrived_at))
			res->has_arrived = 1;
	}
	if (v->original.len > 0 || b->original.len > 0)
	{
		bnc_span	o = v->original.len > 0 ? v->original : b->original;
		bnc_headers oh;

		bnc_headers_parse(v->alloc, o.p, o.len, &oh);
		res->original_message_id = bnc_header_value(v->alloc, &oh,
													"Message-ID");
		bnc_details_original(v->alloc, res, &oh);
	}
}

/* Has the caller asked for the parse to be abandoned? */
static int
interrupted(const bnc_alloc *alloc)
{
	return alloc->interrupted != NULL && alloc->interrupted(alloc->ctx);
}

#ifdef BNC_THREAD_LOCAL
/* The parse under way in this thread that polls, or NULL (poll.h). */
static BNC_THREAD_LOCAL bnc_poll *current_poll;
#endif

/* See poll.h. */
bnc_poll *
bnc_poll_begin(bnc_poll *p)
{
#ifdef BNC_THREAD_LOCAL
	bnc_poll   *outer = current_poll;

	current_poll = p;
	return outer;
#else
	return NULL;
#endif
}

/* See poll.h. */
void
bnc_poll_end(bnc_poll *outer)
{
#ifdef BNC_THREAD_LOCAL
	current_poll = outer;
#endif
}

/* See bnc.h. */
void
bnc_parse_abandoned(void)
{
#ifdef BNC_THREAD_LOCAL
	current_poll = NULL;
#endif
}

/* See poll.h. */
void
bnc_poll_pass(void)
{
#ifdef BNC_THREAD_LOCAL
	bnc_poll   *p = current_poll;

	if (p != NULL && interrupted(p->alloc))
		longjmp(p->stop, 1);
#endif
}

/*
 * The SMTP command that the report's text names, looked for in the notice
 * (bnc_view_notice), and only up to the returned message when the decoder
 * found that inside the text: a phrase such as "in reply to RCPT TO" in
 * the returned message speaks of some earlier exchange, not of this
 * failure (and skipping it spares reading most of the bytes of a report
 * that quotes a long message).
 */
static const char *
find_report_command(const bnc_view *v, const bnc_builder *b)
{
	uintptr_t	text = (uintptr_t) v->text.p;
	uintptr_t	orig = (uintptr_t) b->original.p;
	size_t		len = bnc_view_notice(v).len;

	if (b->original.len > 0 && orig >= text && orig <= text + len)
		len = orig - text;
	return bnc_find_command(v->text.p, len);
}

/*
 * Offer the view to the decoders [from, to) in turn.  Returns the index of
 * the first that recognised it and read rows, to when none did, or -1
 * when the caller asked for the parse to be abandoned.
 */
static int
offer_view(const bnc_view *v, bnc_builder *b, int from, int to)
{
	int			i;

	for (i = from; i < to; i++)
	{
		reset_result(b);
		if (interrupted(b->alloc))
			return -1;
		if (decoders[i].detect_and_decode(v, b) && b->res->nrcpts > 0)
			return i;
	}
	return to;
}

/*
 * Parse one raw message, explaining each row's reason in *explains when
 * explains is not NULL.  The message must start with a header block; the
 * first decoder that recognises it decides the rows.
 */
static bnc_parse_status
parse_steps(const char *raw, size_t len, const bnc_alloc *alloc,
			bnc_result *out, bnc_explain **explains)
{
	bnc_view	v;
	bnc_view	wide;			/* v with the whole text as its notice */
	const bnc_view *vp = &v;	/* the view the rows were read from */
	bnc_builder b;
	size_t		body_off;
	const char *command;
	int			nmarked;		/* decoders before those by shape */
	int			i;

	memset(out, 0, sizeof(*out));
	memset(&v, 0, sizeof(v));
	memset(&b, 0, sizeof(b));
	if (raw == NULL || len == 0)
		return BNC_PARSE_NOT_MESSAGE;
	v.alloc = alloc;
	body_off = bnc_headers_parse(alloc, raw, len, &v.headers);
	if (v.headers.nfields == 0)
		return BNC_PARSE_NOT_MESSAGE;
	if (interrupted(alloc))
		return BNC_PARSE_INTERRUPTED;
	build_view(&v, raw, len, body_off);

	b.alloc = alloc;
	b.res = out;
	b.view = &v;
	for (nmarked = 0; nmarked < NDECODERS; nmarked++)
		if (decoders[nmarked].by_shape)
			break;
	i = offer_view(&v, &b, 0, nmarked);

	/*
	 * When no format's marks are in the notice but the text goes on past
	 * it, the marks are looked for in all of it: some bounces quote the
	 * returned message's header before their own words.  Only then do
	 * the readers by shape get the message.
	 */
	if (i == nmarked && v.notice.len < v.text.len)
	{
		wide = v;
		wide.notice = v.text;
		set_text_dsn(&wide);
		b.view = &wide;
		i = offer_view(&wide, &b, 0, nmarked);
		if (i < nmarked)
			vp = &wide;
		else
			b.view = &v;
	}
	if (i == nmarked)
		i = offer_view(&v, &b, nmarked, NDECODERS);

	/* a decoder that polls may have stopped short: never return that */
	if (i < 0 || interrupted(alloc))
	{
		reset_result(&b);
		out->rcpts = NULL;
		return BNC_PARSE_INTERRUPTED;
	}
	if (i == NDECODERS || b.overflow)
	{
		int			too_large = b.overflow;

		reset_result(&b);
		out->rcpts = NULL;
		return too_large ? BNC_PARSE_TOO_LARGE : BNC_PARSE_NOT_BOUNCE;
	}
	drop_repeated_rows(out);

	/*
	 * a transcript's command can only be placed when one row is reported,
	 * and is only needed when the row has none of its own
	 */
	command = out->nrcpts == 1 && out->rcpts[0].smtp_command == NULL ?
		find_report_command(vp, &b) : NULL;
	if (explains != NULL)
	{
		*explains = bnc_mem(alloc, sizeof(bnc_explain) * out->nrcpts);
		memset(*explains, 0, sizeof(bnc_explain) * out->nrcpts);
	}
	for (i = 0; i < out->nrcpts; i++)
		complete_row(&b, &out->rcpts[i], command,
					 explains != NULL ? &(*explains)[i] : NULL);
	complete_message(vp, &b);
	out->charset = v.text_charset;
	return BNC_PARSE_OK;
}

/*
 * parse_steps, with the long passes inside it polling the caller too when
 * the caller polls (poll.h).  A pass that is told to stop comes back here
 * through longjmp, and the result is then emptied.
 */
static bnc_parse_status
parse_message(const char *raw, size_t len, const bnc_alloc *alloc,
			  bnc_result *out, bnc_explain **explains)
{
	bnc_poll	poll;
	bnc_poll   *outer;
	bnc_parse_status st;

	if (alloc->interrupted == NULL)
	{
		/*
		 * Nothing to poll, not even a parse this one runs inside (from its
		 * allocator, say): its callback would jump back into it.
		 */
		outer = bnc_poll_begin(NULL);
		st = parse_steps(raw, len, alloc, out, explains);
		bnc_poll_end(outer);
		return st;
	}
	poll.alloc = alloc;
	outer = bnc_poll_begin(&poll);
	if (setjmp(poll.stop) == 0)
		st = parse_steps(raw, len, alloc, out, explains);
	else
	{
		memset(out, 0, sizeof(*out));
		if (explains != NULL)
			*explains = NULL;
		st = BNC_PARSE_INTERRUPTED;
	}
	bnc_poll_end(outer);
	return st;
}

/* Parse one raw message; see bnc.h. */
bnc_parse_status
bnc_parse(const char *raw, size_t len, const bnc_alloc *alloc,
		  bnc_result *out)
{
	return parse_message(raw, len, alloc, out, NULL);
}

/* Parse one raw message and explain each row's reason; see bnc.h. */
bnc_parse_status
bnc_parse_explain(const char *raw, size_t len, const bnc_alloc *alloc,
				  bnc_result *out, bnc_explain **explains)
{
	*explains = NULL;
	return parse_message(raw, len, alloc, out, explains);
}
