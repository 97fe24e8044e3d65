/*-------------------------------------------------------------------------
 *
 * decoder_check.h
 *		The expected form of a parsed recipient row, and the check that
 *		compares a parse result's rows with a table of them, shared by the
 *		decoder tests.
 *
 * test/unit/decoder_check.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef DECODER_CHECK_H
#define DECODER_CHECK_H

#include "bnc.h"

/* One recipient row as a decoder test expects it. */
typedef struct decoder_row
{
	const char *recipient;
	const char *action;
	const char *status;			/* "c.s.d", or "" for none */
	int			reply_code;
	const char *reason;
	int			hard;
	const char *command;		/* NULL: not checked */
	const char *remote_mta;		/* NULL: not checked */
} decoder_row;

/* Check res's first n rows (res must have n rows) against want[0..n). */
extern void decoder_check_rows(const bnc_result *res, const decoder_row *want,
							   int n);

#endif							/* DECODER_CHECK_H */
