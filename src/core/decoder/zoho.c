/*-------------------------------------------------------------------------
 *
 * zoho.c
 *		Decoder for the bounces of Zoho Mail: after "This message was
 *		created automatically by mail delivery software.", one line per
 *		recipient, "addr Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1
 *		<addr>... User Unknown", giving the reply code and the status code
 *		in fields of their own before the remote server's words.
 *
 * src/core/decoder/zoho.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

#define ZOHO_FIELD "ERROR_CODE :"

/*
 * Read the fields after the address: "ERROR_CODE :550" (the reply),
 * "ERROR_CODE :5.1.1 ..." (the status and the server's words).  Fields
 * may be empty ("ERROR_CODE :, Host not reachable.").
 */
static void
read_fields(bnc_builder *b, bnc_recipient *r, bnc_span s)
{
	bnc_span	first = bnc_after(s, ZOHO_FIELD);
	bnc_span	second = bnc_after(first, ZOHO_FIELD);
	bnc_span	words = second.len > 0 ? second : first;
	size_t		n = first.len;

	/* the reply is what stands between the first and the second field */
	if (second.len > 0)
		n = second.p - first.p;
	r->reply_code = bnc_find_reply(first.p, n);
	words = bnc_trim(words.p, words.len);
	while (words.len > 0 && (*words.p == ',' || BNC_IS_WS(*words.p)))
	{
		words.p++;
		words.len--;
	}
	bnc_builder_diagnostic(b, r, words.p, words.len);
}

/* Is the line "addr text, ERROR_CODE :..."?  Sets the address span. */
static int
recipient_line(bnc_span line, bnc_span *addr)
{
	size_t		i = 0;

	if (bnc_ci_find(line.p, line.len, ZOHO_FIELD) == NULL)
		return 0;
	while (i < line.len && !BNC_IS_WS(line.p[i]))
		i++;
	addr->p = line.p;
	addr->len = i;
	return i > 0 && memchr(line.p, '@', i) != NULL;
}

/* Recognise a Zoho Mail bounce and read its recipient lines. */
int
bnc_decode_zoho(const bnc_view *v, bnc_builder *b)
{
	bnc_span	notice = bnc_view_notice(v);
	bnc_lines	it;
	bnc_span	line;
	int			permanent;

	if (bnc_ci_find(notice.p, notice.len, ZOHO_FIELD) == NULL ||
		bnc_has_dsn(v) ||
		!bnc_ci_find(v->text.p, v->text.len,
					 "created automatically by mail delivery software"))
		return 0;
	b->res->format = "zoho";
	permanent = bnc_ci_find(v->text.p, v->text.len,
							"This is a permanent error") != NULL;
	bnc_lines_init(&it, v->text.p, v->text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	addr;
		bnc_recipient *r;

		/* the returned message's header follows the recipient lines */
		if (b->res->nrcpts > 0 && b->original.len == 0 &&
			bnc_is_header_line(line))
			b->original = bnc_rest_of(v->text, line);
		if (!recipient_line(line, &addr) ||
			(r = bnc_builder_add(b, addr.p, addr.len)) == NULL)
			continue;
		r->action = BNC_ACTION_FAILED;
		read_fields(b, r, line);

		/*
		 * A temporary reply in a notice that calls the error permanent is
		 * the last of the retries Zoho gave up on: the message expired.
		 */
		if (permanent && r->reply_code / 100 == 4)
			r->reason = BNC_R_expired;
	}
	return b->res->nrcpts > 0;
}
