/*-------------------------------------------------------------------------
 *
 * kddi.c
 *		Decoder for bounces written by the KDDI au one net mail service
 *		(addresses under dion.ne.jp): "Your mail sent on: DATE", then
 *		"Could not be delivered to: <addr>" and an indented sentence saying
 *		why ("As their mailbox is full.").
 *
 * src/core/decoder/kddi.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* A fixed sentence of the service and the reason it states. */
typedef struct kddi_phrase
{
	const char *text;
	bnc_reason	reason;
} kddi_phrase;

/* The service's own explanations of a failure. */
static const kddi_phrase kddi_phrases[] = {
	{"As their mailbox is full", BNC_R_mailboxfull},
	{"As the remote domain doesnt exist", BNC_R_hostunknown},
	{"As the remote domain doesn't exist", BNC_R_hostunknown},
	{NULL, BNC_R_undefined}
};

/* Is this message from the au one net mail system? */
static int
is_kddi(const bnc_view *v)
{
	const char *from = v->from;
	char	   *reply_to;

	if (bnc_ci_find(from, strlen(from), "no-reply@") &&
		bnc_ci_find(from, strlen(from), ".dion.ne.jp"))
		return 1;
	reply_to = bnc_view_header(v, "Reply-To");
	return reply_to &&
		bnc_ci_find(reply_to, strlen(reply_to), "no-reply@app.auone-net.jp");
}

/* Take the explanation lines s (below the address) as r's error. */
static void
read_error(bnc_builder *b, bnc_recipient *r, bnc_span s)
{
	int			i;

	bnc_builder_diagnostic(b, r, s.p, s.len);
	for (i = 0; kddi_phrases[i].text; i++)
	{
		if (bnc_ci_find(s.p, s.len, kddi_phrases[i].text))
		{
			r->reason = kddi_phrases[i].reason;
			break;
		}
	}
}

/* The first line of s. */
static bnc_span
first_line(bnc_span s)
{
	const char *e = s.p;

	while (e < s.p + s.len && *e != '\n' && *e != '\r')
		e++;
	s.len = e - s.p;
	return s;
}

/* Read every "Could not be delivered to:" paragraph of the notice. */
static void
read_notice(bnc_builder *b, bnc_span text)
{
	static const char marker[] = "Could not be delivered to:";
	bnc_span	rest = text;

	for (;;)
	{
		bnc_span	s = bnc_after(rest, marker);
		bnc_span	addr;
		bnc_span	para;
		bnc_span	err;
		bnc_recipient *r;

		if (s.len == 0)
			return;
		bnc_paragraph(text, s, &para);
		err = first_line(para);
		if (!bnc_addr_find(err.p, err.len, &addr))
			return;
		r = bnc_builder_add(b, addr.p, addr.len);

		/* the explanation is on the lines below the address */
		err.p += err.len;
		err.len = (para.p + para.len) - err.p;
		if (r)
		{
			r->action = BNC_ACTION_FAILED;
			read_error(b, r, bnc_trim(err.p, err.len));
		}
		rest.p = para.p + para.len;
		rest.len = (text.p + text.len) - rest.p;
	}
}

/* Recognise an au one net bounce and read it. */
int
bnc_decode_kddi(const bnc_view *v, bnc_builder *b)
{
	if (!is_kddi(v))
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "kddi");
	b->res->format = "kddi";
	read_notice(b, v->text);
	return b->res->nrcpts > 0;
}
