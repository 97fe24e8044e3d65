/*-------------------------------------------------------------------------
 *
 * notes.c
 *		Decoder for the bounces of the Lotus Notes SMTP MTA: a section
 *		"------- Failure Reasons --------" holding a reason line followed
 *		by the addresses it applies to, then "------- Returned Message
 *		--------" and the returned message.
 *
 * src/core/decoder/notes.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/*
 * Reasons the Notes MTA writes in its own words, and what each means.  The
 * Name & Address Book is the Notes directory of users.
 */
static const struct
{
	const char *phrase;
	bnc_reason	reason;
}			notes_reasons[] =
{
	{"not listed in public Name & Address Book", BNC_R_userunknown},
	{NULL, BNC_R_undefined}
};

/* The text of the failure section, or an empty span when there is none. */
static bnc_span
failure_section(bnc_span text)
{
	bnc_span	s = bnc_after(text, "------- Failure Reasons");

	if (s.len == 0)
		return s;
	return bnc_cut_at(s, "------- Returned Message");
}

/* Is the (trimmed) line one address and nothing else? */
static int
address_only(bnc_span t)
{
	size_t		i;

	if (t.len < 3 || memchr(t.p, '@', t.len) == NULL)
		return 0;
	for (i = 0; i < t.len; i++)
	{
		if (BNC_IS_WS(t.p[i]))
			return 0;
	}
	return 1;
}

/* Set r's diagnostic to reason, and its reason when the wording is known. */
static void
set_reason(bnc_builder *b, bnc_recipient *r, bnc_span reason)
{
	int			i;

	bnc_builder_diagnostic(b, r, reason.p, reason.len);
	for (i = 0; notes_reasons[i].phrase; i++)
	{
		if (bnc_ci_find(reason.p, reason.len, notes_reasons[i].phrase))
		{
			r->reason = notes_reasons[i].reason;
			return;
		}
	}
}

/*
 * Read the failure section: each address gets the reason lines written
 * since the previous address (or the previous address's reason when
 * there are none in between).
 */
static void
read_failures(bnc_builder *b, bnc_span sect)
{
	bnc_lines	it;
	bnc_span	line;
	bnc_span	reason;
	int			fresh = 0;

	reason.p = sect.p;
	reason.len = 0;
	bnc_lines_init(&it, sect.p, sect.len);
	bnc_lines_next(&it, &line);	/* the rest of the section's title */
	while (bnc_lines_next(&it, &line))
	{
		bnc_span	t = bnc_trim(line.p, line.len);
		bnc_recipient *r;

		if (t.len == 0)
			continue;
		if (!address_only(t))
		{
			if (!fresh)
				reason.p = t.p;
			reason.len = (t.p + t.len) - reason.p;
			fresh = 1;
			continue;
		}
		fresh = 0;
		r = bnc_builder_add(b, t.p, t.len);
		if (r == NULL)
			continue;
		r->action = BNC_ACTION_FAILED;
		set_reason(b, r, reason);
	}
}

/* Recognise a Lotus Notes bounce and read it. */
int
bnc_decode_notes(const bnc_view *v, bnc_builder *b)
{
	bnc_span	sect = failure_section(v->text);

	if (sect.len == 0)
		return 0;
	b->res->format = "notes";
	bnc_inline_original(b, v->text, "------- Returned Message");
	read_failures(b, sect);
	return b->res->nrcpts > 0;
}
