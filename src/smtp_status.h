/*-------------------------------------------------------------------------
 *
 * smtp_status.h
 *		What other glue code needs to build and read values of the SQL
 *		type smtp_status.
 *
 * An smtp_status datum is an int4 holding class * 1000000 + subject * 1000
 * + detail, so that comparing two codes is comparing two integers.
 *
 * src/smtp_status.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BOUNCE_SMTP_STATUS_H
#define BOUNCE_SMTP_STATUS_H

#include "fmgr.h"

#include "bnc.h"

/*
 * The smtp_status datum of a valid code.  st->cls must be 2, 4 or 5 (test
 * for 0, "no code", and return SQL NULL instead); anything else is an
 * internal error.
 */
extern Datum smtp_status_datum_from_bnc(const bnc_status *st);

/* Split an smtp_status datum into *st. */
extern void smtp_status_to_bnc(Datum d, bnc_status *st);

#endif							/* BOUNCE_SMTP_STATUS_H */
