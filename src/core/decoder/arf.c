/*-------------------------------------------------------------------------
 *
 * arf.c
 *		Decoder for abuse feedback reports (ARF, RFC 5965): a
 *		multipart/report with a message/feedback-report part.  Each
 *		reported recipient (or, when the address is redacted, one
 *		recipient left NULL) becomes a row with the reason "feedback" and
 *		the report's Feedback-Type; every field of the report goes into the
 *		message's details, and its Arrival-Date is when the reported
 *		message arrived.
 *
 * src/core/decoder/arf.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"
#include "details.h"

/*
 * Add a feedback row for the address in p[0..len).  The complaining user
 * has a mailbox at a provider, so a value without '@' is a redaction
 * ("redacted", "undisclosed"), not a local address: it adds nothing.
 */
static void
add_row(bnc_builder *b, const char *p, size_t len, char *type)
{
	bnc_recipient *r;

	if (memchr(p, '@', len) == NULL)
		return;
	r = bnc_builder_add(b, p, len);
	if (r)
		r->feedback_type = type;
}

/* Add a row for every field called name of the report. */
static void
add_rows(bnc_builder *b, const bnc_headers *fh, const char *name, char *type)
{
	int			i;

	for (i = 0; i < fh->nfields; i++)
	{
		const bnc_field *f = &fh->fields[i];

		if (bnc_ci_equal(f->name.p, f->name.len, name))
			add_row(b, f->value.p, f->value.len, type);
	}
}

/*
 * When the reported message arrived: the report's Arrival-Date, or the
 * Received-Date that drafts of the format used.
 */
static void
arrival(bnc_builder *b, const bnc_headers *fh)
{
	static const char *const names[] = {"Arrival-Date", "Received-Date", NULL};
	int			i;

	for (i = 0; names[i] != NULL; i++)
	{
		const bnc_field *f = bnc_headers_find(fh, names[i]);

		if (f != NULL &&
			bnc_parse_date(f->value.p, f->value.len, &b->res->arrived_at))
		{
			b->res->has_arrived = 1;
			return;
		}
	}
}

/*
 * Read the report: rows for every Original-Rcpt-To field, or else for
 * every Removal-Recipient (the address an opt-out report asks to remove),
 * or else for the To of the reported message.  A report that names no
 * address (providers often redact it) but gives its Feedback-Type still
 * stands for one complaint: it gets one row whose recipient is NULL.
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
	add_rows(b, &fh, "Original-Rcpt-To", type);
	if (b->res->nrcpts == 0)
		add_rows(b, &fh, "Removal-Recipient", type);
	if (b->res->nrcpts == 0 && v->original.len > 0)
	{
		bnc_headers oh;
		const bnc_field *to;

		bnc_headers_parse(b->alloc, v->original.p, v->original.len, &oh);
		to = bnc_headers_find(&oh, "To");
		if (to)
			add_row(b, to->value.p, to->value.len, type);
	}
	if (b->res->nrcpts == 0 && type != NULL)
	{
		/* the address is redacted: the complaint still counts */
		bnc_recipient *r = bnc_builder_add_unnamed(b);

		if (r)
			r->feedback_type = type;
	}
	if (fh.nfields > 0)
	{
		char	   *mta = bnc_header_value(b->alloc, &fh, "Reporting-MTA");

		if (mta)
		{
			bnc_span	s = bnc_strip_type(mta, strlen(mta));

			b->res->reporting_mta = bnc_strndup(b->alloc, s.p, s.len);
		}
		arrival(b, &fh);
		bnc_details_feedback(b->alloc, b->res, &fh);
	}
	return b->res->nrcpts > 0;
}
