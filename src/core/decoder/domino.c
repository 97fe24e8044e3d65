/*-------------------------------------------------------------------------
 *
 * domino.c
 *		Decoder for the bounces of IBM (Lotus) Domino: subject "DELIVERY
 *		FAILURE: ...", text "Your message ... was not delivered to:", the
 *		addresses, then "because:" and the reason.  Newer releases add a
 *		standard report, which is read under this format's name.
 *
 * src/core/decoder/domino.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/*
 * Reasons Domino writes in its own words, and what each means.  The Domino
 * Directory (formerly the public Name & Address Book) lists the users of
 * the Domino domain.
 */
static const struct
{
	const char *phrase;
	bnc_reason	reason;
}			domino_reasons[] =
{
	{"not listed in Domino Directory", BNC_R_userunknown},
	{"not listed in public Name & Address Book", BNC_R_userunknown},
	{NULL, BNC_R_undefined}
};

/* Set r's reason when its diagnostic holds one of Domino's own phrases. */
static void
reason_from_phrase(bnc_recipient *r)
{
	size_t		n;
	int			i;

	if (r->diagnostic == NULL)
		return;
	n = strlen(r->diagnostic);
	for (i = 0; domino_reasons[i].phrase; i++)
	{
		if (bnc_ci_find(r->diagnostic, n, domino_reasons[i].phrase))
		{
			r->reason = domino_reasons[i].reason;
			return;
		}
	}
}

/* Read the plain-text notice: the addresses, then the shared reason. */
static void
read_plain(const bnc_view *v, bnc_builder *b)
{
	bnc_span	list = bnc_after(v->text, "was not delivered to:");
	bnc_span	reason = bnc_leading_paragraph(bnc_after(v->text, "because:"));
	bnc_lines	it;
	bnc_span	line;

	list = bnc_cut_at(list, "because:");
	bnc_lines_init(&it, list.p, list.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_recipient *r;

		if (t.len == 0 || memchr(t.p, '@', t.len) == NULL)
			continue;
		r = bnc_builder_add(b, t.p, t.len);
		if (r == NULL)
			continue;
		r->action = BNC_ACTION_FAILED;
		bnc_builder_diagnostic(b, r, reason.p, reason.len);
	}
}

/* Recognise a Domino bounce and read it. */
int
bnc_decode_domino(const bnc_view *v, bnc_builder *b)
{
	bnc_span	notice = bnc_view_notice(v);
	int			i;

	if (!bnc_ci_prefix(v->subject, strlen(v->subject), "DELIVERY FAILURE:") ||
		bnc_ci_find(notice.p, notice.len, "was not delivered to:") == NULL)
		return 0;
	if (bnc_has_dsn(v))
	{
		if (!bnc_rfc3464_read(v, b, "domino"))
			return 0;
	}
	else
	{
		b->res->format = "domino";
		read_plain(v, b);
	}
	for (i = 0; i < b->res->nrcpts; i++)
		reason_from_phrase(&b->res->rcpts[i]);
	return b->res->nrcpts > 0;
}
