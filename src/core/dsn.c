/*-------------------------------------------------------------------------
 *
 * dsn.c
 *		Reader of RFC 3464 delivery-status content: the per-message fields
 *		(Reporting-MTA, Arrival-Date, Received-From-MTA) and one record per
 *		recipient (Final-Recipient, Original-Recipient, Action, Status,
 *		Remote-MTA, Diagnostic-Code, Last-Attempt-Date, Final-Log-ID,
 *		Will-Retry-Until, X-Actual-Recipient), keeping other X- fields by name.
 *
 * Recipient records are normally separated by blank lines, but reports
 * that run them together are common, so a new record also starts when a
 * recipient field repeats.  Values stay raw spans; callers unfold them.
 *
 * src/core/dsn.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "dsn.h"
#include "mime.h"

/* Parser state while walking the fields of a report. */
typedef struct dsn_state
{
	const bnc_alloc *alloc;
	bnc_dsn    *out;
	int			cap;
	int			cur;			/* index of the open record, -1 if none */
	int			closed;			/* a blank line ended the open record */
	int			after_final;	/* the last field was Final-Recipient */
	bnc_span   *target;			/* value that continuation lines extend */
} dsn_state;

/* Open a new, empty recipient record. */
static bnc_dsn_rcpt *
new_rcpt(dsn_state *st)
{
	bnc_dsn    *d = st->out;

	/*
	 * A closed record that named no recipient would be dropped by compact()
	 * anyway: reuse it, so that blocks of stray fields cost no memory.  Past
	 * the recipient limit the message is refused as too large, so the last
	 * record is reused too; memory stays linear in the recipients kept.
	 * The reused record keeps its array of X- fields, emptied: a fresh one
	 * for each block ("X-A: b" and a blank line, 8 bytes) would cost some
	 * 150 bytes per block, 20 times the message.
	 */
	if (st->cur >= 0 &&
		((d->rcpts[st->cur].final_recipient.len == 0 &&
		  d->rcpts[st->cur].original_recipient.len == 0) ||
		 d->nrcpts > BNC_MAX_RECIPIENTS))
	{
		bnc_dsn_rcpt *r = &d->rcpts[st->cur];
		bnc_dsn_extra extra = r->extra;

		memset(r, 0, sizeof(bnc_dsn_rcpt));
		r->extra.fields = extra.fields;
		r->extra.cap = extra.cap;
		st->closed = 0;
		return r;
	}
	if (d->nrcpts == st->cap)
	{
		int			cap = st->cap ? st->cap * 2 : 4;
		bnc_dsn_rcpt *bigger = bnc_mem(st->alloc, sizeof(bnc_dsn_rcpt) * cap);

		if (d->nrcpts)
			memcpy(bigger, d->rcpts, sizeof(bnc_dsn_rcpt) * d->nrcpts);
		d->rcpts = bigger;
		st->cap = cap;
	}
	memset(&d->rcpts[d->nrcpts], 0, sizeof(bnc_dsn_rcpt));
	st->cur = d->nrcpts++;
	st->closed = 0;
	return &d->rcpts[st->cur];
}

/* The open record, or a new one when none is open. */
static bnc_dsn_rcpt *
open_rcpt(dsn_state *st)
{
	if (st->cur < 0 || st->closed)
		return new_rcpt(st);
	return &st->out->rcpts[st->cur];
}

/* Record field value v under target unless it already has a value. */
static void
set_once(dsn_state *st, bnc_span *target, bnc_span v)
{
	if (target->p == NULL)
	{
		*target = v;
		st->target = target;
	}
}

/* Span pointer for a per-recipient field name in r, or NULL. */
static bnc_span *
rcpt_field(bnc_dsn_rcpt *r, bnc_span name)
{
	if (bnc_ci_equal(name.p, name.len, "Action"))
		return &r->action;
	if (bnc_ci_equal(name.p, name.len, "Status"))
		return &r->status;
	if (bnc_ci_equal(name.p, name.len, "Remote-MTA"))
		return &r->remote_mta;
	if (bnc_ci_equal(name.p, name.len, "Diagnostic-Code"))
		return &r->diagnostic;
	if (bnc_ci_equal(name.p, name.len, "Last-Attempt-Date"))
		return &r->last_attempt;
	if (bnc_ci_equal(name.p, name.len, "X-Actual-Recipient"))
		return &r->x_actual_recipient;
	if (bnc_ci_equal(name.p, name.len, "Final-Log-ID"))
		return &r->final_log_id;
	if (bnc_ci_equal(name.p, name.len, "Will-Retry-Until"))
		return &r->will_retry_until;
	return NULL;
}

/*
 * Keep an X- field in x, unless BNC_MAX_DETAILS are kept already; its
 * continuation lines extend the value.
 */
static void
keep_extra(dsn_state *st, bnc_dsn_extra *x, bnc_span name, bnc_span value)
{
	if (x->n >= BNC_MAX_DETAILS)
		return;
	if (x->n == x->cap)
	{
		int			cap = x->cap ? x->cap * 2 : 4;
		bnc_dsn_field *bigger = bnc_mem(st->alloc,
										sizeof(bnc_dsn_field) * cap);

		if (x->n)
			memcpy(bigger, x->fields, sizeof(bnc_dsn_field) * x->n);
		x->fields = bigger;
		x->cap = cap;
	}
	x->fields[x->n].name = name;
	x->fields[x->n].value = value;
	st->target = &x->fields[x->n++].value;
}

/* Is the field one of the per-recipient ones rcpt_field knows? */
static int
is_rcpt_field(bnc_span name)
{
	bnc_dsn_rcpt dummy;

	return rcpt_field(&dummy, name) != NULL;
}

/* Handle one field "name: value". */
static void
take_field(dsn_state *st, bnc_span name, bnc_span value)
{
	bnc_dsn    *d = st->out;
	bnc_dsn_rcpt *r;
	int			was_final = st->after_final;

	st->target = NULL;
	st->after_final = bnc_ci_equal(name.p, name.len, "Final-Recipient");
	if (bnc_ci_equal(name.p, name.len, "Reporting-MTA"))
		set_once(st, &d->reporting_mta, value);
	else if (bnc_ci_equal(name.p, name.len, "Arrival-Date"))
		set_once(st, &d->arrival_date, value);
	else if (bnc_ci_equal(name.p, name.len, "Received-From-MTA"))
		set_once(st, &d->received_from_mta, value);
	else if (bnc_ci_equal(name.p, name.len, "Original-Envelope-Id"))
		set_once(st, &d->original_envelope_id, value);
	else if (bnc_ci_equal(name.p, name.len, "DSN-Gateway"))
		set_once(st, &d->dsn_gateway, value);
	else if (bnc_ci_equal(name.p, name.len, "Original-Recipient"))
	{
		/* it may follow Final-Recipient, but not a finished record */
		r = open_rcpt(st);
		if (r->original_recipient.p ||
			(r->final_recipient.p && !was_final))
			r = new_rcpt(st);
		set_once(st, &r->original_recipient, value);
	}
	else if (bnc_ci_equal(name.p, name.len, "Final-Recipient"))
	{
		r = open_rcpt(st);
		if (r->final_recipient.p)
			r = new_rcpt(st);
		set_once(st, &r->final_recipient, value);
	}
	else if (is_rcpt_field(name))
	{
		r = open_rcpt(st);
		set_once(st, rcpt_field(r, name), value);
	}
	else if (bnc_ci_prefix(name.p, name.len, "X-"))
	{
		/* before the first record it belongs to the message */
		if (st->cur < 0)
			keep_extra(st, &d->extra, name, value);
		else
			keep_extra(st, &open_rcpt(st)->extra, name, value);
	}
}

/* Drop records that name no recipient at all. */
static void
compact(bnc_dsn *d)
{
	int			i;
	int			n = 0;

	for (i = 0; i < d->nrcpts; i++)
	{
		if (d->rcpts[i].final_recipient.len == 0 &&
			d->rcpts[i].original_recipient.len == 0)
			continue;
		d->rcpts[n++] = d->rcpts[i];
	}
	d->nrcpts = n;
}

/*
 * Parse delivery-status content p[0..len) into out.  Lines that are not
 * fields are skipped.  Returns the number of recipient records.
 */
int
bnc_dsn_parse(const bnc_alloc *a, const char *p, size_t len, bnc_dsn *out)
{
	dsn_state	st;
	bnc_lines	it;
	bnc_span	line;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	st.alloc = a;
	st.out = out;
	st.cur = -1;
	bnc_lines_init(&it, p, len);
	while (bnc_lines_next(&it, &line))
	{
		if (bnc_is_blank(line))
		{
			st.closed = 1;
			st.target = NULL;
		}
		else if (BNC_IS_SPACE(line.p[0]) && st.target)
			st.target->len = (line.p + line.len) - st.target->p;
		else if (bnc_is_header_line(line))
		{
			const char *colon = memchr(line.p, ':', line.len);
			bnc_span	value;

			value.p = colon + 1;
			value.len = (line.p + line.len) - value.p;
			take_field(&st, bnc_trim(line.p, colon - line.p), value);
		}
		else
			st.target = NULL;
	}
	compact(out);
	return out->nrcpts;
}

/* Does the line start with the field name (followed by a colon)? */
static int
line_is_field(bnc_span line, const char *name)
{
	size_t		n = strlen(name);

	return bnc_ci_prefix(line.p, line.len, name) && line.len > n &&
		line.p[n] == ':';
}

/*
 * Offset of the first line of p[0..len) that starts with the field "name:"
 * (name given with its colon), or len when there is none.
 */
static size_t
first_field_line(const char *p, size_t len, const char *name)
{
	size_t		from = 0;

	while (from < len)
	{
		const char *m = bnc_ci_find(p + from, len - from, name);
		size_t		x;

		if (m == NULL)
			break;
		x = m - p;
		if (x == 0 || p[x - 1] == '\n' || p[x - 1] == '\r')
			return x;
		from = x + 1;
	}
	return len;
}

/*
 * Find delivery-status fields written as plain text (a report that is not
 * properly multipart).  Sets *out to the text from the first report field
 * up to the first line of prose after the records; returns 1 when the text
 * holds a Final-Recipient field and an Action or Status field.  The first
 * field is searched for as a string rather than line by line, as most
 * texts have none.
 */
int
bnc_dsn_find_in_text(const char *p, size_t len, bnc_span *out)
{
	bnc_lines	it;
	bnc_span	line;
	const char *start;
	size_t		first = first_field_line(p, len, "Reporting-MTA:");
	size_t		x;
	int			has_rcpt = 0;
	int			has_detail = 0;

	if ((x = first_field_line(p, first, "Final-Recipient:")) < first)
		first = x;
	if ((x = first_field_line(p, first, "Original-Recipient:")) < first)
		first = x;
	if (first >= len)
		return 0;
	start = p + first;

	bnc_lines_init(&it, p, len);
	it.pos = first;
	while (bnc_lines_next(&it, &line))
	{
		int			field = bnc_is_header_line(line);

		if (line_is_field(line, "Final-Recipient"))
			has_rcpt = 1;
		if (line_is_field(line, "Action") || line_is_field(line, "Status"))
			has_detail = 1;
		if (!field && !bnc_is_blank(line) && !BNC_IS_SPACE(line.p[0]) &&
			has_rcpt)
		{
			out->p = start;
			out->len = line.p - start;
			return has_detail;
		}
	}
	out->p = start;
	out->len = (p + len) - start;
	return has_rcpt && has_detail;
}

/* Action named by an Action field value. */
bnc_action
bnc_dsn_action(bnc_span value)
{
	bnc_span	v = bnc_trim(value.p, value.len);

	if (bnc_ci_prefix(v.p, v.len, "failed"))
		return BNC_ACTION_FAILED;
	if (bnc_ci_prefix(v.p, v.len, "delayed"))
		return BNC_ACTION_DELAYED;
	if (bnc_ci_prefix(v.p, v.len, "delivered"))
		return BNC_ACTION_DELIVERED;
	if (bnc_ci_prefix(v.p, v.len, "relayed"))
		return BNC_ACTION_RELAYED;
	if (bnc_ci_prefix(v.p, v.len, "expanded"))
		return BNC_ACTION_EXPANDED;
	return BNC_ACTION_NONE;
}
