/*-------------------------------------------------------------------------
 *
 * arf.c
 *		Decoder for abuse feedback reports (ARF, RFC 5965): a
 *		multipart/report with a message/feedback-report part.  Each
 *		reported recipient becomes a row with the reason "feedback" and the
 *		report's Feedback-Type.
 *
 * src/core/decoder/arf.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Add a feedback row for the address in p[0..len). */
static void
add_row(bnc_builder *b, const char *p, size_t len, char *type)
{
	bnc_recipient *r = bnc_builder_add(b, p, len);

	if (r)
		r->feedback_type = type;
}

/*
 * Read the report: rows for every Original-Rcpt-To field, or else for the
 * To of the reported message.
 */
int
bnc_decode_arf(const bnc_view *v, bnc_builder *b)
{
	bnc_headers fh;
	char	   *type;
	int			i;

	if (v->feedback.len == 0)
		return 0;
	bnc_headers_parse(b->alloc, v->feedback.p, v->feedback.len, &fh);
	type = bnc_header_value(b->alloc, &fh, "Feedback-Type");
	if (type)
	{
		for (i = 0; type[i]; i++)
			type[i] = BNC_LOWER((unsigned char) type[i]);
	}
	b->res->format = "arf";
	b->fixed_reason = BNC_R_feedback;
	for (i = 0; i < fh.nfields; i++)
	{
		bnc_field  *f = &fh.fields[i];

		if (bnc_ci_equal(f->name.p, f->name.len, "Original-Rcpt-To"))
			add_row(b, f->value.p, f->value.len, type);
	}
	if (b->res->nrcpts == 0 && v->original.len > 0)
	{
		bnc_headers oh;
		const bnc_field *to;

		bnc_headers_parse(b->alloc, v->original.p, v->original.len, &oh);
		to = bnc_headers_find(&oh, "To");
		if (to)
			add_row(b, to->value.p, to->value.len, type);
	}
	if (fh.nfields > 0)
	{
		char	   *mta = bnc_header_value(b->alloc, &fh, "Reporting-MTA");

		if (mta)
		{
			bnc_span	s = bnc_strip_type(mta, strlen(mta));

			b->res->reporting_mta = bnc_strndup(b->alloc, s.p, s.len);
		}
	}
	return b->res->nrcpts > 0;
}
