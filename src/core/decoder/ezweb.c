/*-------------------------------------------------------------------------
 *
 * ezweb.c
 *		Decoder for bounces written by the au (KDDI) mobile mail service,
 *		EZweb: "Mail System Error - Returned Mail" from Postmaster, with a
 *		Japanese notice, then either an English sentence and the failed
 *		addresses, or a transcript per recipient ("Recipient: <addr>",
 *		">>> RCPT TO:<addr>", "<<< 550 ...").
 *
 * src/core/decoder/ezweb.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* A fixed English sentence of the service and the reason it states. */
typedef struct ezweb_phrase
{
	const char *text;
	bnc_reason	reason;
} ezweb_phrase;

/*
 * The service's own sentences that say why every listed address failed.
 * They stand where a remote server's reply would otherwise be.
 */
static const ezweb_phrase ezweb_phrases[] = {
	{"The user(s) account is disabled", BNC_R_suspend},
	{"The user(s) account is temporarily limited", BNC_R_suspend},
	{"The user(s) account is temporarily over quota", BNC_R_mailboxfull},
	{"Your message was not delivered within ", BNC_R_expired},
	{NULL, BNC_R_undefined}
};

/* Is this message from the EZweb mail system? */
static int
is_ezweb(const bnc_view *v)
{
	const char *msgid;

	if (bnc_ci_find(v->from, strlen(v->from), "Postmaster@ezweb.ne.jp") ||
		bnc_ci_find(v->from, strlen(v->from), "Postmaster@au.com"))
		return 1;
	if (strcmp(v->subject, "Mail System Error - Returned Mail") != 0)
		return 0;
	msgid = bnc_view_header(v, "Message-ID");
	return msgid && (bnc_ci_find(msgid, strlen(msgid), ".ezweb.ne.jp>") ||
					 bnc_ci_find(msgid, strlen(msgid), ".au.com>"));
}

/*
 * The address of a recipient line: "Recipient: <addr>" or a line holding
 * only "<addr>".
 */
static int
recipient_line(bnc_span t, bnc_span *addr)
{
	static const char head[] = "Recipient:";

	if (bnc_ci_prefix(t.p, t.len, head))
	{
		t = bnc_trim(t.p + sizeof(head) - 1, t.len - (sizeof(head) - 1));
		return bnc_addr_find(t.p, t.len, addr);
	}
	if (t.len < 5 || t.p[0] != '<' || t.p[t.len - 1] != '>' ||
		memchr(t.p, ' ', t.len) || memchr(t.p, '@', t.len) == NULL)
		return 0;
	addr->p = t.p + 1;
	addr->len = t.len - 2;
	return 1;
}

/* The service sentence on a line, or NULL. */
static const ezweb_phrase *
service_phrase(bnc_span t)
{
	int			i;

	for (i = 0; ezweb_phrases[i].text; i++)
	{
		if (bnc_ci_find(t.p, t.len, ezweb_phrases[i].text))
			return &ezweb_phrases[i];
	}
	return NULL;
}

/*
 * Give the rows that carry no remote reply the service's own sentence, and
 * the reason that sentence states.
 */
static void
apply_phrase(bnc_builder *b, const ezweb_phrase *ph, bnc_span line)
{
	int			i;

	for (i = 0; ph && i < b->res->nrcpts; i++)
	{
		bnc_recipient *r = &b->res->rcpts[i];

		if (r->diagnostic == NULL)
		{
			bnc_builder_diagnostic(b, r, line.p, line.len);
			r->reason = ph->reason;
		}
	}
}

/* Read the recipient lines and transcripts of the notice. */
static void
read_notice(bnc_builder *b, bnc_span text)
{
	bnc_lines	it;
	bnc_span	line;
	bnc_span	said = {NULL, 0};
	const ezweb_phrase *ph = NULL;
	bnc_recipient *r = NULL;

	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_span	addr;
		const ezweb_phrase *p;

		if (recipient_line(t, &addr))
		{
			r = bnc_builder_find_or_add(b, addr.p, addr.len);
			if (r)
				r->action = BNC_ACTION_FAILED;
		}
		else if (r && bnc_ci_prefix(t.p, t.len, ">>> "))
			r->smtp_command = (char *) bnc_find_command(t.p, t.len);
		else if (r && bnc_ci_prefix(t.p, t.len, "<<< ") &&
				 r->diagnostic == NULL)
			bnc_builder_diagnostic(b, r, t.p + 4, t.len - 4);
		else if (ph == NULL && (p = service_phrase(t)) != NULL)
		{
			ph = p;
			said = t;
		}
	}
	apply_phrase(b, ph, said);
}

/* Recognise an EZweb bounce and read it. */
int
bnc_decode_ezweb(const bnc_view *v, bnc_builder *b)
{
	if (!is_ezweb(v))
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "ezweb");
	b->res->format = "ezweb";
	read_notice(b, v->text);
	return b->res->nrcpts > 0;
}
