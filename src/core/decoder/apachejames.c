/*-------------------------------------------------------------------------
 *
 * apachejames.c
 *		Decoder for the bounces of Apache James, a mail server written in
 *		Java: "Error message below:" (or "Error message:") with the remote
 *		server's reply, and "Message details:" listing the envelope, where
 *		"RCPT TO:" names the recipients (or "Failed recipient(s):" does).
 *
 * src/core/decoder/apachejames.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Headings of the error paragraph. */
static const char *const error_headings[] = {
	"Error message below:",
	"Error message:",
	NULL
};

/* Does the message come from James? */
static int
is_james(const bnc_view *v)
{
	char	   *mid = bnc_view_header(v, "Message-ID");

	if (mid != NULL && bnc_ci_find(mid, strlen(mid), ".JavaMail.") != NULL)
		return 1;
	return bnc_ci_find(v->text.p, v->text.len, "James mail server") != NULL;
}

/* The paragraph after a heading (up to a blank line), trimmed. */
static bnc_span
paragraph_after(bnc_span text, const char *heading)
{
	return bnc_leading_paragraph(bnc_after(text, heading));
}

/* Add a row for each address in a comma-separated list. */
static void
add_list(bnc_builder *b, bnc_span list)
{
	const char *end = list.p + list.len;
	const char *q = list.p;

	while (q < end)
	{
		const char *comma = memchr(q, ',', end - q);
		const char *e = comma ? comma : end;
		bnc_span	t = bnc_trim(q, e - q);
		bnc_recipient *r;

		if (t.len > 0 && memchr(t.p, '@', t.len) &&
			(r = bnc_builder_find_or_add(b, t.p, t.len)) != NULL)
			r->action = BNC_ACTION_FAILED;
		q = e + 1;
	}
}

/* Add the recipients: the failed list, else the envelope's RCPT TO. */
static void
add_recipients(bnc_builder *b, bnc_span text)
{
	bnc_span	failed = paragraph_after(text, "Failed recipient(s):");
	bnc_span	details;
	bnc_lines	it;
	bnc_span	line;

	if (failed.len > 0)
	{
		bnc_lines_init(&it, failed.p, failed.len);
		while (bnc_lines_next(&it, &line))
			add_list(b, line);
		return;
	}
	details = bnc_after(text, "Message details:");
	bnc_lines_init(&it, details.p, details.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);

		if (bnc_ci_prefix(t.p, t.len, "RCPT TO:"))
			add_list(b, bnc_trim(t.p + 8, t.len - 8));
	}
}

/* Recognise a James bounce and read it. */
int
bnc_decode_apachejames(const bnc_view *v, bnc_builder *b)
{
	bnc_span	notice = bnc_view_notice(v);
	bnc_span	err;
	int			i;

	if (!is_james(v) ||
		bnc_ci_find(notice.p, notice.len, "Message details:") == NULL)
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "apachejames");
	b->res->format = "apachejames";
	add_recipients(b, v->text);
	for (i = 0; error_headings[i]; i++)
	{
		err = paragraph_after(v->text, error_headings[i]);
		if (err.len > 0)
			break;
	}
	for (i = 0; i < b->res->nrcpts; i++)
		bnc_builder_diagnostic(b, &b->res->rcpts[i], err.p, err.len);
	return b->res->nrcpts > 0;
}
