/*-------------------------------------------------------------------------
 *
 * compat.h
 *		Shims that let the glue code build against several server versions.
 *
 * Every test of PG_VERSION_NUM in the glue lives here, so the .c files are
 * written against the current server interface only.  Include it after
 * postgres.h and fmgr.h.
 *
 * src/compat.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BOUNCE_COMPAT_H
#define BOUNCE_COMPAT_H

#include "utils/elog.h"

/*
 * Soft input errors (PostgreSQL 16): an input function reports bad input
 * with ereturn() or errsave(), and a caller such as pg_input_is_valid() that
 * passes an ErrorSaveContext gets the error back instead of an abort.
 *
 * XXX before 16 there is no error-saving context, so these report an
 * ordinary ERROR and pg_input_is_valid() does not exist.
 */
#if PG_VERSION_NUM < 160000
#define errsave(context, ...) \
	ereport(ERROR, __VA_ARGS__)
#define ereturn(context, dummy_value, ...) \
	do { \
		ereport(ERROR, __VA_ARGS__); \
		return dummy_value; \
	} while (0)
#endif

#endif							/* BOUNCE_COMPAT_H */
