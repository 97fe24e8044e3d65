/*-------------------------------------------------------------------------
 *
 * postfix.c
 *		Decoder for bounces written by Postfix: its standard reports, and
 *		the plain-text notices of versions without DSN support, where each
 *		failed recipient gets a paragraph "<addr>: host mx.example.net[ip]
 *		said: 550 ... (in reply to RCPT TO command)".
 *
 * src/core/decoder/postfix.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Wording (all starting with POSTFIX_STEM) and fields only Postfix produces. */
#define POSTFIX_STEM "This is the "
static const char *const postfix_text[] = {
	"This is the mail system at host",
	"This is the Postfix program at host",
	NULL
};
static const char *const postfix_fields[] = {
	"X-Postfix-Queue-ID:",
	"X-Postfix-Sender:",
	NULL
};

/* Set the reporting MTA from "This is the mail system at host NAME." */
static void
reporting_host(const bnc_view *v, bnc_builder *b)
{
	bnc_span	s = bnc_after(v->text, " at host ");
	size_t		i = 0;

	while (i < s.len && !BNC_IS_WS(s.p[i]))
		i++;
	while (i > 0 && s.p[i - 1] == '.')
		i--;
	if (i > 0)
		b->res->reporting_mta = bnc_strndup(b->alloc, s.p, i);
}

/* Is the line "<addr>: ..." or "<addr> (expanded from <x>): ..."? */
static int
address_line(bnc_span line, bnc_span *addr)
{
	const char *gt;

	if (line.len < 4 || line.p[0] != '<')
		return 0;
	gt = memchr(line.p, '>', line.len);
	if (gt == NULL || memchr(line.p, '@', gt - line.p) == NULL)
		return 0;
	if (gt + 1 < line.p + line.len && gt[1] != ':' && gt[1] != ' ')
		return 0;
	addr->p = line.p + 1;
	addr->len = gt - (line.p + 1);
	return 1;
}

/*
 * The lines of the recipient whose address line is first: up to a blank
 * line or the next address line, whichever comes first.  Stopping at the
 * next address keeps the work linear in a notice that lists its recipients
 * without blank lines between them: the paragraph of each would run to the
 * end of the list and be unfolded again for every address (a 200 KB notice
 * of 8,000 "<addr>: x" lines allocated 1.5 GB and took half a minute).
 */
static bnc_span
recipient_lines(bnc_span text, bnc_span first)
{
	bnc_span	rest = bnc_rest_of(text, first);
	bnc_lines	it;
	bnc_span	line;
	bnc_span	addr;
	bnc_span	para;

	para.p = first.p;
	para.len = 0;
	bnc_lines_init(&it, rest.p, rest.len);
	while (bnc_lines_next(&it, &line))
	{
		if (bnc_is_blank(line) ||
			(line.p != first.p && address_line(line, &addr)))
			break;
		para.len = (line.p + line.len) - para.p;
	}
	return para;
}

/* Read the recipient paragraphs of a plain-text notice. */
static int
read_plain(const bnc_view *v, bnc_builder *b)
{
	bnc_lines	it;
	bnc_span	line;
	bnc_action	action = BNC_ACTION_FAILED;
	bnc_span	text = bnc_cut_at(v->text,
									  "Content-Description: Undelivered Message");

	if (bnc_ci_find(text.p, text.len, "THIS IS A WARNING ONLY"))
		action = BNC_ACTION_DELAYED;
	b->res->format = "postfix";
	reporting_host(v, b);
	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	addr;
		bnc_span	para;
		bnc_span	rest;
		bnc_recipient *r;

		if (!address_line(line, &addr))
			continue;
		r = bnc_builder_find_or_add(b, addr.p, addr.len);
		if (r == NULL)
			continue;
		r->action = action;
		para = recipient_lines(text, line);
		rest.p = addr.p + addr.len;
		rest.len = (para.p + para.len) - rest.p;
		bnc_error_after_address(b, r, rest);
	}
	return b->res->nrcpts > 0;
}

/* Recognise a Postfix bounce and read it. */
int
bnc_decode_postfix(const bnc_view *v, bnc_builder *b)
{
	if (!bnc_contains_any_stem(bnc_view_notice(v), POSTFIX_STEM,
							   postfix_text) &&
		!bnc_contains_any(v->dsn, postfix_fields))
		return 0;
	if (bnc_has_dsn(v))
	{
		if (!bnc_rfc3464_read(v, b, "postfix"))
			return 0;
		if (b->res->reporting_mta == NULL)
			reporting_host(v, b);
		return 1;
	}
	return read_plain(v, b);
}
