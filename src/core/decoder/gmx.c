/*-------------------------------------------------------------------------
 *
 * gmx.c
 *		Decoder for the bounces of the United Internet mail systems (GMX,
 *		mail.com, WEB.DE, 1&1): Exim's opening "This message was created
 *		automatically by mail delivery software.", then each failed address
 *		alone on a line ("addr:" or "\"addr\":") followed by "SMTP error
 *		from remote server after RCPT command:" or "... for TEXT command,",
 *		the remote host ("host: mx.example.net") and its reply.
 *
 * src/core/decoder/gmx.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

#define UI_ERROR "SMTP error from remote server"

/* Where the returned message starts. */
static const char *const end_markers[] = {
	"--- The header of the original message",
	"--- This is a copy of the message",
	"--- The body of the message",
	NULL
};

/* "for X command" phrases and the SMTP command each one names. */
static const struct
{
	const char *phrase;
	const char *command;
}			for_commands[] =
{
	{"for RCPT", "RCPT"},
	{"for MAIL", "MAIL"},
	{"for TEXT", "DATA"},
	{"for DATA", "DATA"},
	{NULL, NULL}
};

/* Is the line "addr:" or "\"addr\":", alone, opening a recipient? */
static int
address_line(bnc_span line, bnc_span *addr)
{
	bnc_span	t = bnc_trim(line.p, line.len);

	if (t.len < 4 || t.p[t.len - 1] != ':' || BNC_IS_SPACE(line.p[0]))
		return 0;
	t.len--;
	if (t.len >= 2 && t.p[0] == '"' && t.p[t.len - 1] == '"')
	{
		t.p++;
		t.len -= 2;
	}
	if (memchr(t.p, '@', t.len) == NULL || memchr(t.p, ' ', t.len) ||
		memchr(t.p, ':', t.len))
		return 0;
	*addr = t;
	return 1;
}

/* The SMTP command the error names ("after RCPT command", "for TEXT"). */
static const char *
error_command(bnc_span s)
{
	const char *cmd = bnc_find_command(s.p, s.len);
	int			i;

	for (i = 0; cmd == NULL && for_commands[i].phrase; i++)
	{
		if (bnc_ci_find(s.p, s.len, for_commands[i].phrase))
			cmd = for_commands[i].command;
	}
	return cmd;
}

/*
 * Read the error lines of one recipient: the remote host after "host:",
 * and the reply, which follows "reason:" or else the host's line.
 */
static void
read_error(bnc_builder *b, bnc_recipient *r, bnc_span s)
{
	bnc_span	host = bnc_after(s, "host:");
	bnc_span	reason = bnc_after(s, "reason:");
	bnc_span	words = s;
	size_t		i = 0;

	r->smtp_command = (char *) error_command(s);
	while (host.len > 0 && BNC_IS_SPACE(*host.p))
	{
		host.p++;
		host.len--;
	}
	while (i < host.len && !BNC_IS_WS(host.p[i]) && host.p[i] != '[' &&
		   host.p[i] != '(')
		i++;
	if (i > 0)
		r->remote_mta = bnc_strndup(b->alloc, host.p, i);
	if (reason.len > 0)
		words = reason;
	else if (host.len > 0)
	{
		size_t		eol = bnc_find_eol(host.p, host.len);

		/* the reply starts on the line after the host's, whatever ends it */
		if (eol < host.len && host.p[eol] == '\r' && eol + 1 < host.len &&
			host.p[eol + 1] == '\n')
			eol++;
		words.p = host.p + (eol < host.len ? eol + 1 : host.len);
		words.len = (s.p + s.len) - words.p;
	}
	bnc_builder_diagnostic(b, r, words.p, words.len);
}

/* The format name: 1&1 or GMX, after the domain the notice comes from. */
static const char *
format_name(const bnc_view *v)
{
	size_t		n = strlen(v->from);

	if (bnc_ci_find(v->from, n, "kundenserver.de") ||
		bnc_ci_find(v->from, n, "1und1") || bnc_ci_find(v->from, n, "1and1"))
		return "einsundeins";
	return "gmx";
}

/* Add the row opened by lines[i] and read its error; returns the next line. */
static int
read_recipient(bnc_builder *b, bnc_span *lines, int n, int i, bnc_span addr)
{
	bnc_recipient *r = bnc_builder_add(b, addr.p, addr.len);
	bnc_span	next;
	int			j;

	for (j = i + 1; j < n && !bnc_is_blank(lines[j]) &&
		 !address_line(lines[j], &next); j++)
		;
	if (r == NULL)
		return j;
	r->action = BNC_ACTION_FAILED;
	if (j > i + 1)
	{
		bnc_span	err;

		err.p = lines[i + 1].p;
		err.len = (lines[j - 1].p + lines[j - 1].len) - err.p;
		read_error(b, r, err);
	}
	return j;
}

/* Recognise a GMX or 1&1 bounce and read its recipients. */
int
bnc_decode_gmx(const bnc_view *v, bnc_builder *b)
{
	bnc_span	text = v->text;
	bnc_span	notice = bnc_view_notice(v);
	bnc_span   *lines;
	int			n;
	int			i;

	if (!bnc_ci_find(notice.p, notice.len, UI_ERROR) ||
		!bnc_ci_find(text.p, text.len,
					 "created automatically by mail delivery software") ||
		bnc_has_dsn(v))
		return 0;
	b->res->format = format_name(v);
	for (i = 0; end_markers[i]; i++)
	{
		bnc_inline_original(b, text, end_markers[i]);
		text = bnc_cut_at(text, end_markers[i]);
	}
	n = bnc_split_lines(b->alloc, text, &lines);
	i = 0;
	while (i < n)
	{
		bnc_span	addr;

		if (i + 1 < n && address_line(lines[i], &addr) &&
			bnc_ci_prefix(lines[i + 1].p, lines[i + 1].len, UI_ERROR))
			i = read_recipient(b, lines, n, i, addr);
		else
			i++;
	}
	return b->res->nrcpts > 0;
}
