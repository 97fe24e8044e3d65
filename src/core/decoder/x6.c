/*-------------------------------------------------------------------------
 *
 * x6.c
 *		Decoder for a bounce format of an unnamed mail server: "We had
 *		trouble delivering your message. Full details follow:", then one
 *		line per error, e.g. "SMTP Server <mx.example.net> rejected
 *		recipient <addr> (Error following RCPT command). It responded as
 *		follows: [550 5.1.1 User unknown]".
 *
 * src/core/decoder/x6.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* The sentence that opens the notice. */
#define INTRO	"We had trouble delivering your message. Full details follow:"

/*
 * What opens an error, and introduces its recipient, the command it
 * answered and the remote reply.
 */
#define SERVER		"SMTP Server <"
#define REJECTED	" rejected recipient "
#define FOLLOWING	"(Error following "
#define RESPONDED	"It responded as follows:"

/* The host of "SMTP Server <host>" at the start of line t, if any. */
static void
take_server(bnc_builder *b, bnc_recipient *r, bnc_span t)
{
	bnc_span	h = bnc_after(t, SERVER);
	const char *close;

	if (h.len == 0 || (close = memchr(h.p, '>', h.len)) == NULL)
		return;
	r->remote_mta = bnc_strndup(b->alloc, h.p, close - h.p);
}

/* The reply in brackets after "It responded as follows:", or the rest. */
static bnc_span
reply_of(bnc_span t)
{
	bnc_span	s = bnc_after(t, RESPONDED);

	s = bnc_trim(s.p, s.len);
	if (s.len >= 2 && s.p[0] == '[')
	{
		const char *close = memchr(s.p, ']', s.len);

		s.p++;
		s.len = close ? (size_t) (close - s.p) : s.len - 1;
	}
	return s;
}

/* Read one error line into a new row. */
static void
read_line(bnc_builder *b, bnc_span t)
{
	bnc_span	who = bnc_after(t, REJECTED);
	bnc_span	addr;
	bnc_span	reply;
	bnc_recipient *r;
	const char *cmd;

	if (who.len == 0 || !bnc_addr_find(who.p, who.len, &addr) ||
		(r = bnc_builder_add(b, addr.p, addr.len)) == NULL)
		return;
	r->action = BNC_ACTION_FAILED;
	take_server(b, r, t);
	cmd = bnc_ci_find(t.p, t.len, FOLLOWING);
	if (cmd)
	{
		bnc_span	c;

		c.p = cmd + sizeof(FOLLOWING) - 1;
		c.len = (t.p + t.len) - c.p;
		if (bnc_ci_prefix(c.p, c.len, "RCPT"))
			r->smtp_command = "RCPT";
		else if (bnc_ci_prefix(c.p, c.len, "MAIL"))
			r->smtp_command = "MAIL";
		else if (bnc_ci_prefix(c.p, c.len, "DATA"))
			r->smtp_command = "DATA";
	}
	reply = reply_of(t);
	if (reply.len == 0)
		reply = t;
	bnc_builder_diagnostic(b, r, reply.p, reply.len);
}

/* A copy of the paragraph para on one line: line breaks become spaces. */
static bnc_span
joined(const bnc_alloc *a, bnc_span para)
{
	char	   *out = bnc_mem(a, para.len + 1);
	size_t		i;

	for (i = 0; i < para.len; i++)
		out[i] = (para.p[i] == '\r' || para.p[i] == '\n') ? ' ' : para.p[i];
	out[para.len] = '\0';
	para.p = out;
	return para;
}

/*
 * Read a paragraph, joined into one line, holding one error or several
 * (each opened by "SMTP Server <").
 */
static void
read_paragraph(bnc_builder *b, bnc_span para)
{
	const char *end = para.p + para.len;
	const char *p = bnc_ci_find(para.p, para.len, SERVER);

	if (p == NULL)
	{
		read_line(b, bnc_trim(para.p, para.len));
		return;
	}
	while (p)
	{
		const char *next = bnc_ci_find(p + 1, end - (p + 1), SERVER);
		const char *stop = next ? next : end;

		read_line(b, bnc_trim(p, stop - p));
		p = next;
	}
}

/*
 * Recognise the format and read its error paragraphs (an error is one
 * long line, which a mail program may have wrapped).
 */
int
bnc_decode_x6(const bnc_view *v, bnc_builder *b)
{
	bnc_span	notice = bnc_view_notice(v);
	bnc_lines	it;
	bnc_span	line;

	if (!bnc_ci_find(notice.p, notice.len, INTRO))
		return 0;
	b->res->format = "x6";
	bnc_lines_init(&it, v->text.p, v->text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	para;
		int			n;

		if (bnc_is_blank(line))
			continue;
		n = bnc_paragraph(v->text, line, &para);
		if (bnc_ci_find(para.p, para.len, REJECTED))
		{
			read_paragraph(b, joined(b->alloc, para));
		}

		/* go on after the paragraph's last line */
		while (--n > 0)
			bnc_lines_next(&it, &line);
	}
	return b->res->nrcpts > 0;
}
