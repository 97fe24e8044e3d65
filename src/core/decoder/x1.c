/*-------------------------------------------------------------------------
 *
 * x1.c
 *		Decoder for a bounce format of an unnamed mail server, sent from
 *		"Mail Deliver System" with the subject "Returned Mail: ...": under
 *		"---The following addresses had delivery errors---" each failed
 *		address is followed by its error in brackets ("addr [User unknown]").
 *
 * src/core/decoder/x1.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Head of the list of failed addresses. */
#define LIST_HEAD	"---The following addresses had delivery errors---"

/* Is this message in the format? */
static int
is_x1(const bnc_view *v)
{
	const char *from = v->from[0] == '"' ? v->from + 1 : v->from;

	return bnc_ci_prefix(from, strlen(from), "Mail Deliver System") &&
		bnc_ci_prefix(v->subject, strlen(v->subject), "Returned Mail: ") &&
		bnc_ci_find(v->text.p, v->text.len, LIST_HEAD) != NULL;
}

/* Read one "addr [error]" line into a new row. */
static void
read_line(bnc_builder *b, bnc_span t)
{
	const char *open = memchr(t.p, '[', t.len);
	bnc_span	head = t;
	bnc_span	addr;
	bnc_recipient *r;

	if (open)
		head.len = open - t.p;
	if (!bnc_addr_find(head.p, head.len, &addr) ||
		(r = bnc_builder_add(b, addr.p, addr.len)) == NULL)
		return;
	r->action = BNC_ACTION_FAILED;
	if (open && t.p[t.len - 1] == ']')
		bnc_builder_diagnostic(b, r, open + 1, (t.p + t.len - 1) - (open + 1));
}

/* Recognise the format and read its list of failed addresses. */
int
bnc_decode_x1(const bnc_view *v, bnc_builder *b)
{
	bnc_span	list;
	bnc_lines	it;
	bnc_span	line;
	int			seen = 0;

	if (!is_x1(v))
		return 0;
	b->res->format = "x1";
	list = bnc_after(v->text, LIST_HEAD);
	bnc_lines_init(&it, list.p, list.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);

		if (t.len == 0)
		{
			/* the list is one paragraph, after a blank line */
			if (seen)
				break;
			continue;
		}
		seen = 1;
		read_line(b, t);
	}
	return b->res->nrcpts > 0;
}
