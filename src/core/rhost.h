/*-------------------------------------------------------------------------
 *
 * rhost.h
 *		Internal interface of the receiving-provider rules: the big mail
 *		providers' own codes and fixed phrases, which name the cause of a
 *		refusal more precisely than the generic classifier can.
 *
 * src/core/rhost.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_RHOST_H
#define BNC_RHOST_H

#include "phrase.h"

/* What is known about one failure and the hosts involved. */
typedef struct bnc_rhost_input
{
	const bnc_evidence *ev;		/* codes, diagnostic and command */
	const char *remote_mta;		/* host that refused, may be NULL */
	const char *reporting_mta;	/* host that wrote the report, may be NULL */
	const char *rcpt_domain;	/* lower-case recipient domain, may be NULL */
} bnc_rhost_input;

/*
 * The provider whose rules apply to a failure, as its name ("google"), or
 * NULL.  The provider is the first found of: the one whose host the remote
 * MTA is; the one whose marker the diagnostic carries ("gsmtp", a vendor
 * URL or code prefix); with no remote MTA, the one whose host wrote the
 * report; the one that receives mail for the recipient's domain.
 */
extern const char *bnc_rhost_provider(const bnc_rhost_input *in);

/*
 * The reason the provider's own rules give for the failure, or -1 when no
 * provider applies or none of its rules matches.  Scratch memory for the
 * normalised diagnostic comes from alloc.
 */
extern int	bnc_rhost_reason(const bnc_rhost_input *in, const bnc_alloc *alloc);

/*
 * bnc_rhost_reason that also writes the provider and the rule that decided
 * ("google: receiving mail too quickly", "microsoft: 5.7.606-649") to out,
 * which has room for BNC_EXPLAIN_RULE_MAX bytes; "" when it returns -1.
 */
extern int	bnc_rhost_explain(const bnc_rhost_input *in,
							  const bnc_alloc *alloc, char *out);

#endif							/* BNC_RHOST_H */
