/*-------------------------------------------------------------------------
 *
 * dsn.h
 *		Reader of RFC 3464 delivery-status content (also the RFC 6533
 *		message/global-delivery-status form): per-message fields and one
 *		block of fields per recipient.
 *
 * src/core/dsn.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_DSN_H
#define BNC_DSN_H

#include "text.h"

/* A field kept by name only: an X- field of the report. */
typedef struct bnc_dsn_field
{
	bnc_span	name;
	bnc_span	value;
} bnc_dsn_field;

/* X- fields of one level of a report; at most BNC_MAX_DETAILS are kept. */
typedef struct bnc_dsn_extra
{
	bnc_dsn_field *fields;
	int			n;
	int			cap;
} bnc_dsn_extra;

/* Per-recipient fields; raw (folded) values, empty spans when absent. */
typedef struct bnc_dsn_rcpt
{
	bnc_span	final_recipient;
	bnc_span	original_recipient;
	bnc_span	x_actual_recipient;
	bnc_span	action;
	bnc_span	status;
	bnc_span	remote_mta;
	bnc_span	diagnostic;
	bnc_span	last_attempt;
	bnc_span	final_log_id;
	bnc_span	will_retry_until;
	bnc_dsn_extra extra;		/* X- fields other than X-Actual-Recipient */
} bnc_dsn_rcpt;

/* A whole delivery-status report. */
typedef struct bnc_dsn
{
	bnc_span	reporting_mta;
	bnc_span	arrival_date;
	bnc_span	received_from_mta;
	bnc_span	original_envelope_id;
	bnc_span	dsn_gateway;
	bnc_dsn_extra extra;		/* X- fields before the first record */
	bnc_dsn_rcpt *rcpts;
	int			nrcpts;
} bnc_dsn;

extern int	bnc_dsn_parse(const bnc_alloc *a, const char *p, size_t len,
						  bnc_dsn *out);
extern int	bnc_dsn_find_in_text(const char *p, size_t len, bnc_span *out);
extern bnc_action bnc_dsn_action(bnc_span value);

#endif							/* BNC_DSN_H */
