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

/* palloc-backed bnc_alloc callback; ctx is a MemoryContext. */
extern void *bounce_core_alloc(void *ctx, size_t size);

/*
 * s as a text datum valid in the database encoding: bytes that do not form
 * a character, and NUL bytes, become U+FFFD in a UTF-8 database and '?' in
 * any other.
 */
extern Datum bounce_text_datum(const char *s);

#endif							/* BOUNCE_GLUE_H */
