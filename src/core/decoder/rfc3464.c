/*-------------------------------------------------------------------------
 *
 * rfc3464.c
 *		Decoder for standard delivery status notifications (RFC 3464)
 *		from any mail server that the vendor decoders did not claim.
 *
 * src/core/decoder/rfc3464.c
 *
 *-------------------------------------------------------------------------
 */
#include "decoders.h"

/* Read any message carrying delivery-status fields. */
int
bnc_decode_rfc3464(const bnc_view *v, bnc_builder *b)
{
	return bnc_rfc3464_read(v, b, "rfc3464");
}
