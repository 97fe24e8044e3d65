/*-------------------------------------------------------------------------
 *
 * googlegroups.c
 *		Decoder for the notices Google Groups sends when a message to a
 *		group is refused: the group may not exist or the sender may not be
 *		allowed to post.  The text is in the sender's language; what does
 *		not change is the link to https://groups.google.com/support/ and the
 *		X-Failed-Recipients header naming the group's address.
 *
 * src/core/decoder/googlegroups.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

#define GG_LINK "groups.google.com/support"
#define GG_END "----- Original message -----"

/*
 * The explanation: the paragraph after the greeting, the first one that
 * follows another paragraph.  Empty when the text has only one.
 */
static bnc_span
explanation(bnc_span text)
{
	bnc_lines	it;
	bnc_span	line;
	bnc_span	para = {"", 0};
	int			seen = 0;

	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		if (bnc_is_blank(line))
		{
			if (seen == 1)
				seen = 2;
			continue;
		}
		if (seen == 0)
			seen = 1;
		else if (seen == 2)
		{
			bnc_paragraph(text, line, &para);
			break;
		}
	}
	return para;
}

/* Recognise a Google Groups refusal and add a row per failed address. */
int
bnc_decode_googlegroups(const bnc_view *v, bnc_builder *b)
{
	bnc_span	notice = bnc_view_notice(v);
	char	   *failed;
	bnc_span	text;
	bnc_span	why;
	const char *p;
	int			i;

	if (!bnc_ci_find(notice.p, notice.len, GG_LINK) || bnc_has_dsn(v) ||
		(failed = bnc_view_header(v, "X-Failed-Recipients")) == NULL)
		return 0;
	b->res->format = "googlegroups";
	bnc_inline_original(b, v->text, GG_END);
	text = bnc_cut_at(v->text, GG_END);
	why = explanation(text);

	/* the header lists the addresses separated by commas */
	for (p = failed; *p;)
	{
		const char *comma = strchr(p, ',');
		size_t		n = comma ? (size_t) (comma - p) : strlen(p);
		bnc_recipient *r = bnc_builder_add(b, p, n);

		if (r)
		{
			r->action = BNC_ACTION_FAILED;
			bnc_builder_diagnostic(b, r, why.p, why.len);
		}
		p += comma ? n + 1 : n;
	}

	/*
	 * The notice has one meaning whatever its language: the group refused
	 * the message (it is unknown, or the sender may not post to it).
	 */
	for (i = 0; i < b->res->nrcpts; i++)
		b->res->rcpts[i].reason = BNC_R_rejected;
	return b->res->nrcpts > 0;
}
