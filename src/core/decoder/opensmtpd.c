/*-------------------------------------------------------------------------
 *
 * opensmtpd.c
 *		Decoder for bounces written by OpenSMTPD: "This is the MAILER-DAEMON,
 *		please DO NOT REPLY to this e-mail.", a sentence saying whether
 *		delivery failed ("An error has occurred while attempting to deliver
 *		a message for the following list of recipients:") or is delayed ("A
 *		message is delayed for more than 4 hours ..."), one line "addr:
 *		error" per recipient, and "Below is a copy of the original message:".
 *		Newer versions add a standard report, read by the shared reader.
 *
 * src/core/decoder/opensmtpd.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

#define OSMTPD_HELLO "This is the MAILER-DAEMON, please DO NOT REPLY"
#define OSMTPD_LIST "list of recipients:"
#define OSMTPD_END "Below is a copy of the original message"

/* Is the line "addr: error", unindented?  Sets the address and error. */
static int
recipient_line(bnc_span line, bnc_span *addr, bnc_span *err)
{
	const char *colon = memchr(line.p, ':', line.len);

	if (colon == NULL || BNC_IS_WS(line.p[0]) ||
		colon + 1 >= line.p + line.len || colon[1] != ' ')
		return 0;
	addr->p = line.p;
	addr->len = colon - line.p;
	if (memchr(addr->p, '@', addr->len) == NULL ||
		memchr(addr->p, ' ', addr->len) != NULL)
		return 0;
	err->p = colon + 1;
	err->len = (line.p + line.len) - err->p;
	return 1;
}

/* Read the plain-text list of recipients and their errors. */
static int
read_plain(const bnc_view *v, bnc_builder *b)
{
	bnc_span	text = bnc_after(v->text, OSMTPD_LIST);
	bnc_action	action = BNC_ACTION_FAILED;
	bnc_lines	it;
	bnc_span	line;

	if (text.len == 0)
		return 0;
	if (bnc_ci_find(v->text.p, v->text.len, "A message is delayed"))
		action = BNC_ACTION_DELAYED;
	b->res->format = "opensmtpd";
	bnc_inline_original(b, text, OSMTPD_END);
	text = bnc_cut_at(text, OSMTPD_END);
	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	addr;
		bnc_span	err;
		bnc_recipient *r;

		if (!recipient_line(line, &addr, &err) ||
			(r = bnc_builder_add(b, addr.p, addr.len)) == NULL)
			continue;
		r->action = action;
		bnc_builder_diagnostic(b, r, err.p, err.len);
	}
	return b->res->nrcpts > 0;
}

/* Recognise an OpenSMTPD bounce and read it. */
int
bnc_decode_opensmtpd(const bnc_view *v, bnc_builder *b)
{
	bnc_span	notice = bnc_view_notice(v);

	if (!bnc_ci_find(notice.p, notice.len, OSMTPD_HELLO))
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "opensmtpd");
	return read_plain(v, b);
}
