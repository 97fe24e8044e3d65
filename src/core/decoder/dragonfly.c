/*-------------------------------------------------------------------------
 *
 * dragonfly.c
 *		Decoder for bounces written by the DragonFly Mail Agent (dma):
 *		"There was an error delivering your mail to <addr>." followed by
 *		the remote server's reply, e.g. "mx.example.net [192.0.2.1] did
 *		not like our RCPT TO: 550 ...".
 *
 * src/core/decoder/dragonfly.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Read the error that follows the address sentence. */
static void
read_error(bnc_builder *b, bnc_recipient *r, bnc_span s)
{
	const char *like = bnc_ci_find(s.p, s.len, " did not like our ");
	bnc_span	t = bnc_trim(s.p, s.len);

	r->action = BNC_ACTION_FAILED;
	if (like)
	{
		const char *h = t.p;
		const char *e = h;
		const char *colon;
		bnc_span	verb;

		while (e < like && !BNC_IS_WS(*e) && *e != '[')
			e++;
		if (e > h)
			r->remote_mta = bnc_strndup(b->alloc, h, e - h);
		verb.p = like + 18;
		verb.len = (t.p + t.len) - verb.p;
		if (bnc_ci_prefix(verb.p, verb.len, "final DATA") ||
			bnc_ci_prefix(verb.p, verb.len, "DATA"))
			r->smtp_command = "DATA";
		else if (bnc_ci_prefix(verb.p, verb.len, "RCPT"))
			r->smtp_command = "RCPT";
		else if (bnc_ci_prefix(verb.p, verb.len, "MAIL"))
			r->smtp_command = "MAIL";
		else if (bnc_ci_prefix(verb.p, verb.len, "EHLO"))
			r->smtp_command = "EHLO";
		else if (bnc_ci_prefix(verb.p, verb.len, "HELO"))
			r->smtp_command = "HELO";
		colon = memchr(verb.p, ':', verb.len);
		if (colon)
			t = bnc_trim(colon + 1, (t.p + t.len) - (colon + 1));
	}
	bnc_builder_diagnostic(b, r, t.p, t.len);
}

/* Recognise a DragonFly Mail Agent bounce and read it. */
int
bnc_decode_dragonfly(const bnc_view *v, bnc_builder *b)
{
	bnc_span	text = v->text;
	bnc_span	s;
	bnc_span	addr;
	const char *end;
	bnc_recipient *r;

	if (!bnc_ci_find(text.p, text.len, "This is the DragonFly Mail Agent"))
		return 0;
	bnc_inline_original(b, text, "Message headers follow.");
	text = bnc_cut_at(text, "Message headers follow.");
	text = bnc_cut_at(text, "Original message follows.");
	s = bnc_after(text, "There was an error delivering your mail to ");
	if (s.len == 0 || !bnc_addr_find(s.p, s.len, &addr))
		return 0;
	b->res->format = "dragonfly";
	r = bnc_builder_add(b, addr.p, addr.len);
	if (r == NULL)
		return 0;
	end = addr.p + addr.len;
	while (end < s.p + s.len && (*end == '>' || *end == '.'))
		end++;
	s.len = (s.p + s.len) - end;
	s.p = end;
	read_error(b, r, s);
	return 1;
}
