/*-------------------------------------------------------------------------
 *
 * exchange2007.c
 *		Decoder for the non-delivery reports of Microsoft Exchange Server
 *		2007 and later, run on the customer's own premises: "Delivery has
 *		failed to these recipients or groups:", then under "Diagnostic
 *		information for administrators:" each recipient followed by a line
 *		such as "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##" or
 *		"Remote Server returned '550 5.1.1 ...'".
 *
 * Exchange Online (Office 365) writes the same wording; its reports are
 * left to the decoder for that service.
 *
 * src/core/decoder/exchange2007.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Wording and header fields only Exchange reports carry. */
static const char *const exchange_text[] = {
	"Diagnostic information for administrators:",
	"Delivery has failed to these recipients or",
	NULL
};

/* Where the returned message's headers start in a plain-text report. */
static const char *const end_marker = "Original message headers:";

/*
 * Exchange's own status texts, written after the status code, and the
 * reason each one always means.
 */
static const struct
{
	const char *token;
	bnc_reason	reason;
}			status_texts[] =
{
	{"RESOLVER.ADR.RecipNotFound", BNC_R_userunknown},
	{"RESOLVER.ADR.ExRecipNotFound", BNC_R_userunknown},
	{"RESOLVER.RST.RecipSizeLimit", BNC_R_exceedlimit},
	{"RESOLVER.RST.SendSizeLimit", BNC_R_mesgtoobig},
	{"RESOLVER.RST.AuthRequired", BNC_R_securityerror},
	{"RESOLVER.RST.NotAuthorized", BNC_R_filtered},
	{"QUEUE.Expired", BNC_R_expired},
	{"QUEUE.Admin.Expired", BNC_R_expired},
	{"SMTPSEND.DNS.NonExistentDomain", BNC_R_hostunknown},
	{NULL, BNC_R_undefined}
};

/*
 * Is this an Exchange Online report?  Those carry the cross-tenant fields
 * of the hosted service in their header.
 */
static int
exchange_online(const bnc_view *v)
{
	return bnc_has_field_prefix(v, "X-MS-Exchange-CrossTenant-");
}

/* Set r's reason from an Exchange status text in its diagnostic. */
static void
reason_from_status_text(bnc_recipient *r)
{
	size_t		n;
	int			i;

	if (r->diagnostic == NULL)
		return;
	n = strlen(r->diagnostic);
	for (i = 0; status_texts[i].token; i++)
	{
		if (bnc_ci_find(r->diagnostic, n, status_texts[i].token))
		{
			r->reason = status_texts[i].reason;
			return;
		}
	}
}

/* Is the (trimmed) line a bare address, maybe with "<mailto:...>"? */
static int
address_line(bnc_span t)
{
	size_t		i = 0;

	while (i < t.len && !BNC_IS_WS(t.p[i]) && t.p[i] != '<')
		i++;
	if (i == 0 || memchr(t.p, '@', i) == NULL)
		return 0;
	return i == t.len || t.p[i] == '<';
}

/*
 * The server's reply in one error line: what stands between "#" and "##",
 * or inside the quotes of "returned '...'"; else the whole line.
 */
static bnc_span
reply_in(bnc_span line)
{
	bnc_span	s = bnc_after(line, "returned '");
	const char *e;

	if (s.len > 0)
	{
		e = memchr(s.p, '\'', s.len);
		if (e)
			s.len = e - s.p;
		return s;
	}
	s = bnc_after(line, "#");
	if (s.len == 0)
		return bnc_trim(line.p, line.len);
	e = bnc_ci_find(s.p, s.len, "##");
	if (e)
		s.len = e - s.p;
	return bnc_trim(s.p, s.len);
}

/*
 * Read the recipients of the administrators' section: an address line,
 * then error lines up to a blank line.  When a recipient has several
 * error lines (one per attempt, newest first), the first is kept.
 */
static void
read_admin_section(bnc_builder *b, bnc_span sect)
{
	bnc_span   *lines;
	int			n = bnc_split_lines(b->alloc, sect, &lines);
	bnc_recipient *r = NULL;
	int			i;

	for (i = 0; i < n; i++)
	{
		bnc_span	t = bnc_trim(lines[i].p, lines[i].len);

		if (t.len == 0)
			r = NULL;
		else if (address_line(t))
		{
			r = bnc_builder_find_or_add(b, t.p, t.len);
			if (r)
				r->action = BNC_ACTION_FAILED;
		}
		else if (r != NULL && r->diagnostic == NULL)
		{
			bnc_span	s = reply_in(t);

			bnc_builder_diagnostic(b, r, s.p, s.len);
		}
	}
}

/* Recognise an on-premises Exchange 2007+ report and read it. */
int
bnc_decode_exchange2007(const bnc_view *v, bnc_builder *b)
{
	bnc_span	sect;
	int			i;

	if (!bnc_contains_any(bnc_view_notice(v), exchange_text) &&
		bnc_headers_find(&v->headers, "X-MS-Exchange-Message-Is-Ndr") == NULL)
		return 0;
	if (exchange_online(v))
		return 0;
	if (bnc_has_dsn(v))
	{
		if (!bnc_rfc3464_read(v, b, "exchange2007"))
			return 0;
	}
	else
	{
		sect = bnc_after(v->text, "Diagnostic information for administrators:");
		bnc_inline_original(b, sect, end_marker);
		sect = bnc_cut_at(sect, end_marker);
		b->res->format = "exchange2007";
		read_admin_section(b, sect);
	}
	for (i = 0; i < b->res->nrcpts; i++)
		reason_from_status_text(&b->res->rcpts[i]);
	return b->res->nrcpts > 0;
}
