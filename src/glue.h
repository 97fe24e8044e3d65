/*-------------------------------------------------------------------------
 *
 * glue.h
 *		Helpers the SQL glue files share for running the core and turning
 *		its strings into text.
 *
 * src/glue.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BOUNCE_GLUE_H
#define BOUNCE_GLUE_H

#include "fmgr.h"
#include "utils/palloc.h"

#include "bnc.h"

/*
 * Parse raw[0..len) in scratch, explaining each row when explains is not
 * NULL; a pending query cancel stops the parse and is raised.  Returns the
 * core's outcome (never BNC_PARSE_INTERRUPTED).
 */
extern bnc_parse_status bounce_core_parse(const char *raw, size_t len,
							  MemoryContext scratch, bnc_result *res,
							  bnc_explain **explains);

/*
 * s as a text datum valid in the database encoding: bytes that do not form
 * a character become U+FFFD in a UTF-8 database and '?' in any other.  The
 * core's strings end at their first NUL, so no NUL reaches a text value.
 */
extern Datum bounce_text_datum(const char *s);

#endif							/* BOUNCE_GLUE_H */
