/*-------------------------------------------------------------------------
 *
 * mailfoundry.c
 *		Decoder for the bounces of the MailFoundry gateway: for each failed
 *		recipient "Unable to deliver message to: <addr>", then "Delivery
 *		failed for the following reason:" and a line such as "Server
 *		mx.example.net[192.0.2.1] failed with: 550 ...".
 *
 * src/core/decoder/mailfoundry.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* The gateway's fixed wording around each recipient. */
static const char *const rcpt_intro = "Unable to deliver message to:";
static const char *const reason_intro =
"Delivery failed for the following reason:";

/*
 * Read a reason line.  "Server HOST[IP] failed with: TEXT" gives the
 * remote MTA and its reply; any other line is taken as it is.
 */
static void
reason_line(bnc_builder *b, bnc_recipient *r, bnc_span t)
{
	bnc_span	said = bnc_after(t, "failed with:");

	if (said.len > 0 && bnc_ci_prefix(t.p, t.len, "Server "))
	{
		size_t		i = 7;

		while (i < t.len && !BNC_IS_WS(t.p[i]) && t.p[i] != '[')
			i++;
		if (i > 7 && r->remote_mta == NULL)
			r->remote_mta = bnc_strndup(b->alloc, t.p + 7, i - 7);
		t = bnc_trim(said.p, said.len);
	}
	if (r->diagnostic == NULL)
		bnc_builder_diagnostic(b, r, t.p, t.len);
}

/* Recognise a MailFoundry bounce and read it. */
int
bnc_decode_mailfoundry(const bnc_view *v, bnc_builder *b)
{
	bnc_span	notice = bnc_view_notice(v);
	bnc_lines	it;
	bnc_span	line;
	bnc_recipient *r = NULL;
	int			in_reason = 0;

	if (bnc_ci_find(notice.p, notice.len, rcpt_intro) == NULL ||
		bnc_ci_find(notice.p, notice.len, reason_intro) == NULL)
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "mailfoundry");
	b->res->format = "mailfoundry";
	bnc_lines_init(&it, v->text.p, v->text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);

		if (bnc_ci_prefix(t.p, t.len, rcpt_intro))
		{
			r = bnc_builder_find_or_add(b, t.p + strlen(rcpt_intro),
										t.len - strlen(rcpt_intro));
			if (r)
				r->action = BNC_ACTION_FAILED;
			in_reason = 0;
		}
		else if (bnc_ci_prefix(t.p, t.len, reason_intro))
			in_reason = 1;
		else if (t.len == 0)
			in_reason = 0;
		else if (in_reason && r != NULL)
			reason_line(b, r, t);
	}
	return b->res->nrcpts > 0;
}
