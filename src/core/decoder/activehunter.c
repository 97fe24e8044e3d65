/*-------------------------------------------------------------------------
 *
 * activehunter.c
 *		Decoder for the bounces of the Active!hunter mail gateway.  Their
 *		text follows Sendmail's ("----- The following addresses had
 *		permanent fatal errors -----"), but the addresses are written
 *		">>> addr <addr>" and the transcript holds the remote server's
 *		reply alone, as in "550 <addr>: Recipient address rejected".
 *
 * src/core/decoder/activehunter.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Headings of the two sections of the notice. */
static const char *const fatal_heading =
"----- The following addresses had permanent fatal errors -----";
static const char *const transcript_heading =
"----- Transcript of session follows -----";

/* Does the message come from Active!hunter? */
static int
is_activehunter(const bnc_view *v)
{
	if (bnc_headers_find(&v->headers, "X-AHMAILID") != NULL)
		return 1;
	return v->ctype.boundary.len > 0 &&
		bnc_ci_find(v->ctype.boundary.p, v->ctype.boundary.len,
					"Active!Hunter") != NULL;
}

/* Add a row for each ">>> addr ..." line of the list of fatal errors. */
static void
read_fatal(bnc_builder *b, bnc_span list)
{
	bnc_lines	it;
	bnc_span	line;

	bnc_lines_init(&it, list.p, list.len);
	bnc_lines_next(&it, &line);	/* the rest of the heading */
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_span	addr;
		bnc_recipient *r;

		if (bnc_ci_prefix(t.p, t.len, "-----"))
			break;
		if (!bnc_ci_prefix(t.p, t.len, ">>> ") ||
			!bnc_addr_find(t.p, t.len, &addr))
			continue;
		r = bnc_builder_find_or_add(b, addr.p, addr.len);
		if (r)
			r->action = BNC_ACTION_FAILED;
	}
}

/*
 * Give the rows, in order, the transcript's reply lines ("550 ...").  A
 * reply that names another address than the next row's is passed over.
 */
static void
read_transcript(bnc_builder *b, bnc_span text)
{
	bnc_lines	it;
	bnc_span	line;
	int			next = 0;

	bnc_lines_init(&it, text.p, text.len);
	bnc_lines_next(&it, &line);	/* the rest of the heading */
	while (bnc_lines_next(&it, &line) && next < b->res->nrcpts)
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_recipient *r = &b->res->rcpts[next];
		bnc_span	addr;

		if (t.len < 4 || !BNC_IS_DIGIT(t.p[0]) || bnc_find_reply(t.p, 4) == 0)
			continue;
		if (bnc_addr_find(t.p, t.len, &addr) &&
			bnc_ci_find(addr.p, addr.len, r->recipient) == NULL)
			continue;
		bnc_builder_diagnostic(b, r, t.p, t.len);
		next++;
	}
}

/* Recognise an Active!hunter bounce and read it. */
int
bnc_decode_activehunter(const bnc_view *v, bnc_builder *b)
{
	bnc_span	list;

	/* the header first: it is cheaper than the search in the text */
	if (!is_activehunter(v) ||
		(list = bnc_after(v->text, fatal_heading)).len == 0)
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "activehunter");
	b->res->format = "activehunter";
	read_fatal(b, list);
	read_transcript(b, bnc_after(v->text, transcript_heading));
	return b->res->nrcpts > 0;
}
