/*-------------------------------------------------------------------------
 *
 * line.c
 *		Classification of a single SMTP response or diagnostic line.
 *
 * Callers that hold only a line such as "550 5.1.1 <a@example.com>: User
 * unknown" (from a sending service's webhook, or a log) get the same
 * decision as a parsed message would: the reply code, the enhanced status
 * code and the SMTP command are read from the text the way the message
 * parser reads them, then the classifier decides.
 *
 * src/core/line.c
 *
 *-------------------------------------------------------------------------
 */
#include "bnc.h"
#include "phrase.h"
#include "text.h"

/* Classify one line of text; see bnc.h. */
bnc_reason
bnc_classify_line(const char *text, size_t len, bnc_status *st,
				  int *reply_code)
{
	if (text == NULL)
		len = 0;
	if (*reply_code == 0 && len > 0)
		*reply_code = bnc_find_reply(text, len);
	if (st->cls == 0 && len > 0)
		bnc_find_status(text, len, st);

	/* the command is looked for in the text only when it matters */
	return bnc_classify_text(st, *reply_code, text, len);
}
