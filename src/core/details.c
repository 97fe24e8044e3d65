/*-------------------------------------------------------------------------
 *
 * details.c
 *		The further fields of a report, as (key, value) pairs: the RFC 3464
 *		fields the result has no member for, the report's X- fields, every
 *		field of an abuse feedback report (RFC 5965), and the From,
 *		Subject, Message-ID, List-Id and Feedback-ID of the attached
 *		original message (keys "original.from" and so on).
 *
 * Keys are field names lower-cased; values are unfolded, as written.  The
 * arrays grow by doubling and stop at BNC_MAX_DETAILS pairs, so a hostile
 * report cannot make them large.
 *
 * XXX only reports read by the shared RFC 3464 reader get the report's
 * fields; decoders that read the delivery-status part themselves (Gmail,
 * Amazon SES) or read no report give the original's keys only.  An X-
 * field placed after the last recipient record opens a record of its own,
 * which is dropped, so such trailing fields are lost.
 *
 * src/core/details.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "details.h"

/* Append key and value to d, unless full; the key is copied lower-cased. */
static void
append_pair(const bnc_alloc *a, bnc_details d, const char *key,
			size_t keylen, const char *value)
{
	int			n = *d.n;
	char	   *k;
	size_t		i;

	if (n >= BNC_MAX_DETAILS)
		return;
	/* the capacity is the next power of two from 4 up */
	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0))
	{
		int			cap = n ? n * 2 : 4;
		bnc_field_pair *bigger = bnc_mem(a, sizeof(bnc_field_pair) * cap);

		if (n)
			memcpy(bigger, *d.pairs, sizeof(bnc_field_pair) * n);
		*d.pairs = bigger;
	}
	k = bnc_mem(a, keylen + 1);
	for (i = 0; i < keylen; i++)
		k[i] = (key[i] >= 'A' && key[i] <= 'Z') ? key[i] + ('a' - 'A') :
			key[i];
	k[keylen] = '\0';
	(*d.pairs)[n].key = k;
	(*d.pairs)[n].value = value;
	*d.n = n + 1;
}

/* Add key with the unfolded value, when the value is not empty. */
void
bnc_details_add(const bnc_alloc *a, bnc_details d, const char *key,
				bnc_span value)
{
	char	   *v;

	if (value.p == NULL || value.len == 0 || *d.n >= BNC_MAX_DETAILS)
		return;
	v = bnc_unfold(a, value.p, value.len);
	if (v[0] != '\0')
		append_pair(a, d, key, strlen(key), v);
}

/* Add the kept X- fields of one level of a report. */
void
bnc_details_add_extra(const bnc_alloc *a, bnc_details d,
					  const bnc_dsn_extra *x)
{
	int			i;

	for (i = 0; i < x->n && *d.n < BNC_MAX_DETAILS; i++)
	{
		char	   *v = bnc_unfold(a, x->fields[i].value.p,
								   x->fields[i].value.len);

		if (v[0] != '\0')
			append_pair(a, d, x->fields[i].name.p, x->fields[i].name.len, v);
	}
}

/* The message-level fields of a report, into res->details. */
void
bnc_details_dsn_message(const bnc_alloc *a, bnc_result *res,
						const bnc_dsn *dsn)
{
	bnc_details d;

	d.pairs = &res->details;
	d.n = &res->ndetails;
	bnc_details_add(a, d, "original-envelope-id", dsn->original_envelope_id);
	bnc_details_add(a, d, "dsn-gateway", dsn->dsn_gateway);
	bnc_details_add(a, d, "received-from-mta", dsn->received_from_mta);
	bnc_details_add(a, d, "arrival-date", dsn->arrival_date);
	bnc_details_add_extra(a, d, &dsn->extra);
}

/* The further fields of one recipient record, into r->details. */
void
bnc_details_dsn_rcpt(const bnc_alloc *a, bnc_recipient *r,
					 const bnc_dsn_rcpt *rec)
{
	bnc_details d;

	d.pairs = &r->details;
	d.n = &r->ndetails;
	bnc_details_add(a, d, "original-recipient", rec->original_recipient);
	bnc_details_add(a, d, "final-log-id", rec->final_log_id);
	bnc_details_add(a, d, "will-retry-until", rec->will_retry_until);
	bnc_details_add(a, d, "last-attempt-date", rec->last_attempt);
	bnc_details_add(a, d, "x-actual-recipient", rec->x_actual_recipient);
	bnc_details_add_extra(a, d, &rec->extra);
}

/*
 * Headers of the original message, into res->details.  The Subject is
 * decoded from RFC 2047 encoded words.
 */
void
bnc_details_original(const bnc_alloc *a, bnc_result *res,
					 const bnc_headers *oh)
{
	static const char *const names[][2] = {
		{"From", "original.from"},
		{"Message-ID", "original.message-id"},
		{"List-Id", "original.list-id"},
		{"Feedback-ID", "original.feedback-id"},
		{NULL, NULL}
	};
	bnc_details d;
	const bnc_field *f;
	int			i;

	d.pairs = &res->details;
	d.n = &res->ndetails;
	for (i = 0; names[i][0]; i++)
	{
		if ((f = bnc_headers_find(oh, names[i][0])) != NULL)
			bnc_details_add(a, d, names[i][1], f->value);
	}
	if ((f = bnc_headers_find(oh, "Subject")) != NULL)
	{
		char	   *u = bnc_unfold(a, f->value.p, f->value.len);
		char	   *s = bnc_decode_words(a, u, strlen(u));

		if (s[0] != '\0' && res->ndetails < BNC_MAX_DETAILS)
			append_pair(a, d, "original.subject", 16, s);
	}
}

/*
 * Every field of a feedback report (RFC 5965: Feedback-Type, User-Agent,
 * Version, Original-Mail-From, Original-Rcpt-To, Arrival-Date,
 * Reporting-MTA, Source-IP, Incidents, Authentication-Results,
 * Reported-Domain, Reported-URI, ... and any other), into res->details.
 * A field given more than once (Original-Rcpt-To, Reported-URI and
 * Authentication-Results may be) has its values joined by ", " under one
 * key, in the order given.  The joined values are built once, at the end,
 * so that a report repeating a field many times costs time and memory in
 * proportion to its size.
 */
void
bnc_details_feedback(const bnc_alloc *a, bnc_result *res,
					 const bnc_headers *fh)
{
	bnc_details d;
	char	  **vals;
	int		   *slot;			/* the pair field i went to, or -1 */
	size_t		extra[BNC_MAX_DETAILS];	/* length its joins add */
	int			base[BNC_MAX_DETAILS];	/* the field it was added for, or -1 */
	char	   *end[BNC_MAX_DETAILS];	/* where its joined value goes on */
	int			i;
	int			k;

	if (fh->nfields == 0)
		return;
	d.pairs = &res->details;
	d.n = &res->ndetails;
	vals = bnc_mem(a, sizeof(char *) * (size_t) fh->nfields);
	slot = bnc_mem(a, sizeof(int) * (size_t) fh->nfields);
	for (k = 0; k < BNC_MAX_DETAILS; k++)
	{
		extra[k] = 0;
		base[k] = -1;
		end[k] = NULL;
	}

	/* which pair each field goes to, and how long the joined values get */
	for (i = 0; i < fh->nfields; i++)
	{
		const bnc_field *f = &fh->fields[i];

		vals[i] = bnc_unfold(a, f->value.p, f->value.len);
		slot[i] = -1;
		if (vals[i][0] == '\0')
			continue;
		for (k = 0; k < res->ndetails; k++)
		{
			const char *key = res->details[k].key;

			if (bnc_ci_equal(f->name.p, f->name.len, key) &&
				strlen(key) == f->name.len)
				break;
		}
		if (k < res->ndetails)
		{
			extra[k] += 2 + strlen(vals[i]);
			slot[i] = k;
		}
		else if (res->ndetails < BNC_MAX_DETAILS)
		{
			append_pair(a, d, f->name.p, f->name.len, vals[i]);
			base[k] = i;
			slot[i] = k;
		}
	}

	/* each joined value: its first value, then the others in order */
	for (k = 0; k < res->ndetails; k++)
	{
		if (extra[k] > 0)
		{
			const char *first = res->details[k].value;
			size_t		n = strlen(first);
			char	   *joined = bnc_mem(a, n + extra[k] + 1);

			memcpy(joined, first, n);
			joined[n] = '\0';
			res->details[k].value = joined;
			end[k] = joined + n;
		}
	}
	for (i = 0; i < fh->nfields; i++)
	{
		size_t		n;

		k = slot[i];
		if (k < 0 || base[k] == i)
			continue;
		n = strlen(vals[i]);
		memcpy(end[k], ", ", 2);
		memcpy(end[k] + 2, vals[i], n + 1);
		end[k] += 2 + n;
	}
}
