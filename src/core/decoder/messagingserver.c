/*-------------------------------------------------------------------------
 *
 * messagingserver.c
 *		Decoder for the reports of Oracle (formerly Sun Java System, iPlanet)
 *		Messaging Server: "This report relates to a message you sent with
 *		the following header fields:", then for each recipient a block of
 *		"Recipient address:", "Reason:", "Diagnostic code:" and "Remote
 *		system:" lines, usually with a delivery-status part as well.
 *
 * src/core/decoder/messagingserver.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* The server's opening sentence. */
static const char *const opening =
"This report relates to a message you sent with the following header fields:";

/* Value of a "Label: value" line when the (trimmed) line has that label. */
static int
labelled(bnc_span t, const char *label, bnc_span *value)
{
	size_t		n = strlen(label);

	if (!bnc_ci_prefix(t.p, t.len, label))
		return 0;
	*value = bnc_trim(t.p + n, t.len - n);
	return 1;
}

/* The first word of a "Remote system:" value, without its "dns;" type. */
static void
remote_system(bnc_builder *b, bnc_recipient *r, bnc_span val)
{
	size_t		i = 0;

	val = bnc_strip_type(val.p, val.len);
	while (i < val.len && !BNC_IS_WS(val.p[i]))
		i++;
	bnc_builder_remote_mta(b, r, val.p, i);
}

/*
 * Read the recipient blocks of a report that has no delivery-status part.
 * A delay warning says the message "has been enqueued and undeliverable"
 * for some time; any other report is a final failure.
 */
static void
read_blocks(bnc_builder *b, bnc_span text)
{
	bnc_lines	it;
	bnc_span	line;
	bnc_recipient *r = NULL;
	bnc_action	action = BNC_ACTION_FAILED;

	if (bnc_ci_find(text.p, text.len, "enqueued and undeliverable"))
		action = BNC_ACTION_DELAYED;

	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_span	val;

		if (labelled(t, "Recipient address:", &val))
		{
			r = bnc_builder_find_or_add(b, val.p, val.len);
			if (r)
				r->action = action;
		}
		else if (r == NULL)
			continue;
		else if (labelled(t, "Reason:", &val))
		{
			if (r->diagnostic == NULL)
				bnc_builder_diagnostic(b, r, val.p, val.len);
		}
		else if (labelled(t, "Diagnostic code:", &val))
		{
			val = bnc_strip_type(val.p, val.len);
			bnc_builder_diagnostic(b, r, val.p, val.len);
		}
		else if (labelled(t, "Remote system:", &val))
			remote_system(b, r, val);
	}
}

/*
 * Give the rows read from the delivery-status part the error and remote
 * host the text states for them ("Diagnostic code:", else "Reason:", and
 * the host name of "Remote system:"), more precise than what the generic
 * reader finds.  The text lists
 * the recipients in the order of the report, so each block is matched to
 * the next row.
 */
static void
errors_from_blocks(bnc_builder *b, bnc_span text)
{
	bnc_lines	it;
	bnc_span	line;
	bnc_recipient *r = NULL;
	int			next = 0;

	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_span	val;

		if (labelled(t, "Recipient address:", &val))
		{
			char	   *norm = bnc_addr_normalize(b->alloc, val.p, val.len,
												  NULL);

			r = NULL;
			if (norm && next < b->res->nrcpts &&
				strcmp(b->res->rcpts[next].recipient, norm) == 0)
			{
				r = &b->res->rcpts[next++];
				r->diagnostic = NULL;
			}
		}
		else if (r == NULL)
			continue;
		else if (labelled(t, "Diagnostic code:", &val))
		{
			val = bnc_strip_type(val.p, val.len);
			bnc_builder_diagnostic(b, r, val.p, val.len);
		}
		else if (labelled(t, "Reason:", &val) && r->diagnostic == NULL)
			bnc_builder_diagnostic(b, r, val.p, val.len);
		else if (labelled(t, "Remote system:", &val))
		{
			r->remote_mta = NULL;
			remote_system(b, r, val);
		}
	}
}

/* Recognise a Messaging Server report and read it. */
int
bnc_decode_messagingserver(const bnc_view *v, bnc_builder *b)
{
	bnc_span	notice = bnc_view_notice(v);

	if (bnc_ci_find(notice.p, notice.len, opening) == NULL)
		return 0;
	if (bnc_has_dsn(v))
	{
		if (!bnc_rfc3464_read(v, b, "messagingserver"))
			return 0;
		errors_from_blocks(b, v->text);
		return 1;
	}
	b->res->format = "messagingserver";
	read_blocks(b, v->text);
	return b->res->nrcpts > 0;
}
