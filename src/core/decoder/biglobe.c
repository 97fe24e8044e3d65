/*-------------------------------------------------------------------------
 *
 * biglobe.c
 *		Decoder for bounces written by the BIGLOBE mail service: the failed
 *		addresses under "----- The following addresses had delivery
 *		problems -----", and the reason, for all of them, under "-----
 *		Non-delivered information -----".
 *
 * src/core/decoder/biglobe.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Heads of the two sections of the notice. */
#define ADDRESSES_HEAD	"The following addresses had delivery problems"
#define INFO_HEAD		"Non-delivered information"

/* Mail domains of the service that write this notice. */
static const char *const biglobe_senders[] = {
	"postmaster@biglobe.ne.jp",
	"postmaster@inacatv.ne.jp",
	"postmaster@tmtv.ne.jp",
	"postmaster@ttv.ne.jp",
	NULL
};

/* Is this message a BIGLOBE notice? */
static int
is_biglobe(const bnc_view *v)
{
	bnc_span	from;

	from.p = v->from;
	from.len = strlen(v->from);
	return bnc_contains_any(from, biglobe_senders) &&
		bnc_ci_prefix(v->subject, strlen(v->subject), "Returned mail:") &&
		bnc_ci_find(v->text.p, v->text.len, ADDRESSES_HEAD) != NULL;
}

/* Recognise a BIGLOBE notice and read it. */
int
bnc_decode_biglobe(const bnc_view *v, bnc_builder *b)
{
	bnc_span	list;
	bnc_span	info;
	bnc_lines	it;
	bnc_span	line;

	if (!is_biglobe(v))
		return 0;
	b->res->format = "biglobe";
	list = bnc_section_after(v->text, ADDRESSES_HEAD);
	info = bnc_section_after(v->text, INFO_HEAD);
	bnc_lines_init(&it, list.p, list.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	addr;
		bnc_recipient *r;

		if (!bnc_addr_find(line.p, line.len, &addr) ||
			(r = bnc_builder_add(b, addr.p, addr.len)) == NULL)
			continue;
		r->action = BNC_ACTION_FAILED;
		bnc_builder_diagnostic(b, r, info.p, info.len);
	}
	return b->res->nrcpts > 0;
}
