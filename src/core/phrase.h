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

/*
 * A pseudo reason for wording that says only that a user is unknown ("user
 * unknown", "no such user") without saying at which stage of the SMTP
 * dialogue: the classifier turns it into userunknown or filtered (see
 * classify.c).  It takes the mask bit just past the real reasons.
 */
#define BNC_PHRASE_UNKNOWN_USER ((unsigned char) BNC_REASON_COUNT)

/* One entry of the phrase table. */
typedef struct bnc_phrase
{
	const char *text;			/* lower case, single spaces, 3+ bytes */
	unsigned char len;			/* strlen(text) */
	unsigned char reason;		/* a bnc_reason or BNC_PHRASE_UNKNOWN_USER */
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
 * Checksum of the phrase table that the scanner's automaton was generated
 * from (see src/tools/gen_phrases.c), to tell a stale automaton.
 */
extern uint64_t bnc_phrase_automaton_checksum(void);

/*
 * Scan text[0..len) once and fill *hits.  A match lying wholly inside a
 * longer match is ignored, so "not listed in" does not also count as
 * "listed in".
 */
extern void bnc_phrase_scan(const char *text, size_t len,
							bnc_phrase_hits *hits);

/*
 * Where a scan found the first counted match of each tier and reason, as an
 * offset and length in the normalised view; len 0 when there was none.
 */
typedef struct bnc_phrase_where
{
	size_t		start[BNC_TIER_COUNT][BNC_REASON_COUNT + 1];
	unsigned char len[BNC_TIER_COUNT][BNC_REASON_COUNT + 1];
} bnc_phrase_where;

/* bnc_phrase_scan that also fills *where, for explanations. */
extern void bnc_phrase_scan_where(const char *text, size_t len,
								  bnc_phrase_hits *hits,
								  bnc_phrase_where *where);

/*
 * Copy bytes [start, start + n) of the normalised view of text[0..len) to
 * out, which has room for n + 1 bytes, and NUL-terminate them; returns the
 * length copied.
 */
extern size_t bnc_phrase_view_slice(const char *text, size_t len,
									size_t start, size_t n, char *out);

/*
 * Write the normalised view of text[0..len) (see phrase.c) to out, which
 * has room for len + 1 bytes, and NUL-terminate it; returns its length.
 */
extern size_t bnc_phrase_normalize(const char *text, size_t len, char *out);

/* Everything known about one failure, for bnc_classify_evidence. */
typedef struct bnc_evidence
{
	const bnc_status *status;	/* cls 0 when none */
	int			status_given;	/* the status came from the message */
	int			reply_code;		/* 0 when none */
	const char *text;			/* diagnostic, may be NULL */
	size_t		textlen;
	const char *command;		/* SMTP command, may be NULL */
} bnc_evidence;

/* What a classification rests on. */
typedef enum bnc_basis
{
	BNC_BASIS_NONE = 0,			/* nothing: onhold or undefined */
	BNC_BASIS_GENERIC,			/* only a generic code or reply code */
	BNC_BASIS_FIRM				/* a phrase, a specific code or the command */
} bnc_basis;

/*
 * bnc_classify with the provenance of the status and a report of what the
 * result rests on (basis may be NULL).  A status that the caller filled in
 * as a default is no evidence of its own: with nothing else the reason is
 * undefined.
 */
extern bnc_reason bnc_classify_evidence(const bnc_evidence *ev,
										bnc_basis *basis);

/*
 * bnc_classify_evidence that also fills *ex (see bnc.h) with the step and
 * rule that decided and with what the code and the text alone would say;
 * ex->winner is left for the caller, who knows the final reason.
 */
extern bnc_reason bnc_classify_explained(const bnc_evidence *ev,
										 bnc_basis *basis, bnc_explain *ex);

/*
 * bnc_classify of text[0..textlen), with the SMTP command that
 * bnc_find_command finds in the text, searched for only when the
 * decision depends on it (for bnc_classify_line).
 */
extern bnc_reason bnc_classify_text(const bnc_status *st, int reply_code,
									const char *text, size_t textlen);

#endif							/* BNC_PHRASE_H */
