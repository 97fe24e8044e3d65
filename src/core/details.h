/*-------------------------------------------------------------------------
 *
 * details.h
 *		Collecting the (key, value) pairs of bnc_result.details and
 *		bnc_recipient.details: report fields no other member carries.
 *
 * src/core/details.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_DETAILS_H
#define BNC_DETAILS_H

#include "dsn.h"
#include "mime.h"

/* Growing array of pairs; at most BNC_MAX_DETAILS are kept. */
typedef struct bnc_details
{
	bnc_field_pair **pairs;
	int		   *n;
} bnc_details;

extern void bnc_details_add(const bnc_alloc *a, bnc_details d,
							const char *key, bnc_span value);
extern void bnc_details_add_extra(const bnc_alloc *a, bnc_details d,
								  const bnc_dsn_extra *x);
extern void bnc_details_dsn_message(const bnc_alloc *a, bnc_result *res,
									const bnc_dsn *dsn);
extern void bnc_details_dsn_rcpt(const bnc_alloc *a, bnc_recipient *r,
								 const bnc_dsn_rcpt *d);
extern void bnc_details_feedback(const bnc_alloc *a, bnc_result *res,
								 const bnc_headers *fh);
extern void bnc_details_original(const bnc_alloc *a, bnc_result *res,
								 const bnc_headers *oh);

#endif							/* BNC_DETAILS_H */
