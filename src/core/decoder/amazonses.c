/*-------------------------------------------------------------------------
 *
 * amazonses.c
 *		Decoder for Amazon SES: the JSON notifications it publishes through
 *		SNS ({"notificationType":"Bounce","bounce":{"bouncedRecipients":
 *		[...]}} and the Complaint and Delivery kinds), and the standard
 *		reports written by SES itself, by Amazon WorkMail and by SES
 *		receiving, which go to the shared reader under their own names.
 *
 * src/core/decoder/amazonses.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"
#include "dsn.h"

/* Bounce subtypes of a notification whose meaning is fixed. */
static const struct
{
	const char *subtype;
	bnc_reason	reason;
}			subtypes[] =
{
	{"NoEmail", BNC_R_userunknown},
	{"MailboxFull", BNC_R_mailboxfull},
	{"MessageTooLarge", BNC_R_mesgtoobig},
	{"ContentRejected", BNC_R_contenterror},
	{"AttachmentRejected", BNC_R_contenterror},
	{NULL, BNC_R_undefined}
};

/* Skip white space from p up to end. */
static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && BNC_IS_WS(*p))
		p++;
	return p;
}

/* Past the end of the JSON string starting at its opening quote p. */
static const char *
skip_string(const char *p, const char *end)
{
	for (p++; p < end && *p != '"'; p++)
	{
		if (*p == '\\')
			p++;
	}
	return p < end ? p + 1 : end;
}

/* Past the end of the object or array whose opening bracket is at p. */
static const char *
skip_nested(const char *p, const char *end)
{
	int			depth = 0;

	while (p < end)
	{
		if (*p == '"')
		{
			p = skip_string(p, end);
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if ((*p == '}' || *p == ']') && --depth == 0)
			return p + 1;
		p++;
	}
	return end;
}

/*
 * The JSON value of the first member "key": found in s: for a string its
 * contents without the quotes (escapes left in), for an object or array
 * all of it, brackets included, else the bare word.  Empty when absent.
 */
static bnc_span
json_value(bnc_span s, const char *key)
{
	const char *end = s.p + s.len;
	const char *q = s.p;
	size_t		klen = strlen(key);
	bnc_span	v = {"", 0};

	while (q < end)
	{
		const char *p = bnc_ci_find(q, end - q, key);

		if (p == NULL)
			return v;
		q = p + klen;
		if (p == s.p || p[-1] != '"' || q >= end || *q != '"')
			continue;
		p = skip_ws(q + 1, end);
		if (p >= end || *p != ':')
			continue;
		p = skip_ws(p + 1, end);
		v.p = p;
		if (p < end && *p == '"')
		{
			v.p = p + 1;
			p = skip_string(p, end) - 1;
		}
		else if (p < end && (*p == '{' || *p == '['))
			p = skip_nested(p, end);
		else
		{
			while (p < end && *p != ',' && *p != '}' && *p != ']' &&
				   !BNC_IS_WS(*p))
				p++;
		}
		v.len = p > v.p ? (size_t) (p - v.p) : 0;
		return v;
	}
	return v;
}

/*
 * The next element of a JSON array, starting the search at *pos (inside
 * the brackets); an object or a string.  Returns 0 at the end.
 */
static int
json_next(bnc_span array, const char **pos, bnc_span *elem)
{
	const char *end = array.p + array.len;
	const char *p = *pos;

	while (p < end && (BNC_IS_WS(*p) || *p == ',' || *p == '['))
		p++;
	if (p >= end || (*p != '{' && *p != '"'))
		return 0;
	elem->p = p;
	p = *p == '"' ? skip_string(p, end) : skip_nested(p, end);
	elem->len = p - elem->p;
	*pos = p;
	return 1;
}

/* A JSON string's contents with the simple escapes undone. */
static char *
json_unescape(const bnc_alloc *a, bnc_span s)
{
	char	   *out = bnc_mem(a, s.len + 1);
	size_t		n = 0;
	size_t		i;

	for (i = 0; i < s.len; i++)
	{
		char		c = s.p[i];

		if (c == '\\' && i + 1 < s.len)
		{
			c = s.p[++i];
			if (c == 'n' || c == 'r' || c == 't')
				c = ' ';
		}
		out[n++] = c;
	}
	out[n] = '\0';
	return out;
}

/* One bounced recipient object into a row. */
static void
bounced_recipient(bnc_builder *b, bnc_span obj, int permanent)
{
	bnc_span	addr = json_value(obj, "emailAddress");
	bnc_span	status = json_value(obj, "status");
	bnc_span	diag = json_value(obj, "diagnosticCode");
	bnc_recipient *r = bnc_builder_add(b, addr.p, addr.len);
	char	   *d;

	if (r == NULL)
		return;
	r->action = permanent ? BNC_ACTION_FAILED : BNC_ACTION_DELAYED;
	if (status.len > 0 &&
		bnc_status_parse(status.p, status.len, &r->status) != BNC_STATUS_OK)
		memset(&r->status, 0, sizeof(r->status));
	d = json_unescape(b->alloc, diag);
	diag = bnc_strip_type(d, strlen(d));
	bnc_builder_diagnostic(b, r, diag.p, diag.len);
}

/* Read a Bounce notification. */
static void
read_bounce(bnc_builder *b, bnc_span bounce)
{
	bnc_span	type = json_value(bounce, "bounceType");
	bnc_span	sub = json_value(bounce, "bounceSubType");
	bnc_span	list = json_value(bounce, "bouncedRecipients");
	bnc_span	mta = json_value(bounce, "reportingMTA");
	const char *pos = list.p;
	bnc_span	obj;
	int			permanent = !bnc_ci_equal(type.p, type.len, "Transient");
	int			k;
	int			i;

	mta = bnc_strip_type(mta.p, mta.len);
	if (mta.len > 0)
		b->res->reporting_mta = bnc_strndup(b->alloc, mta.p, mta.len);
	while (json_next(list, &pos, &obj))
		bounced_recipient(b, obj, permanent);
	for (k = 0; subtypes[k].subtype; k++)
	{
		if (bnc_ci_equal(sub.p, sub.len, subtypes[k].subtype))
		{
			for (i = 0; i < b->res->nrcpts; i++)
				b->res->rcpts[i].reason = subtypes[k].reason;
			break;
		}
	}
}

/* Read a Complaint notification: a feedback row per complainer. */
static void
read_complaint(bnc_builder *b, bnc_span complaint)
{
	bnc_span	list = json_value(complaint, "complainedRecipients");
	bnc_span	type = json_value(complaint, "complaintFeedbackType");
	const char *pos = list.p;
	bnc_span	obj;

	while (json_next(list, &pos, &obj))
	{
		bnc_span	addr = json_value(obj, "emailAddress");
		bnc_recipient *r = bnc_builder_add(b, addr.p, addr.len);

		if (r == NULL)
			continue;
		r->reason = BNC_R_feedback;
		if (type.len > 0)
			r->feedback_type = bnc_strndup(b->alloc, type.p, type.len);
	}
}

/* Read a Delivery notification: a delivered row per recipient. */
static void
read_delivery(bnc_builder *b, bnc_span delivery)
{
	bnc_span	list = json_value(delivery, "recipients");
	bnc_span	reply = json_value(delivery, "smtpResponse");
	const char *pos = list.p;
	bnc_span	elem;

	while (json_next(list, &pos, &elem))
	{
		bnc_recipient *r;

		/* the elements are strings: the addresses within their quotes */
		if (elem.len < 2 || elem.p[0] != '"' ||
			(r = bnc_builder_add(b, elem.p + 1, elem.len - 2)) == NULL)
			continue;
		r->action = BNC_ACTION_DELIVERED;
		r->reason = BNC_R_delivered;
		bnc_builder_diagnostic(b, r, reply.p, reply.len);
	}
}

/* Read a JSON notification in the text; returns 0 when there is none. */
static int
read_notification(const bnc_view *v, bnc_builder *b)
{
	bnc_span	kind = json_value(v->text, "notificationType");
	bnc_span	part;

	if (kind.len == 0)
		kind = json_value(v->text, "eventType");
	if (kind.len == 0)
		return 0;
	b->res->format = "amazonses";
	if (bnc_ci_equal(kind.p, kind.len, "Bounce") &&
		(part = json_value(v->text, "bounce")).len > 0)
		read_bounce(b, part);
	else if (bnc_ci_equal(kind.p, kind.len, "Complaint") &&
			 (part = json_value(v->text, "complaint")).len > 0)
		read_complaint(b, part);
	else if (bnc_ci_equal(kind.p, kind.len, "Delivery") &&
			 (part = json_value(v->text, "delivery")).len > 0)
		read_delivery(b, part);
	return b->res->nrcpts > 0;
}

/*
 * SES reports an expired message as "554 4.4.7 Message expired: unable to
 * deliver in 840 minutes.<421 4.4.2 Connection timed out>": the part in
 * angle brackets is the last reply of the remote server, which gives the
 * row its reply and status codes.
 */
static void
expired_last_reply(bnc_recipient *r)
{
	const char *m;
	const char *lt;
	size_t		n;
	bnc_status	st;
	int			reply;

	if (r->diagnostic == NULL)
		return;
	n = strlen(r->diagnostic);
	m = bnc_ci_find(r->diagnostic, n, "Message expired");
	if (m == NULL)
		return;
	r->reason = BNC_R_expired;
	lt = memchr(m, '<', (r->diagnostic + n) - m);
	if (lt == NULL)
		return;
	n = (r->diagnostic + n) - (lt + 1);
	reply = bnc_find_reply(lt + 1, n);
	if (reply == 0)
		return;
	r->reply_code = reply;
	if (bnc_find_status(lt + 1, n, &st) && st.cls == reply / 100)
		r->status = st;
}

/* The format of an Amazon report: WorkMail, SES receiving, or SES. */
static const char *
report_format(const bnc_view *v, const char *mta)
{
	char	   *mailer = bnc_view_header(v, "X-Mailer");

	if (mailer && bnc_ci_find(mailer, strlen(mailer), "Amazon WorkMail"))
		return "amazonworkmail";
	if (bnc_ci_find(mta, strlen(mta), "inbound-smtp."))
		return "receivingses";
	return "amazonses";
}

/* Recognise an Amazon SES notification or report and read it. */
int
bnc_decode_amazonses(const bnc_view *v, bnc_builder *b)
{
	bnc_span	src = v->dsn;
	bnc_span	notice = bnc_view_notice(v);
	bnc_dsn		d;
	char	   *mta;
	int			i;

	/* WorkMail writes its report fields into the text part */
	if (src.len == 0 &&
		!bnc_dsn_find_in_text(notice.p, notice.len, &src))
		return read_notification(v, b);
	/* a report from elsewhere is not worth parsing (a host name never folds) */
	if (!bnc_ci_find(src.p, src.len, ".amazonses.com") &&
		!bnc_ci_find(src.p, src.len, ".amazonaws.com"))
		return 0;
	if (bnc_dsn_parse(b->alloc, src.p, src.len, &d) == 0)
		return 0;
	mta = bnc_unfold(b->alloc, d.reporting_mta.p, d.reporting_mta.len);
	if (!bnc_ci_find(mta, strlen(mta), ".amazonses.com") &&
		!bnc_ci_find(mta, strlen(mta), ".amazonaws.com"))
		return 0;
	if (!bnc_rfc3464_read(v, b, report_format(v, mta)))
		return 0;
	for (i = 0; i < b->res->nrcpts; i++)
		expired_last_reply(&b->res->rcpts[i]);
	return 1;
}
