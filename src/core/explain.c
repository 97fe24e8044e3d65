/*-------------------------------------------------------------------------
 *
 * explain.c
 *		Names and helpers for the explanation of a classification: which
 *		step decided, and whether the status code or the text won.
 *
 * The explanations themselves are filled by the code that decides (the
 * classifier, the provider rules and the parse driver), each only when
 * asked, so that the ordinary path does no extra work.
 *
 * src/core/explain.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "explain.h"

/* Name of a decider, as bounce.explain reports it. */
const char *
bnc_decider_name(bnc_decider d)
{
	switch (d)
	{
		case BNC_BY_DECODER:
			return "decoder";
		case BNC_BY_PROVIDER:
			return "provider";
		case BNC_BY_PHRASE:
			return "phrase";
		case BNC_BY_STATUS:
			return "status";
		case BNC_BY_COMMAND:
			return "command";
		case BNC_BY_REPLY:
			return "reply";
		case BNC_BY_ACTION:
			return "action";
		case BNC_BY_FALLBACK:
			return "fallback";
	}
	return NULL;
}

/* Name of a winner, as bounce.explain reports it. */
const char *
bnc_winner_name(bnc_winner w)
{
	switch (w)
	{
		case BNC_WIN_NEITHER:
			return "neither";
		case BNC_WIN_CODE:
			return "code";
		case BNC_WIN_TEXT:
			return "text";
		case BNC_WIN_BOTH:
			return "both agree";
	}
	return NULL;
}

/* Append s to a rule, cut to fit; see explain.h. */
void
bnc_explain_append(char *rule, size_t *n, const char *s)
{
	while (*s != '\0' && *n < BNC_EXPLAIN_RULE_MAX - 1)
		rule[(*n)++] = *s++;
	rule[*n] = '\0';
}

/* Append the decimal digits of v >= 0 to a rule; see explain.h. */
void
bnc_explain_append_int(char *rule, size_t *n, int v)
{
	char		buf[12];
	int			i = sizeof(buf) - 1;

	buf[i] = '\0';
	do
	{
		buf[--i] = (char) ('0' + v % 10);
		v /= 10;
	} while (v > 0 && i > 0);
	bnc_explain_append(rule, n, buf + i);
}

/*
 * Which reading the final reason agrees with: both when the code and the
 * text say the same as the result, one of them when only it does, neither
 * when the result came from elsewhere (a provider rule, the decoder, the
 * command, a fallback) or contradicts both.
 */
void
bnc_explain_winner(bnc_explain *ex, bnc_reason final)
{
	int			code = ex->status_reason == (int) final;
	int			text = ex->text_reason == (int) final;

	if (code && text)
		ex->winner = BNC_WIN_BOTH;
	else if (code)
		ex->winner = BNC_WIN_CODE;
	else if (text)
		ex->winner = BNC_WIN_TEXT;
	else
		ex->winner = BNC_WIN_NEITHER;
}
