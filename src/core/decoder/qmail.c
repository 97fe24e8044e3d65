/*-------------------------------------------------------------------------
 *
 * qmail.c
 *		Decoder for bounces written by qmail ("Hi. This is the qmail-send
 *		program at ..."): one paragraph per failed recipient, opened by a
 *		line "<addr>:" and holding texts such as "Remote host said: 550
 *		..." or "Connected to 192.0.2.1 but sender was rejected."
 *
 * src/core/decoder/qmail.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Wording only qmail produces. */
static const char *const qmail_text[] = {
	"This is the qmail-send program at",
	"I'm afraid I wasn't able to deliver your message to the following",
	NULL
};

/* Where the returned message starts. */
static const char *const end_markers[] = {
	"--- Below this line is a copy of the message",
	"--- Enclosed are the original headers of the message",
	"--- Below the next line is a copy of the message",
	NULL
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

/* The SMTP command a qmail wording implies. */
static const char *
qmail_command(bnc_span s)
{
	const char *cmd = bnc_find_command(s.p, s.len);

	if (cmd)
		return cmd;
	if (bnc_ci_find(s.p, s.len, "but sender was rejected"))
		return "MAIL";
	if (bnc_ci_find(s.p, s.len, "but my name was rejected"))
		return "HELO";
	if (bnc_ci_find(s.p, s.len, "but greeting failed"))
		return "CONNECT";
	if (bnc_ci_find(s.p, s.len, "but it didn't like the recipient"))
		return "RCPT";
	if (bnc_ci_find(s.p, s.len, "Failed on DATA command") ||
		bnc_ci_find(s.p, s.len, "didn't accept our data"))
		return "DATA";
	return NULL;
}

/* Read the error paragraph s (lines after "<addr>:") into r. */
static void
read_error(bnc_builder *b, bnc_recipient *r, bnc_span s)
{
	bnc_span	conn = bnc_after(s, "Connected to ");
	bnc_span	said = bnc_after(s, "Remote host said:");

	r->smtp_command = (char *) qmail_command(s);
	if (conn.len > 0)
	{
		size_t		i = 0;

		while (i < conn.len && !BNC_IS_WS(conn.p[i]))
			i++;
		r->remote_mta = bnc_strndup(b->alloc, conn.p, i);
	}
	if (said.len > 0)
		s = said;
	bnc_builder_diagnostic(b, r, s.p, s.len);
}

/* Recognise a qmail bounce and read its recipient paragraphs. */
int
bnc_decode_qmail(const bnc_view *v, bnc_builder *b)
{
	bnc_span	text = v->text;
	bnc_span   *lines;
	int			n;
	int			i;

	if (!bnc_contains_any(bnc_view_notice(v), qmail_text))
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "qmail");
	b->res->format = "qmail";
	for (i = 0; end_markers[i]; i++)
	{
		bnc_inline_original(b, text, end_markers[i]);
		text = bnc_cut_at(text, end_markers[i]);
	}
	n = bnc_split_lines(b->alloc, text, &lines);
	bnc_read_address_blocks(b, lines, n, address_line, read_error);
	return b->res->nrcpts > 0;
}
