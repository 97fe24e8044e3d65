/*-------------------------------------------------------------------------
 *
 * imailserver.c
 *		Decoder for the bounces of Ipswitch IMail Server, whose SMTP
 *		service signs its mail "X-Mailer: <SMTP32 vN.NN>": one line per
 *		failed recipient such as "Unknown user: addr", or "undeliverable
 *		to addr" followed by "Body of message generated response:" and the
 *		remote server's reply, then "Original message follows."
 *
 * src/core/decoder/imailserver.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* The line above the remote server's reply. */
#define GENERATED_HEAD "Body of message generated response:"

/*
 * IMail's own descriptions of a failure, written before the address, and
 * what each means.
 */
static const struct
{
	const char *phrase;
	bnc_reason	reason;
}			imail_reasons[] =
{
	{"User mailbox exceeds allowed size", BNC_R_mailboxfull},
	{"Invalid final delivery userid", BNC_R_userunknown},
	{"Unknown user", BNC_R_userunknown},
	{"Unknown host", BNC_R_hostunknown},
	{NULL, BNC_R_undefined}
};

/* Set r's diagnostic to the line s, and its reason if IMail's wording. */
static void
described_failure(bnc_builder *b, bnc_recipient *r, bnc_span s)
{
	int			i;

	bnc_builder_diagnostic(b, r, s.p, s.len);
	for (i = 0; imail_reasons[i].phrase; i++)
	{
		if (bnc_ci_prefix(s.p, s.len, imail_reasons[i].phrase))
		{
			r->reason = imail_reasons[i].reason;
			return;
		}
	}
}

/*
 * Is the (trimmed) line "Some description: addr"?  The description has
 * several words, which keeps header lines ("To: addr") out.
 */
static int
described_line(bnc_span t, bnc_span *addr)
{
	size_t		start = t.len;
	size_t		k;

	while (start > 0 && !BNC_IS_WS(t.p[start - 1]))
		start--;
	if (start == t.len || memchr(t.p + start, '@', t.len - start) == NULL)
		return 0;
	for (k = start; k > 0 && BNC_IS_WS(t.p[k - 1]); k--)
		;
	if (k == 0 || t.p[k - 1] != ':' || memchr(t.p, ' ', k - 1) == NULL)
		return 0;
	addr->p = t.p + start;
	addr->len = t.len - start;
	return 1;
}

/* Read the notice's failure lines. */
static void
read_failures(bnc_builder *b, bnc_span text)
{
	bnc_span	reply = bnc_after(text, GENERATED_HEAD);
	bnc_lines	it;
	bnc_span	line;

	reply = bnc_leading_paragraph(reply);
	text = bnc_cut_at(text, GENERATED_HEAD);
	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_span	addr;
		bnc_recipient *r;

		if (bnc_ci_prefix(t.p, t.len, "undeliverable to "))
		{
			r = bnc_builder_find_or_add(b, t.p + 17, t.len - 17);
			if (r && reply.len > 0)
				bnc_builder_diagnostic(b, r, reply.p, reply.len);
			else if (r)
				bnc_builder_diagnostic(b, r, t.p, t.len);
		}
		else if (described_line(t, &addr))
		{
			r = bnc_builder_find_or_add(b, addr.p, addr.len);
			if (r)
				described_failure(b, r, t);
		}
		else
			continue;
		if (r)
			r->action = BNC_ACTION_FAILED;
	}
}

/* Recognise an IMail Server bounce and read it. */
int
bnc_decode_imailserver(const bnc_view *v, bnc_builder *b)
{
	char	   *mailer = bnc_view_header(v, "X-Mailer");
	bnc_span	text;

	if (mailer == NULL || !bnc_ci_prefix(mailer, strlen(mailer), "<SMTP32 v"))
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "imailserver");
	b->res->format = "imailserver";
	bnc_inline_original(b, v->text, "Original message follows.");
	text = bnc_cut_at(v->text, "Original message follows.");
	read_failures(b, text);
	return b->res->nrcpts > 0;
}
