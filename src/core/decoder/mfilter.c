/*-------------------------------------------------------------------------
 *
 * mfilter.c
 *		Decoder for bounces written by the m-FILTER mail gateway ("failure
 *		notice"): a Japanese notice listing the failed addresses one per
 *		line, then sections headed "-------server message" (the remote
 *		server's reply), "-------SMTP command" (the command it answered) and
 *		"-------original message" or "-------original mail info".
 *
 * src/core/decoder/mfilter.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Section heads of the notice. */
#define SERVER_HEAD		"-------server message"
#define COMMAND_HEAD	"-------SMTP command"

/* Heads of the section holding the returned message. */
static const char *const original_heads[] = {
	"-------original message",
	"-------original mail info",
	NULL
};

/* The commands the "SMTP command" section names, as written there. */
static const char *const commands[] = {
	"RCPT", "MAIL", "DATA", "EHLO", "HELO", "STARTTLS", "AUTH", "QUIT", NULL
};

/* Is this message an m-FILTER notice? */
static int
is_mfilter(const bnc_view *v)
{
	char	   *mailer = bnc_view_header(v, "X-Mailer");

	if (bnc_ci_find(v->text.p, v->text.len, SERVER_HEAD) == NULL ||
		bnc_ci_find(v->text.p, v->text.len, COMMAND_HEAD) == NULL)
		return 0;
	return (mailer && bnc_ci_equal(mailer, strlen(mailer), "m-FILTER")) ||
		strcmp(v->subject, "failure notice") == 0;
}

/*
 * Is the line a bare address (a line of the list of failed addresses)?
 * Japanese lines are left alone: an ISO-2022-JP character may contain an
 * '@' byte, but such a line has an escape sequence or spaces around it.
 */
static int
address_line(bnc_span line, bnc_span *addr)
{
	bnc_span	t = bnc_trim(line.p, line.len);
	size_t		i;

	if (t.len < 3 || memchr(t.p, '@', t.len) == NULL)
		return 0;
	for (i = 0; i < t.len; i++)
	{
		if (BNC_IS_WS(t.p[i]) || t.p[i] == '\033' || (t.p[i] & 0x80))
			return 0;
	}
	return bnc_addr_find(t.p, t.len, addr);
}

/* The command a section holding a bare command word names, or NULL. */
static const char *
bare_command(bnc_span s)
{
	int			i;

	for (i = 0; commands[i]; i++)
	{
		if (bnc_ci_prefix(s.p, s.len, commands[i]))
			return commands[i];
	}
	return NULL;
}

/* Recognise an m-FILTER notice and read it. */
int
bnc_decode_mfilter(const bnc_view *v, bnc_builder *b)
{
	bnc_span	text = v->text;
	bnc_span	reply;
	bnc_span	command;
	bnc_lines	it;
	bnc_span	line;
	int			i;

	if (!is_mfilter(v))
		return 0;
	b->res->format = "mfilter";
	for (i = 0; original_heads[i]; i++)
	{
		bnc_inline_original(b, text, original_heads[i]);
		text = bnc_cut_at(text, original_heads[i]);
	}
	reply = bnc_section_after(text, SERVER_HEAD);
	command = bnc_section_after(text, COMMAND_HEAD);
	text = bnc_cut_at(text, SERVER_HEAD);
	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	addr;
		bnc_recipient *r;

		if (!address_line(line, &addr) ||
			(r = bnc_builder_find_or_add(b, addr.p, addr.len)) == NULL)
			continue;
		r->action = BNC_ACTION_FAILED;
		r->smtp_command = (char *) bare_command(command);
		bnc_builder_diagnostic(b, r, reply.p, reply.len);
	}
	return b->res->nrcpts > 0;
}
