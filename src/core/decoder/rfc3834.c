/*-------------------------------------------------------------------------
 *
 * rfc3834.c
 *		Decoder for automatic replies (RFC 3834) such as out-of-office
 *		notices.  It runs after every bounce decoder, so it only sees
 *		messages that are not bounces; the row is the replying address
 *		(the From of the reply) with the reason "vacation".
 *
 * src/core/decoder/rfc3834.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Subject openings of common automatic replies. */
static const char *const auto_subjects[] = {
	"Auto:",
	"Automatic reply",
	"Auto-Reply",
	"Autoreply",
	"Auto Reply",
	"Out of Office",
	"Out of the Office",
	"Away from",
	"Vacation",
	NULL
};

/* Subjects of bounces, which are never to be read as automatic replies. */
static const char *const bounce_subjects[] = {
	"Undeliver",
	"Delivery Status Notification",
	"Delivery Failure",
	"failure notice",
	"Returned mail",
	"Mail delivery failed",
	"Mail System Error",
	NULL
};

/* Does the message say it was sent automatically in reply? */
static int
is_auto_reply(const bnc_view *v)
{
	char	   *as = bnc_view_header(v, "Auto-Submitted");
	bnc_span	subj;

	subj.p = v->subject;
	subj.len = strlen(v->subject);
	if (bnc_contains_any(subj, bounce_subjects))
		return 0;
	if (as && bnc_ci_prefix(as, strlen(as), "auto-replied"))
		return 1;
	if (bnc_headers_find(&v->headers, "X-Autoreply") ||
		bnc_headers_find(&v->headers, "X-Autorespond") ||
		bnc_headers_find(&v->headers, "X-Vacation"))
		return 1;
	return bnc_starts_with_any(subj, auto_subjects);
}

/* Recognise an automatic reply; the row is the address that replied. */
int
bnc_decode_rfc3834(const bnc_view *v, bnc_builder *b)
{
	bnc_recipient *r;

	if (v->dsn.len > 0 || !is_auto_reply(v))
		return 0;
	r = bnc_builder_add(b, v->from, strlen(v->from));
	if (r == NULL)
		return 0;
	b->res->format = "rfc3834";
	b->fixed_reason = BNC_R_vacation;
	return 1;
}
