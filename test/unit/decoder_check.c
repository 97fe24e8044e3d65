/*-------------------------------------------------------------------------
 *
 * decoder_check.c
 *		The row-by-row comparison of a parse result with the rows a
 *		decoder test expects.
 *
 * test/unit/decoder_check.c
 *
 *-------------------------------------------------------------------------
 */
#include "unit.h"
#include "decoder_check.h"

/* Check res's first n rows (res must have n rows) against want[0..n). */
void
decoder_check_rows(const bnc_result *res, const decoder_row *want, int n)
{
	int			i;

	for (i = 0; i < n && i < res->nrcpts; i++)
	{
		const bnc_recipient *r = &res->rcpts[i];
		char		st[16] = "";

		if (r->status.cls)
			bnc_status_format(&r->status, st);
		CHECK_STR_EQ(r->recipient, want[i].recipient);
		CHECK_STR_EQ(bnc_action_name(r->action), want[i].action);
		CHECK_STR_EQ(st, want[i].status);
		CHECK_INT_EQ(r->reply_code, want[i].reply_code);
		CHECK_STR_EQ(bnc_reason_name(r->reason), want[i].reason);
		CHECK_INT_EQ(r->hard, want[i].hard);
		if (want[i].command)
			CHECK_STR_EQ(r->smtp_command, want[i].command);
		if (want[i].remote_mta)
			CHECK_STR_EQ(r->remote_mta, want[i].remote_mta);
	}
}
