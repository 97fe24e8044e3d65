/*-------------------------------------------------------------------------
 *
 * verizon.c
 *		Decoder for the bounces of Verizon Wireless's message gateway
 *		(vtext.com): "Error: Invalid user address", "Error message below:"
 *		with the remote reply on the next line, and "Message details:"
 *		listing the envelope, where "RCPT TO: addr" names the recipient.
 *
 * src/core/decoder/verizon.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

#define VZ_ERROR "Error message below:"
#define VZ_DETAILS "Message details:"

/*
 * The gateway's own verdicts, on the first line ("Error: ..."), and the
 * reason each one means whatever the remote server's words.
 */
static const struct
{
	const char *verdict;
	bnc_reason	reason;
}			verdicts[] =
{
	{"Error: Invalid user address", BNC_R_userunknown},
	{NULL, BNC_R_undefined}
};

/* The value of the "NAME: value" line inside the message details. */
static bnc_span
detail_value(bnc_span details, const char *name)
{
	bnc_lines	it;
	bnc_span	line;
	bnc_span	none = {"", 0};

	bnc_lines_init(&it, details.p, details.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);

		if (bnc_ci_prefix(t.p, t.len, name))
		{
			t.p += strlen(name);
			t.len -= strlen(name);
			return bnc_trim(t.p, t.len);
		}
	}
	return none;
}

/* The error: the paragraph after "Error message below:", else "Error:". */
static bnc_span
error_text(bnc_span text)
{
	bnc_span	s = bnc_after(text, VZ_ERROR);

	if (s.len == 0)
		s = bnc_after(text, "Error:");
	return bnc_leading_paragraph(bnc_cut_at(s, VZ_DETAILS));
}

/* Recognise a Verizon gateway bounce and read its one recipient. */
int
bnc_decode_verizon(const bnc_view *v, bnc_builder *b)
{
	bnc_span	notice = bnc_view_notice(v);
	bnc_span	details = bnc_after(notice, VZ_DETAILS);
	bnc_span	rcpt;
	bnc_span	err;
	bnc_recipient *r;
	int			k;

	if (details.len == 0 ||
		!bnc_ci_find(notice.p, notice.len, VZ_ERROR) ||
		bnc_has_dsn(v))
		return 0;
	rcpt = detail_value(details, "RCPT TO:");
	if (rcpt.len == 0 || (r = bnc_builder_add(b, rcpt.p, rcpt.len)) == NULL)
		return 0;
	b->res->format = "verizon";
	r->action = BNC_ACTION_FAILED;
	err = error_text(v->text);
	bnc_builder_diagnostic(b, r, err.p, err.len);
	for (k = 0; verdicts[k].verdict; k++)
	{
		if (bnc_ci_find(v->text.p, v->text.len, verdicts[k].verdict))
		{
			r->reason = verdicts[k].reason;
			break;
		}
	}
	return 1;
}
