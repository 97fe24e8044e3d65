/*-------------------------------------------------------------------------
 *
 * sendmail.c
 *		Decoder for bounces written by Sendmail: its standard reports, and
 *		the older plain-text form with "----- Transcript of session
 *		follows -----", where lines such as "550 <addr>... User unknown"
 *		name each failed recipient and "<<< 550 ..." lines hold the remote
 *		server's replies.
 *
 * src/core/decoder/sendmail.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Wording only Sendmail produces, all starting with SENDMAIL_STEM. */
#define SENDMAIL_STEM "----- T"
static const char *const sendmail_text[] = {
	"----- The following addresses had permanent fatal errors -----",
	"----- Transcript of session follows -----",
	"----- The following addresses had transient non-fatal errors -----",
	NULL
};

/* Where the returned message starts in a plain-text notice. */
static const char *const end_markers[] = {
	"----- Unsent message follows -----",
	"----- Original message follows -----",
	"----- Message header follows -----",
	"----- Returned message follows -----",
	NULL
};

/* Reading state: the transcript context of the current line. */
typedef struct sm_state
{
	bnc_builder *b;
	bnc_action	action;
	const char *command;		/* last command sent (">>> ...") */
	bnc_span	reply;			/* last reply received ("<<< ...") */
	bnc_span	remote;			/* host named by "while talking to" */
	int			in_fatal;		/* inside the list of fatal errors */
	int			entry;			/* row of the list's current entry, -1 when
								 * it names no address (a program, a file) */
	bnc_span	entry_reason;	/* "(reason: ...)" of such an entry */
} sm_state;

/* Record "while talking to HOST:" as the remote MTA of what follows. */
static int
talking_to(sm_state *st, bnc_span line)
{
	const char *m = bnc_ci_find(line.p, line.len, "while talking to ");
	bnc_span	h;

	if (m == NULL)
		return 0;
	h.p = m + 17;
	h.len = (line.p + line.len) - h.p;
	while (h.len > 0 && (h.p[h.len - 1] == ':' || h.p[h.len - 1] == '.' ||
						 BNC_IS_WS(h.p[h.len - 1])))
		h.len--;
	st->remote = h;
	st->command = NULL;
	st->reply.len = 0;
	return 1;
}

/* Fill r from the current transcript context and the line's own text. */
static void
fill_row(sm_state *st, bnc_recipient *r, int code, bnc_span text)
{
	bnc_builder *b = st->b;

	r->action = st->action;
	if (r->smtp_command == NULL && st->command)
		r->smtp_command = (char *) st->command;
	if (r->remote_mta == NULL && st->remote.len)
		r->remote_mta = bnc_strndup(b->alloc, st->remote.p, st->remote.len);
	if (r->reply_code == 0)
		r->reply_code = bnc_find_reply(text.p, text.len);
	if (r->reply_code == 0)
		r->reply_code = code;
	if (r->diagnostic)
		return;
	if (st->reply.len)
		bnc_builder_diagnostic(b, r, st->reply.p, st->reply.len);
	else
		bnc_builder_diagnostic(b, r, text.p, text.len);
	st->reply.len = 0;
}

/*
 * A line "550 <addr>... text" (or "550 5.1.1 addr... text"): add or update
 * the recipient's row.
 */
static void
code_line(sm_state *st, bnc_span line)
{
	const char *dots = bnc_ci_find(line.p, line.len, "...");
	bnc_span	head;
	bnc_span	text;
	bnc_recipient *r;
	int			code;

	if (dots == NULL || line.len < 4 || line.p[0] < '2' || line.p[0] > '5' ||
		!BNC_IS_DIGIT(line.p[1]) || !BNC_IS_DIGIT(line.p[2]) ||
		line.p[3] != ' ')
		return;
	head.p = line.p + 4;
	head.len = dots - head.p;
	if (memchr(head.p, '@', head.len) == NULL)
		return;
	code = (line.p[0] - '0') * 100 + (line.p[1] - '0') * 10 + line.p[2] - '0';
	r = bnc_builder_find_or_add(st->b, head.p, head.len);
	if (r == NULL)
		return;
	text.p = dots + 3;
	text.len = (line.p + line.len) - text.p;
	fill_row(st, r, code, bnc_trim(text.p, text.len));
}

/*
 * A line in the list of fatal errors: an entry (an address, or a program
 * or file that an address was expanded to), "(reason: ...)" of the entry
 * above, or another note on it in parentheses.  Of the notes only
 * "(expanded from: <addr>)" under an entry that names no address counts:
 * that address is the recipient, with the entry's reason; under an
 * address it names an alias, not another recipient.
 */
static void
fatal_line(sm_state *st, bnc_span line)
{
	bnc_span	t = bnc_trim(line.p, line.len);
	bnc_builder *b = st->b;
	bnc_recipient *r;
	bnc_span	addr;

	if (t.len == 0)
		return;
	if (bnc_ci_prefix(t.p, t.len, "(reason:"))
	{
		t.p += 8;
		t.len -= 8;
		if (t.len > 0 && t.p[t.len - 1] == ')')
			t.len--;
		if (st->entry < 0)
			st->entry_reason = t;
		else if ((r = &b->res->rcpts[st->entry])->diagnostic == NULL)
			bnc_builder_diagnostic(b, r, t.p, t.len);
		return;
	}
	if (t.p[0] == '(')
	{
		if (st->entry >= 0 ||
			!bnc_ci_prefix(t.p, t.len, "(expanded from") ||
			!bnc_addr_find(t.p, t.len, &addr) ||
			(r = bnc_builder_find_or_add(b, addr.p, addr.len)) == NULL)
			return;
		r->action = st->action;
		st->entry = (int) (r - b->res->rcpts);
		if (st->entry_reason.len > 0 && r->diagnostic == NULL)
			bnc_builder_diagnostic(b, r, st->entry_reason.p,
								   st->entry_reason.len);
		return;
	}
	st->entry = -1;
	st->entry_reason.len = 0;
	if (memchr(t.p, '@', t.len) &&
		(r = bnc_builder_find_or_add(b, t.p, t.len)) != NULL)
	{
		r->action = st->action;
		st->entry = (int) (r - b->res->rcpts);
	}
}

/* Handle one line of a plain-text notice. */
static void
sendmail_line(sm_state *st, bnc_span line)
{
	bnc_span	t = bnc_trim(line.p, line.len);

	if (bnc_ci_find(t.p, t.len, "addresses had permanent fatal errors"))
	{
		st->in_fatal = 1;
		return;
	}
	if (t.len == 0 || bnc_ci_prefix(t.p, t.len, "-----"))
	{
		st->in_fatal = 0;
		return;
	}
	if (st->in_fatal)
	{
		fatal_line(st, line);
		return;
	}
	if (talking_to(st, t))
		return;
	if (bnc_ci_prefix(t.p, t.len, ">>> "))
	{
		st->command = bnc_find_command(t.p, t.len);
		st->reply.len = 0;
	}
	else if (bnc_ci_prefix(t.p, t.len, "<<< "))
	{
		st->reply.p = t.p + 4;
		st->reply.len = t.len - 4;
	}
	else
		code_line(st, t);
}

/* Read a plain-text notice line by line. */
static int
read_plain(const bnc_view *v, bnc_builder *b)
{
	bnc_span	text = v->text;
	bnc_lines	it;
	bnc_span	line;
	sm_state	st;
	int			i;

	for (i = 0; end_markers[i]; i++)
	{
		bnc_inline_original(b, text, end_markers[i]);
		text = bnc_cut_at(text, end_markers[i]);
	}
	memset(&st, 0, sizeof(st));
	st.b = b;
	st.entry = -1;
	st.action = BNC_ACTION_FAILED;
	if (bnc_ci_find(text.p, text.len, "transient non-fatal errors") ||
		bnc_ci_find(v->subject, strlen(v->subject), "Warning: could not send"))
		st.action = BNC_ACTION_DELAYED;
	b->res->format = "sendmail";
	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
		sendmail_line(&st, line);
	return b->res->nrcpts > 0;
}

/*
 * The last line of the session transcript that starts with a reply code
 * and a status code ("554 5.3.0 unknown mailer error 255"); empty if none.
 */
static bnc_span
last_coded_line(bnc_span text)
{
	bnc_span	s = bnc_after(text, "Transcript of session follows");
	bnc_span	found = {"", 0};
	bnc_lines	it;
	bnc_span	line;

	/* the first line is the rest of the heading */
	bnc_lines_init(&it, s.p, s.len);
	bnc_lines_next(&it, &line);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_status	st;

		if (bnc_ci_prefix(t.p, t.len, "-----"))
			break;
		if (t.len > 10 && (t.p[0] == '4' || t.p[0] == '5') &&
			BNC_IS_DIGIT(t.p[1]) && BNC_IS_DIGIT(t.p[2]) && t.p[3] == ' ' &&
			bnc_find_status(t.p + 4, 6, &st))
			found = t;
	}
	return found;
}

/*
 * When the report gives a local delivery program's exit code ("X-Unix;
 * 255") and only a class of status ("5.0.0") for its only recipient,
 * Sendmail's own line in the transcript ("554 5.3.0 unknown mailer error
 * 255") holds the codes: take them, keeping the exit code as diagnostic.
 */
static void
local_mailer_codes(const bnc_view *v, bnc_builder *b)
{
	bnc_recipient *r = &b->res->rcpts[0];
	bnc_span	line;
	bnc_status	st;

	if (b->res->nrcpts != 1 || r->diagnostic == NULL ||
		!bnc_ci_prefix(r->diagnostic, strlen(r->diagnostic), "X-Unix") ||
		r->status.subject != 0 || r->status.detail != 0)
		return;
	line = last_coded_line(v->text);
	if (line.len == 0 || !bnc_find_status(line.p, line.len, &st) ||
		(r->status.cls != 0 && st.cls != r->status.cls))
		return;
	r->reply_code = bnc_find_reply(line.p, line.len);
	r->status = st;
}

/*
 * When the report's only recipient has no Diagnostic-Code, the session
 * transcript is the diagnostic: for a local delivery Sendmail writes the
 * cause there only ("mail.local: unknown user: ...", "554 <addr>...
 * Service unavailable").  A reply code is taken from it only when it
 * quotes the remote server ("<<< "), as Sendmail's own lines carry codes
 * of its own, which no remote server replied.
 */
static void
transcript_diagnostic(const bnc_view *v, bnc_builder *b)
{
	bnc_recipient *r = &b->res->rcpts[0];
	int			reply = r->reply_code;
	bnc_span	s;
	bnc_lines	it;
	bnc_span	line;
	const char *start = NULL;
	const char *end = NULL;

	if (b->res->nrcpts != 1 || r->diagnostic != NULL)
		return;
	s = bnc_after(v->text, "Transcript of session follows");
	bnc_lines_init(&it, s.p, s.len);
	/* the first line is the rest of the heading */
	bnc_lines_next(&it, &line);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);

		/* the transcript ends at a heading or at a blank line */
		if (bnc_ci_prefix(t.p, t.len, "-----") ||
			(t.len == 0 && start != NULL))
			break;
		if (t.len == 0)
			continue;
		if (start == NULL)
			start = t.p;
		end = t.p + t.len;
	}
	if (start == NULL)
		return;
	bnc_builder_diagnostic(b, r, start, (size_t) (end - start));
	if (bnc_ci_find(start, (size_t) (end - start), "<<< ") == NULL)
		r->reply_code = reply;
}

/* Recognise a Sendmail bounce and read it. */
int
bnc_decode_sendmail(const bnc_view *v, bnc_builder *b)
{
	if (!bnc_contains_any_stem(bnc_view_notice(v), SENDMAIL_STEM,
							   sendmail_text))
		return 0;
	if (bnc_has_dsn(v))
	{
		if (!bnc_rfc3464_read(v, b, "sendmail"))
			return 0;
		local_mailer_codes(v, b);
		transcript_diagnostic(v, b);
		return 1;
	}
	return read_plain(v, b);
}
