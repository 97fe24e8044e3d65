/*-------------------------------------------------------------------------
 *
 * x5.c
 *		Decoder for bounces that forward another server's report: the
 *		notice itself lists no address ("----- The following addresses had
 *		permanent delivery errors -----" followed by nothing) and the real
 *		delivery status report is attached as a message of its own.  The
 *		attached report is read as if it had come on its own.
 *
 * src/core/decoder/x5.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Wording of the notice wrapped around the attached report. */
static const char *const wrapper_text[] = {
	"The following addresses had permanent delivery errors",
	"The following addresses had delivery errors",
	"The original message was received at",
	NULL
};

/* Put a part of the attached report into its slot of the inner view. */
static void
take_part(const bnc_alloc *a, bnc_view *in, bnc_span part)
{
	bnc_headers h;
	const bnc_field *f;
	bnc_ctype	ct;
	bnc_span	body;
	bnc_span   *slot = NULL;

	body.p = part.p + bnc_headers_parse(a, part.p, part.len, &h);
	body.len = (part.p + part.len) - body.p;
	memset(&ct, 0, sizeof(ct));
	if ((f = bnc_headers_find(&h, "Content-Type")) != NULL)
		bnc_ctype_parse(f->value.p, f->value.len, &ct);
	if (bnc_ctype_is(&ct, "message", "delivery-status"))
		slot = &in->dsn;
	else if (bnc_ctype_is(&ct, "message", "rfc822") ||
			 bnc_ctype_is(&ct, "text", "rfc822-headers"))
		slot = &in->original;
	else if (ct.type.len == 0 || bnc_ctype_is(&ct, "text", "plain"))
		slot = &in->text;
	if (slot && slot->len == 0)
		*slot = bnc_transfer_decode(a, &h, body);
}

/*
 * Read the attached message into a view of its own; returns 0 unless it
 * is a delivery status report.
 */
static int
inner_view(const bnc_view *v, bnc_view *in)
{
	bnc_span	body;
	bnc_span   *parts;
	const bnc_field *f;
	int			n;
	int			i;

	memset(in, 0, sizeof(*in));
	in->alloc = v->alloc;
	in->from = in->subject = in->to = "";
	in->text.p = in->dsn.p = in->original.p = in->feedback.p = "";
	body.p = v->original.p + bnc_headers_parse(v->alloc, v->original.p,
											   v->original.len, &in->headers);
	body.len = (v->original.p + v->original.len) - body.p;
	if ((f = bnc_headers_find(&in->headers, "Content-Type")) == NULL)
		return 0;
	bnc_ctype_parse(f->value.p, f->value.len, &in->ctype);
	if (!bnc_ctype_is(&in->ctype, "multipart", "report"))
		return 0;
	n = bnc_multipart_split(v->alloc, body.p, body.len, in->ctype.boundary,
							&parts);
	for (i = 0; i < n; i++)
		take_part(v->alloc, in, parts[i]);
	return in->dsn.len > 0;
}

/* Recognise a notice wrapped around an attached report and read it. */
int
bnc_decode_x5(const bnc_view *v, bnc_builder *b)
{
	bnc_view	in;

	/* the notice itself must name nobody: the report says it all */
	if (v->dsn.len > 0 || v->original.len == 0 ||
		!bnc_contains_any(bnc_view_notice(v), wrapper_text) ||
		memchr(v->text.p, '@', v->text.len) != NULL)
		return 0;
	if (!inner_view(v, &in))
		return 0;

	/*
	 * XXX the Message-ID reported as the original's is the attached
	 * report's own, as the driver takes it from the outer attachment.
	 */
	return bnc_rfc3464_read(&in, b, "x5");
}
