/*-------------------------------------------------------------------------
 *
 * mcafee.c
 *		Decoder for the bounces of McAfee Email Gateway (formerly McAfee
 *		Email and Web Security): a text part "--- The following addresses
 *		had delivery problems ---" with lines "<addr>   (error)", usually
 *		followed by a delivery-status part.
 *
 * src/core/decoder/mcafee.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* The gateway's heading over the failed addresses. */
static const char *const list_start =
"--- The following addresses had delivery problems ---";

/* Does the header say a McAfee appliance wrote the message? */
static int
is_mcafee(const bnc_view *v)
{
	char	   *nai = bnc_view_header(v, "X-NAI-Header");

	return nai != NULL && bnc_ci_find(nai, strlen(nai), "McAfee") != NULL;
}

/* Read the lines "<addr>   (error)" under the heading. */
static void
read_list(bnc_builder *b, bnc_span list)
{
	bnc_lines	it;
	bnc_span	line;

	bnc_lines_init(&it, list.p, list.len);
	bnc_lines_next(&it, &line);	/* the rest of the heading */
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		const char *gt;
		const char *open;
		bnc_recipient *r;

		if (t.len < 3 || t.p[0] != '<' ||
			(gt = memchr(t.p, '>', t.len)) == NULL)
			continue;
		r = bnc_builder_add(b, t.p, gt + 1 - t.p);
		if (r == NULL)
			continue;
		r->action = BNC_ACTION_FAILED;
		open = memchr(gt, '(', (t.p + t.len) - gt);
		if (open && t.p[t.len - 1] == ')')
			bnc_builder_diagnostic(b, r, open + 1,
								   (t.p + t.len - 1) - (open + 1));
	}
}

/* Recognise a McAfee gateway bounce and read it. */
int
bnc_decode_mcafee(const bnc_view *v, bnc_builder *b)
{
	bnc_span	list = bnc_after(v->text, list_start);

	if (list.len == 0 || !is_mcafee(v))
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "mcafee");
	b->res->format = "mcafee";
	read_list(b, list);
	return b->res->nrcpts > 0;
}
