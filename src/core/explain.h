/*-------------------------------------------------------------------------
 *
 * explain.h
 *		Internal helpers shared by the parts of the core that explain a
 *		classification: rule text building and the winner of code and text.
 *
 * src/core/explain.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_EXPLAIN_H
#define BNC_EXPLAIN_H

#include "bnc.h"

/*
 * Append s to the rule rule[0..*n), cutting it to fit the rule's
 * BNC_EXPLAIN_RULE_MAX bytes, and keep it NUL-terminated.
 */
extern void bnc_explain_append(char *rule, size_t *n, const char *s);

/* Append the decimal digits of a number >= 0 to a rule the same way. */
extern void bnc_explain_append_int(char *rule, size_t *n, int v);

/* Set ex->winner from the final reason and the two partial readings. */
extern void bnc_explain_winner(bnc_explain *ex, bnc_reason final);

#endif							/* BNC_EXPLAIN_H */
