/*-------------------------------------------------------------------------
 *
 * x2.c
 *		Decoder for a bounce format of an unnamed mail service, sent from
 *		MAILER-DAEMON: "Message from example.com.  Unable to deliver message
 *		to the following address(es).", then one paragraph per failed
 *		address opened by a line "<addr>:", and the returned message after
 *		"--- Original message follows.".  Also the later layout of the same
 *		qmail-derived software ("NOTICE: Delivery Failure."): a paragraph per
 *		address opened by "Delivery failed: addr", holding qmail's own
 *		wording ("Remote host said...") and the step that failed ("STEP:
 *		DATA SEND").
 *
 * src/core/decoder/x2.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* The sentence opening the list of failed addresses. */
#define LIST_HEAD	"Unable to deliver message to the following address(es)."

/* Where the returned message starts. */
#define ORIGINAL_HEAD	"--- Original message follows."

/* The line opening a paragraph of the later layout. */
#define FAILED_HEAD	"Delivery failed: "

/* Where the remote reply and the failed step start in the later layout. */
#define SAID_HEAD	"Remote host said"
#define STEP_HEAD	"STEP: "

/* Is this message in the format? */
static int
is_x2(const bnc_view *v)
{
	return bnc_ci_prefix(v->from, strlen(v->from), "MAILER-DAEMON@") &&
		bnc_ci_find(v->text.p, v->text.len, LIST_HEAD) != NULL &&
		bnc_ci_find(v->text.p, v->text.len, "Message from ") != NULL;
}

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

/* Read one line of a paragraph of the later layout into r. */
static void
read_later_line(bnc_builder *b, bnc_recipient *r, bnc_span t)
{
	if (bnc_ci_prefix(t.p, t.len, SAID_HEAD))
	{
		const char *colon = memchr(t.p, ':', t.len);

		if (colon)
			bnc_builder_diagnostic(b, r, colon + 1,
								   (t.p + t.len) - (colon + 1));
	}
	else if (bnc_ci_prefix(t.p, t.len, STEP_HEAD))
	{
		t.p += sizeof(STEP_HEAD) - 1;
		t.len -= sizeof(STEP_HEAD) - 1;
		if (bnc_ci_prefix(t.p, t.len, "RCPT"))
			r->smtp_command = "RCPT";
		else if (bnc_ci_prefix(t.p, t.len, "MAIL"))
			r->smtp_command = "MAIL";
		else if (bnc_ci_prefix(t.p, t.len, "DATA"))
			r->smtp_command = "DATA";
	}
	else if (bnc_ci_find(t.p, t.len, " failed after I sent the message"))
	{
		size_t		i;

		for (i = 0; i < t.len && !BNC_IS_WS(t.p[i]); i++)
			;
		r->remote_mta = bnc_strndup(b->alloc, t.p, i);
	}
}

/* Read the paragraphs of the later layout; returns the rows added. */
static int
read_later(bnc_builder *b, bnc_span text)
{
	bnc_lines	it;
	bnc_span	line;
	bnc_recipient *r = NULL;

	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);

		if (t.len == 0)
			r = NULL;
		else if (bnc_ci_prefix(t.p, t.len, FAILED_HEAD))
		{
			r = bnc_builder_add(b, t.p + sizeof(FAILED_HEAD) - 1,
								t.len - (sizeof(FAILED_HEAD) - 1));
			if (r)
				r->action = BNC_ACTION_FAILED;
		}
		else if (r)
			read_later_line(b, r, t);
	}
	return b->res->nrcpts;
}

/* Recognise the format and read its recipient paragraphs. */
int
bnc_decode_x2(const bnc_view *v, bnc_builder *b)
{
	bnc_span	notice = bnc_view_notice(v);
	bnc_span	text;
	bnc_span   *lines;
	int			n;

	if (bnc_ci_find(notice.p, notice.len, "NOTICE: Delivery Failure.") &&
		bnc_ci_find(notice.p, notice.len, FAILED_HEAD))
	{
		b->res->format = "x2";
		return read_later(b, v->text) > 0;
	}
	if (!is_x2(v))
		return 0;
	b->res->format = "x2";
	bnc_inline_original(b, v->text, ORIGINAL_HEAD);
	text = bnc_after(bnc_cut_at(v->text, ORIGINAL_HEAD), LIST_HEAD);
	n = bnc_split_lines(b->alloc, text, &lines);
	bnc_read_address_blocks(b, lines, n, address_line, NULL);
	return b->res->nrcpts > 0;
}
