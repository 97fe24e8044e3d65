/*-------------------------------------------------------------------------
 *
 * trendmicro.c
 *		Decoder for the bounces of Trend Micro InterScan Messaging Security
 *		Suite (InterScan MSS): either a transcript of the refused exchange,
 *		"Sent <<< RCPT TO:<addr>" and "Received >>> 550 ...", or "Reason:
 *		Unable to deliver message to <addr>".
 *
 * src/core/decoder/trendmicro.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Wording and names only InterScan's notices carry. */
static const char *const interscan_text[] = {
	"Message from InterScan Messaging Security Suite",
	"Sent <<< RCPT TO:",
	NULL
};

/* Transcript state: the last command sent and the last RCPT address. */
typedef struct is_state
{
	bnc_builder *b;
	const char *command;
	bnc_span	rcpt;
} is_state;

/* Is this message from InterScan? */
static int
is_interscan(const bnc_view *v)
{
	if (bnc_ci_find(v->from, strlen(v->from), "InterScan"))
		return 1;
	if (v->ctype.boundary.len > 0 &&
		bnc_ci_find(v->ctype.boundary.p, v->ctype.boundary.len,
					"InterScan_"))
		return 1;
	return bnc_contains_any(v->text, interscan_text);
}

/* A line "Sent <<< COMMAND ...": remember the command and RCPT address. */
static void
sent_line(is_state *st, bnc_span t)
{
	bnc_span	cmd = bnc_trim(t.p + 8, t.len - 8);
	bnc_span	addr;

	st->command = NULL;
	if (bnc_ci_prefix(cmd.p, cmd.len, "RCPT"))
		st->command = "RCPT";
	else if (bnc_ci_prefix(cmd.p, cmd.len, "MAIL"))
		st->command = "MAIL";
	else if (bnc_ci_prefix(cmd.p, cmd.len, "DATA"))
		st->command = "DATA";
	else if (bnc_ci_prefix(cmd.p, cmd.len, "HELO") ||
			 bnc_ci_prefix(cmd.p, cmd.len, "EHLO"))
		st->command = "HELO";
	if (st->command && strcmp(st->command, "RCPT") == 0 &&
		bnc_addr_find(cmd.p, cmd.len, &addr))
		st->rcpt = addr;
}

/*
 * A line "Received >>> 550 ...": a row for the last RCPT address, else for
 * the address the reply names (unless it refused the sender).  Replies
 * that are not failures are skipped.
 */
static void
received_line(is_state *st, bnc_span t)
{
	bnc_span	reply = bnc_trim(t.p + 12, t.len - 12);
	bnc_span	addr = st->rcpt;
	bnc_recipient *r;

	if (reply.len == 0 || (reply.p[0] != '4' && reply.p[0] != '5'))
		return;
	if (addr.len == 0 &&
		(st->command == NULL || strcmp(st->command, "MAIL") != 0) &&
		!bnc_addr_find(reply.p, reply.len, &addr))
		return;
	if (addr.len == 0)
		return;
	r = bnc_builder_find_or_add(st->b, addr.p, addr.len);
	if (r == NULL)
		return;
	r->action = reply.p[0] == '4' ? BNC_ACTION_DELAYED : BNC_ACTION_FAILED;
	if (r->smtp_command == NULL && st->command)
		r->smtp_command = (char *) st->command;
	bnc_builder_diagnostic(st->b, r, reply.p, reply.len);
}

/*
 * A line "Reason: Unable to deliver message to <addr> ...".  InterScan
 * writes this when the next server refused the recipient permanently.
 * XXX the wording does not tell an unknown mailbox from other permanent
 * refusals of the recipient, so it is always taken as an unknown user.
 */
static void
unable_line(is_state *st, bnc_span t)
{
	const char *m = bnc_ci_find(t.p, t.len, "Unable to deliver message to");
	bnc_span	s;
	bnc_span	addr;
	bnc_recipient *r;

	s.p = m;
	s.len = (t.p + t.len) - m;
	if (!bnc_addr_find(s.p, s.len, &addr))
		return;
	r = bnc_builder_find_or_add(st->b, addr.p, addr.len);
	if (r == NULL)
		return;
	r->action = BNC_ACTION_FAILED;
	bnc_builder_diagnostic(st->b, r, s.p, s.len);
	r->reason = BNC_R_userunknown;
}

/* Recognise an InterScan MSS bounce and read it. */
int
bnc_decode_trendmicro(const bnc_view *v, bnc_builder *b)
{
	bnc_lines	it;
	bnc_span	line;
	is_state	st;

	if (!is_interscan(v))
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "trendmicro");
	memset(&st, 0, sizeof(st));
	st.b = b;
	b->res->format = "trendmicro";
	bnc_lines_init(&it, v->text.p, v->text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);

		if (bnc_ci_prefix(t.p, t.len, "Sent <<< "))
			sent_line(&st, t);
		else if (bnc_ci_prefix(t.p, t.len, "Received >>> "))
			received_line(&st, t);
		else if (bnc_ci_find(t.p, t.len, "Unable to deliver message to"))
			unable_line(&st, t);
	}
	return b->res->nrcpts > 0;
}
