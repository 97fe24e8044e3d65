/*-------------------------------------------------------------------------
 *
 * powermta.c
 *		Decoder for the reports of PowerMTA, a bulk-sending MTA: standard
 *		reports opened by "Hello, this is the mail server on HOST.", whose
 *		recipient records add "X-PowerMTA-BounceCategory:" (PowerMTA's own
 *		classification of the failure) and describe the status code in a
 *		comment, "Status: 5.2.1 (mailbox disabled, not accepting messages)".
 *
 * src/core/decoder/powermta.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"
#include "dsn.h"

/* Fields of PowerMTA's reports. */
static const char *const powermta_fields[] = {
	"X-PowerMTA-VirtualMTA:",
	"X-PowerMTA-BounceCategory:",
	NULL
};

/* PowerMTA's bounce categories and the reasons they stand for. */
static const struct
{
	const char *category;
	bnc_reason	reason;
}			categories[] =
{
	{"bad-mailbox", BNC_R_userunknown},
	{"bad-domain", BNC_R_hostunknown},
	{"inactive-mailbox", BNC_R_suspend},
	{"quota-issues", BNC_R_mailboxfull},
	{"message-expired", BNC_R_expired},
	{"spam-related", BNC_R_spamdetected},
	{"virus-related", BNC_R_virusdetected},
	{"policy-related", BNC_R_policyviolation},
	{"relaying-issues", BNC_R_norelaying},
	{"invalid-sender", BNC_R_rejected},
	{"content-related", BNC_R_contenterror},
	{"no-answer-from-host", BNC_R_networkerror},
	{"bad-connection", BNC_R_networkerror},
	{"routing-errors", BNC_R_systemerror},
	{"bad-configuration", BNC_R_systemerror},
	{"protocol-errors", BNC_R_syntaxerror},
	{NULL, BNC_R_undefined}
};

/* What one recipient record adds to the standard fields. */
typedef struct pmta_record
{
	bnc_span	recipient;
	bnc_span	comment;		/* the Status field's comment, no parens */
	bnc_span	category;
} pmta_record;

/* The comment in "Status: 5.2.1 (comment)", or an empty span. */
static bnc_span
status_comment(bnc_span value)
{
	const char *open = memchr(value.p, '(', value.len);
	bnc_span	s;

	s.p = value.p;
	s.len = 0;
	if (open == NULL)
		return s;
	s.p = open + 1;
	s.len = (value.p + value.len) - s.p;
	while (s.len > 0 && (s.p[s.len - 1] == ')' || BNC_IS_WS(s.p[s.len - 1])))
		s.len--;
	return s;
}

/*
 * Decide r's reason: the classifier reads the diagnostic together with the
 * status comment; when that finds nothing definite, PowerMTA's category
 * decides.
 */
static void
decide_reason(bnc_builder *b, bnc_recipient *r, const pmta_record *rec)
{
	size_t		dlen = r->diagnostic ? strlen(r->diagnostic) : 0;
	char	   *text = bnc_mem(b->alloc, dlen + rec->comment.len + 2);
	bnc_reason	reason;
	int			i;

	if (dlen)
		memcpy(text, r->diagnostic, dlen);
	text[dlen] = ' ';
	if (rec->comment.len)
		memcpy(text + dlen + 1, rec->comment.p, rec->comment.len);
	reason = bnc_classify(&r->status, r->reply_code, text,
						  dlen + 1 + rec->comment.len, r->smtp_command);
	if (reason == BNC_R_onhold || reason == BNC_R_undefined)
	{
		for (i = 0; categories[i].category; i++)
		{
			if (bnc_ci_equal(rec->category.p, rec->category.len,
							 categories[i].category))
				reason = categories[i].reason;
		}
	}
	r->reason = reason;
}

/* Apply a finished record to the next row when it is the same recipient. */
static void
flush_record(bnc_builder *b, pmta_record *rec, int *next)
{
	char	   *norm;

	if (rec->recipient.len == 0 || *next >= b->res->nrcpts)
		return;
	norm = bnc_addr_normalize(b->alloc, rec->recipient.p, rec->recipient.len,
							  NULL);
	if (norm && strcmp(norm, b->res->rcpts[*next].recipient) == 0)
		decide_reason(b, &b->res->rcpts[(*next)++], rec);
}

/* Read the records' extra fields and decide each row's reason. */
static void
read_records(bnc_builder *b, bnc_span dsn)
{
	bnc_lines	it;
	bnc_span	line;
	pmta_record rec;
	int			next = 0;

	memset(&rec, 0, sizeof(rec));
	bnc_lines_init(&it, dsn.p, dsn.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);

		if (t.len == 0)
		{
			flush_record(b, &rec, &next);
			memset(&rec, 0, sizeof(rec));
		}
		else if (bnc_ci_prefix(t.p, t.len, "Final-Recipient:"))
			rec.recipient = bnc_trim(t.p + 16, t.len - 16);
		else if (bnc_ci_prefix(t.p, t.len, "Status:"))
			rec.comment = status_comment(t);
		else if (bnc_ci_prefix(t.p, t.len, "X-PowerMTA-BounceCategory:"))
			rec.category = bnc_trim(t.p + 26, t.len - 26);
	}
	flush_record(b, &rec, &next);
}

/* Recognise a PowerMTA report and read it. */
int
bnc_decode_powermta(const bnc_view *v, bnc_builder *b)
{
	bnc_span	dsn = v->dsn;
	bnc_span	notice = bnc_view_notice(v);

	if (dsn.len == 0 && !bnc_dsn_find_in_text(notice.p, notice.len, &dsn))
		return 0;
	if (!bnc_contains_any(dsn, powermta_fields))
		return 0;
	if (!bnc_rfc3464_read(v, b, "powermta"))
		return 0;
	read_records(b, dsn);
	return 1;
}
