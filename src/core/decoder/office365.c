/*-------------------------------------------------------------------------
 *
 * office365.c
 *		Decoder for the non-delivery reports of Exchange Online (Microsoft
 *		365, Outlook.com): Exchange's wording ("Delivery has failed to these
 *		recipients or groups:") or its X-MS-Exchange-Message-Is-Ndr header,
 *		sent through the hosted service, whose cross-tenant fields
 *		(X-MS-Exchange-CrossTenant-*) the header carries.  The standard
 *		report part goes to the shared reader.
 *
 * src/core/decoder/office365.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Wording of Exchange's reports. */
static const char *const exchange_text[] = {
	"Delivery has failed to these recipients or",
	"Diagnostic information for administrators:",
	NULL
};

/* Does the header carry the hosted service's cross-tenant fields? */
static int
cross_tenant(const bnc_view *v)
{
	return bnc_has_field_prefix(v, "X-MS-Exchange-CrossTenant-");
}

/*
 * Recognise an Exchange Online report and read its report part.
 *
 * XXX a report without a delivery-status part is not read here, so such a
 * report (Exchange Online has always been seen to include one) is left to
 * the decoders after this one.
 */
int
bnc_decode_office365(const bnc_view *v, bnc_builder *b)
{
	if (!bnc_contains_any(bnc_view_notice(v), exchange_text) &&
		bnc_headers_find(&v->headers, "X-MS-Exchange-Message-Is-Ndr") == NULL)
		return 0;
	if (!cross_tenant(v) || !bnc_has_dsn(v))
		return 0;
	return bnc_rfc3464_read(v, b, "office365");
}
