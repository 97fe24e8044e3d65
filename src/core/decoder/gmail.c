/*-------------------------------------------------------------------------
 *
 * gmail.c
 *		Decoder for the plain-text bounces Gmail used to send: "Delivery to
 *		the following recipient failed permanently:" (or "has been
 *		delayed:"), the indented addresses, then "Technical details of
 *		permanent failure:" and often "The error that the other server
 *		returned was: 550 5.1.1 ...".
 *
 * src/core/decoder/gmail.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

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
	bnc_span	text = bnc_cut_at(v->text, "----- Original message -----");
	bnc_span	list;
	bnc_span	err;
	bnc_lines	it;
	bnc_span	line;
	int			k;
	int			i;

	for (k = 0; openings[k].phrase; k++)
	{
		list = bnc_after(text, openings[k].phrase);
		if (list.len > 0)
			break;
	}
	if (openings[k].phrase == NULL || bnc_has_dsn(v))
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
	for (i = 0; i < b->res->nrcpts; i++)
		bnc_builder_diagnostic(b, &b->res->rcpts[i], err.p, err.len);
	return b->res->nrcpts > 0;
}
