/*-------------------------------------------------------------------------
 *
 * yahoo.c
 *		Decoder for the plain-text bounces of Yahoo! Mail: "Sorry, we were
 *		unable to deliver your message to the following address.", then a
 *		line "<addr>:" for each recipient with the remote server's reply
 *		below it, often ending in the failed command ("[RCPT_TO]"), and
 *		"--- Below this line is a copy of the message."
 *
 * src/core/decoder/yahoo.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

#define YAHOO_INTRO \
	"Sorry, we were unable to deliver your message to the following address"
#define YAHOO_END "--- Below this line is a copy of the message"

/* The command tags Yahoo appends to the reply, and the command of each. */
static const struct
{
	const char *tag;
	const char *command;
}			tags[] =
{
	{"[RCPT_TO]", "RCPT"},
	{"[MAIL_FROM]", "MAIL"},
	{"[DATA]", "DATA"},
	{"[EHLO]", "EHLO"},
	{"[HELO]", "HELO"},
	{NULL, NULL}
};

/* Is the line "<addr>:" opening a recipient paragraph? */
static int
address_line(bnc_span line, bnc_span *addr)
{
	bnc_span	t = bnc_trim(line.p, line.len);

	if (t.len < 5 || t.p[0] != '<' || t.p[t.len - 1] != ':' ||
		t.p[t.len - 2] != '>')
		return 0;
	addr->p = t.p + 1;
	addr->len = t.len - 3;
	return memchr(addr->p, '@', addr->len) != NULL;
}

/* Read the lines below "<addr>:" into r: the reply and its command tag. */
static void
read_error(bnc_builder *b, bnc_recipient *r, bnc_span s)
{
	bnc_span	said = bnc_after(s, "Remote host said:");
	int			i;

	if (said.len > 0)
		s = said;
	for (i = 0; tags[i].tag; i++)
	{
		const char *m = bnc_ci_find(s.p, s.len, tags[i].tag);

		if (m)
		{
			r->smtp_command = (char *) tags[i].command;
			s.len = m - s.p;
			break;
		}
	}
	bnc_builder_diagnostic(b, r, s.p, s.len);
}

/* Recognise a Yahoo! Mail bounce and read its recipient paragraphs. */
int
bnc_decode_yahoo(const bnc_view *v, bnc_builder *b)
{
	bnc_span	text = bnc_after(v->text, YAHOO_INTRO);
	bnc_span   *lines;
	int			n;

	if (text.len == 0 || bnc_has_dsn(v))
		return 0;
	b->res->format = "yahoo";
	bnc_inline_original(b, text, YAHOO_END);
	text = bnc_cut_at(text, YAHOO_END);
	n = bnc_split_lines(b->alloc, text, &lines);
	bnc_read_address_blocks(b, lines, n, address_line, read_error);
	return b->res->nrcpts > 0;
}
