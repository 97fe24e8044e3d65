/*-------------------------------------------------------------------------
 *
 * exchange2003.c
 *		Decoder for the non-delivery reports of Microsoft Exchange up to
 *		Exchange 2003 and of its Internet Mail Service: "Your message ...
 *		did not reach the following recipient(s):", then for each recipient
 *		a line "addr on DATE" followed by indented error lines such as
 *		"The recipient name is not recognized" and "MSEXCH:IMS:... (000C05A6)
 *		Unknown Recipient", or "<mx.example.net #5.1.1>".
 *
 * src/core/decoder/exchange2003.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Phrases that open the list of failed recipients. */
static const char *const list_starts[] = {
	"did not reach the following recipient(s):",
	"The following recipient(s) could not be reached:",
	NULL
};

/*
 * Diagnostic codes that the Internet Mail Service writes in parentheses
 * after "MSEXCH:IMS:", and the reason each one always means.  Codes that
 * the service uses for several different failures are left out, so the
 * text beside them decides.
 */
static const struct
{
	const char *code;
	bnc_reason	reason;
}			ims_codes[] =
{
	{"(000C05A6)", BNC_R_userunknown},
	{NULL, BNC_R_undefined}
};

/*
 * Is the line "addr on DATE" (or just "addr"), opening one recipient's
 * entry?  Error lines that quote an address start with other words.
 */
static int
address_line(bnc_span line)
{
	bnc_span	t = bnc_trim(line.p, line.len);
	size_t		i = 0;

	while (i < t.len && !BNC_IS_WS(t.p[i]))
		i++;
	if (i == 0 || t.p[0] == '<' || memchr(t.p, '@', i) == NULL)
		return 0;
	return i == t.len || bnc_ci_prefix(t.p + i, t.len - i, " on ");
}

/* Set r's reason from an IMS diagnostic code in its error, if any. */
static void
reason_from_code(bnc_recipient *r)
{
	size_t		n;
	int			i;

	if (r->diagnostic == NULL)
		return;
	n = strlen(r->diagnostic);
	for (i = 0; ims_codes[i].code; i++)
	{
		if (bnc_ci_find(r->diagnostic, n, ims_codes[i].code))
		{
			r->reason = ims_codes[i].reason;
			return;
		}
	}
}

/*
 * Record the error lines lines[from..to) of one recipient.  A line
 * starting in column 0 continues the line before it (the service wraps
 * long lines so), and the "MTS-ID of the original message" line, which
 * only identifies the message, is left out.
 */
static void
read_error(bnc_builder *b, bnc_recipient *r, const bnc_span *lines,
		   int from, int to)
{
	char	   *buf;
	size_t		n = 0;
	int			skipping = 0;
	int			i;

	if (from >= to)
		return;
	buf = bnc_mem(b->alloc, (lines[to - 1].p + lines[to - 1].len) -
				  lines[from].p + (to - from) + 1);
	for (i = from; i < to; i++)
	{
		bnc_span	t = bnc_trim(lines[i].p, lines[i].len);

		if (lines[i].len == 0 || BNC_IS_SPACE(lines[i].p[0]))
			skipping = bnc_ci_find(t.p, t.len, "MTS-ID of the") != NULL;
		if (skipping)
			continue;
		memcpy(buf + n, t.p, t.len);
		n += t.len;
		buf[n++] = ' ';
	}
	bnc_builder_diagnostic(b, r, buf, n);
	reason_from_code(r);
}

/* Read the recipient entries that follow the opening phrase. */
static void
read_list(bnc_builder *b, bnc_span list)
{
	bnc_span   *lines;
	int			n = bnc_split_lines(b->alloc, list, &lines);
	int			i;

	/* the rest of the opening line is not an entry */
	for (i = 1; i < n; i++)
	{
		bnc_recipient *r;
		int			j;

		if (!address_line(lines[i]))
			continue;
		for (j = i + 1; j < n && !bnc_is_blank(lines[j]) &&
			 !address_line(lines[j]); j++)
			;
		r = bnc_builder_add(b, lines[i].p, lines[i].len);
		if (r != NULL)
		{
			r->action = BNC_ACTION_FAILED;
			read_error(b, r, lines, i + 1, j);
		}
		i = j - 1;
	}
}

/* Recognise an Exchange 2003 (or older) report and read it. */
int
bnc_decode_exchange2003(const bnc_view *v, bnc_builder *b)
{
	bnc_span	list;
	int			i;

	for (i = 0; list_starts[i]; i++)
	{
		list = bnc_after(v->text, list_starts[i]);
		if (list.len > 0)
			break;
	}
	if (list_starts[i] == NULL)
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "exchange2003");
	b->res->format = "exchange2003";
	read_list(b, list);
	return b->res->nrcpts > 0;
}
