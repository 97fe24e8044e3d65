/*-------------------------------------------------------------------------
 *
 * phrase.h
 *		Internal interface of the diagnostic phrase scanner used by the
 *		reason classifier.
 *
 * The scanner looks for known lower-case phrases ("user unknown", "over
 * quota", ...) in a diagnostic text, after lower-casing it, collapsing runs
 * of white space and dropping SMTP reply-code markers, and reports which
 * reasons the matches point to at each strength.
 *
 * src/core/phrase.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_PHRASE_H
#define BNC_PHRASE_H

#include <stddef.h>
#include <stdint.h>

#include "bnc.h"

/*
 * How much a phrase says.  A strong phrase outweighs even a specific status
 * code; a normal one outweighs generic codes; a weak one is used only when
 * nothing else speaks.
 */
typedef enum bnc_tier
{
	BNC_TIER_WEAK = 0,
	BNC_TIER_NORMAL,
	BNC_TIER_STRONG,
	BNC_TIER_COUNT
} bnc_tier;

/* One entry of the phrase table. */
typedef struct bnc_phrase
{
	const char *text;			/* lower case, single spaces, 3+ bytes */
	unsigned char len;			/* strlen(text) */
	unsigned char reason;		/* a bnc_reason */
	unsigned char tier;			/* a bnc_tier */
} bnc_phrase;

/* Reasons found by a scan: bit r of mask[t] is set when a phrase of tier t
 * for reason r matched. */
typedef struct bnc_phrase_hits
{
	uint64_t	mask[BNC_TIER_COUNT];
} bnc_phrase_hits;

/* The phrase table and its length. */
extern const bnc_phrase *bnc_phrase_table(size_t *count);

/*
 * Scan text[0..len) once and fill *hits.  A match lying wholly inside a
 * longer match is ignored, so "not listed in" does not also count as
 * "listed in".
 */
extern void bnc_phrase_scan(const char *text, size_t len,
							bnc_phrase_hits *hits);

#endif							/* BNC_PHRASE_H */
