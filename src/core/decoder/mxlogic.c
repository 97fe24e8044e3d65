/*-------------------------------------------------------------------------
 *
 * mxlogic.c
 *		Decoder for the bounces of the MX Logic (McAfee SaaS) mail filtering
 *		service.  Their text follows Exim's ("This message was created
 *		automatically by mail delivery software"), but each failed address
 *		is written "  <addr>: 550 ..." on one line, and the returned header
 *		comes after "Included is a copy of the message header:".
 *
 * src/core/decoder/mxlogic.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* Phrases ending the introduction, after which the addresses follow. */
static const char *const list_starts[] = {
	"following address failed:",
	"following addresses failed:",
	"address(es) failed:",
	NULL
};

/* Where the returned header starts. */
static const char *const end_marker =
"Included is a copy of the message header:";

/* Does the header say the message comes from MX Logic's servers? */
static int
is_mxlogic(const bnc_view *v)
{
	char	   *mid;

	if (bnc_headers_find(&v->headers, "X-MX-Bounce") != NULL ||
		bnc_ci_find(v->from, strlen(v->from), ".mxlogic.net") != NULL)
		return 1;
	mid = bnc_view_header(v, "Message-Id");
	return mid != NULL && bnc_ci_prefix(mid, strlen(mid), "<mxl~");
}

/* Is the (trimmed) line "<addr>: text", opening a recipient's entry? */
static int
address_line(bnc_span t, bnc_span *addr, bnc_span *rest)
{
	const char *gt;

	if (t.len < 4 || t.p[0] != '<')
		return 0;
	gt = memchr(t.p, '>', t.len);
	if (gt == NULL || gt + 1 >= t.p + t.len || gt[1] != ':' ||
		memchr(t.p, '@', gt - t.p) == NULL)
		return 0;
	addr->p = t.p + 1;
	addr->len = gt - addr->p;
	rest->p = gt + 2;
	rest->len = (t.p + t.len) - rest->p;
	return 1;
}

/*
 * Read the list: each "<addr>: text" line opens a row; the lines up to the
 * next one or a blank line continue its error text.
 */
static void
read_list(bnc_builder *b, bnc_span list)
{
	bnc_span   *lines;
	int			n = bnc_split_lines(b->alloc, list, &lines);
	int			i;

	for (i = 1; i < n; i++)
	{
		bnc_span	t = bnc_trim(lines[i].p, lines[i].len);
		bnc_span	addr;
		bnc_span	rest;
		bnc_span	other;
		bnc_recipient *r;
		int			j;

		if (!address_line(t, &addr, &rest))
			continue;
		for (j = i + 1; j < n && !bnc_is_blank(lines[j]); j++)
		{
			bnc_span	u = bnc_trim(lines[j].p, lines[j].len);

			if (address_line(u, &other, &other))
				break;
			rest.len = (u.p + u.len) - rest.p;
		}
		r = bnc_builder_add(b, addr.p, addr.len);
		if (r)
		{
			r->action = BNC_ACTION_FAILED;
			bnc_builder_diagnostic(b, r, rest.p, rest.len);
		}
		i = j - 1;
	}
}

/* Recognise an MX Logic bounce and read it. */
int
bnc_decode_mxlogic(const bnc_view *v, bnc_builder *b)
{
	bnc_span	text;
	int			i;

	if (!is_mxlogic(v))
		return 0;
	if (bnc_has_dsn(v))
		return bnc_rfc3464_read(v, b, "mxlogic");
	b->res->format = "mxlogic";
	/* the returned header follows a line of dashes under the marker */
	bnc_inline_original(b, bnc_after(v->text, end_marker), "---");
	text = bnc_cut_at(v->text, end_marker);
	for (i = 0; list_starts[i]; i++)
	{
		bnc_span	list = bnc_after(text, list_starts[i]);

		if (list.len > 0)
		{
			read_list(b, list);
			break;
		}
	}
	return b->res->nrcpts > 0;
}
