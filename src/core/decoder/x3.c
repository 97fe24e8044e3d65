/*-------------------------------------------------------------------------
 *
 * x3.c
 *		Decoder for a bounce format of an unnamed mail server, sent from
 *		"Mail Delivery System" with the subject "Delivery status
 *		notification": between rules of '=' signs, "This is an automatically
 *		generated Delivery Status Notification.", the failed addresses as
 *		bullets ("   * addr") and, under "Technical details:", one line per
 *		error ("SMTP:RCPT host 192.0.2.1: 550 ...", "Routing: ...").
 *
 * src/core/decoder/x3.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* The sentence that opens every notice of the format. */
#define INTRO \
	"This is an automatically generated Delivery Status Notification"

/*
 * Above this many recipients the technical details are not matched to
 * them, which keeps the work linear in the message size.  XXX so the rows
 * of a larger notice get no error text.
 */
#define DETAILS_MAX_ROWS	64

/* Head of the section holding the errors. */
#define DETAILS_HEAD	"Technical details:"

/*
 * Wording of the head of the address list saying that the server gave up
 * after retrying for a time (its own spelling "Delevery" included).
 */
#define ABORTED		"was aborted after"

/* Is this message in the format? */
static int
is_x3(const bnc_view *v)
{
	const char *from = v->from[0] == '"' ? v->from + 1 : v->from;

	return bnc_ci_prefix(from, strlen(from), "Mail Delivery System") &&
		bnc_ci_prefix(v->subject, strlen(v->subject),
					  "Delivery status notification") &&
		bnc_ci_find(v->text.p, v->text.len, INTRO) != NULL;
}

/* Is the line a bullet "* addr" of the address list? */
static int
bullet_line(bnc_span line, bnc_span *addr)
{
	bnc_span	t = bnc_trim(line.p, line.len);

	if (t.len < 4 || t.p[0] != '*' || t.p[1] != ' ')
		return 0;
	return bnc_addr_find(t.p + 2, t.len - 2, addr);
}

/*
 * Read one line of technical details ("SMTP:RCPT host 192.0.2.1: 553
 * ..." or "Routing: Could not find a gateway for addr") into r.
 */
static void
read_detail(bnc_builder *b, bnc_recipient *r, bnc_span t)
{
	if (r->diagnostic != NULL)
		return;
	if (bnc_ci_prefix(t.p, t.len, "SMTP:"))
	{
		bnc_span	h = bnc_after(t, " host ");
		const char *colon;
		size_t		i;

		for (i = 0; i < h.len && !BNC_IS_WS(h.p[i]) && h.p[i] != ':'; i++)
			;
		if (i > 0)
			r->remote_mta = bnc_strndup(b->alloc, h.p, i);
		if (bnc_ci_prefix(t.p + 5, t.len - 5, "RCPT"))
			r->smtp_command = "RCPT";
		else if (bnc_ci_prefix(t.p + 5, t.len - 5, "MAIL"))
			r->smtp_command = "MAIL";
		else if (bnc_ci_prefix(t.p + 5, t.len - 5, "DATA"))
			r->smtp_command = "DATA";
		colon = h.len > i ? h.p + i : NULL;
		if (colon && *colon == ':')
			t = bnc_trim(colon + 1, (t.p + t.len) - (colon + 1));
	}
	bnc_builder_diagnostic(b, r, t.p, t.len);
}

/* Give each line of technical details to the row it names. */
static void
read_details(bnc_builder *b, bnc_span text)
{
	bnc_span	s = bnc_after(text, DETAILS_HEAD);
	bnc_lines	it;
	bnc_span	line;

	if (b->res->nrcpts > DETAILS_MAX_ROWS)
		return;
	bnc_lines_init(&it, s.p, s.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_span	addr;
		int			i;

		if (t.len == 0)
			continue;
		if (t.p[0] == '=')
			break;
		if (!bnc_addr_find(t.p, t.len, &addr) && b->res->nrcpts == 1)
		{
			read_detail(b, &b->res->rcpts[0], t);
			continue;
		}
		for (i = 0; i < b->res->nrcpts; i++)
		{
			char	   *a = b->res->rcpts[i].recipient;

			if (bnc_ci_find(t.p, t.len, a))
				read_detail(b, &b->res->rcpts[i], t);
		}
	}
}

/* Read the address list; returns the number of rows added. */
static int
read_list(bnc_builder *b, bnc_span text)
{
	bnc_lines	it;
	bnc_span	line;
	int			aborted = 0;

	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	addr;
		bnc_recipient *r;

		if (bnc_ci_find(line.p, line.len, DETAILS_HEAD))
			break;
		if (bnc_ci_find(line.p, line.len, "to the following recipients"))
			aborted = bnc_ci_find(line.p, line.len, ABORTED) != NULL;
		if (!bullet_line(line, &addr) ||
			(r = bnc_builder_add(b, addr.p, addr.len)) == NULL)
			continue;
		r->action = BNC_ACTION_FAILED;
		if (aborted)
			r->reason = BNC_R_expired;
	}
	return b->res->nrcpts;
}

/* Recognise the format and read it. */
int
bnc_decode_x3(const bnc_view *v, bnc_builder *b)
{
	if (!is_x3(v))
		return 0;
	if (read_list(b, v->text) == 0)
		return bnc_has_dsn(v) && bnc_rfc3464_read(v, b, "x3");
	b->res->format = "x3";
	read_details(b, v->text);
	return 1;
}
