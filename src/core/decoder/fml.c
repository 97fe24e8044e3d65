/*-------------------------------------------------------------------------
 *
 * fml.c
 *		Decoder for the error notices of the fml mailing list manager
 *		(header X-MLServer: fml ...): a loop alert, a post refused from a
 *		non-member, a security alert.  The line stating the error names the
 *		address concerned, e.g. "Duplicated Message-ID in <list@example.org>."
 *
 * src/core/decoder/fml.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "decoders.h"

/* A fixed wording of fml and the reason it states. */
typedef struct fml_phrase
{
	const char *text;
	bnc_reason	reason;
} fml_phrase;

/* Subjects of fml's error notices. */
static const fml_phrase fml_subjects[] = {
	{"Loop Alert:", BNC_R_systemerror},
	{"Loop Back Warning:", BNC_R_systemerror},
	{"fml system error message", BNC_R_systemerror},
	{"WARNING: UNIX FROM Loop", BNC_R_systemerror},
	{"Ignored NOT MEMBER article from", BNC_R_rejected},
	{"Spam mail from a spammer is rejected", BNC_R_rejected},
	{"Security Alert", BNC_R_securityerror},
	{NULL, BNC_R_undefined}
};

/* Lines of fml's error notices that state the error. */
static const fml_phrase fml_lines[] = {
	{"Duplicated Message-ID", BNC_R_systemerror},
	{"has detected a loop condition", BNC_R_systemerror},
	{"Loop Back Warning:", BNC_R_systemerror},
	{"NOT MEMBER article from", BNC_R_rejected},
	{"are not member", BNC_R_rejected},
	{"You are not allowed to post to this mailing list", BNC_R_rejected},
	{"reject spammers:", BNC_R_rejected},
	{"Security alert:", BNC_R_securityerror},
	{NULL, BNC_R_undefined}
};

/* Where the returned message starts. */
#define ORIGINAL_HEAD	"Original mail as follows:"

/* The first phrase of table found in s, or NULL. */
static const fml_phrase *
find_phrase(const fml_phrase *table, bnc_span s)
{
	int			i;

	for (i = 0; table[i].text; i++)
	{
		if (bnc_ci_find(s.p, s.len, table[i].text))
			return &table[i];
	}
	return NULL;
}

/*
 * Note the returned message that follows the line holding ORIGINAL_HEAD:
 * fml indents it, so a copy with the indentation of its first line removed
 * from every line is kept.
 */
static void
indented_original(bnc_builder *b, bnc_span text)
{
	bnc_span	s = bnc_after(text, ORIGINAL_HEAD);
	bnc_lines	it;
	bnc_span	line;
	char	   *out = bnc_mem(b->alloc, s.len + 2);
	size_t		n = 0;
	int			indent = -1;

	bnc_lines_init(&it, s.p, s.len);
	bnc_lines_next(&it, &line);
	while (bnc_lines_next(&it, &line))
	{
		size_t		i = 0;

		if (indent < 0 && bnc_is_blank(line))
			continue;
		if (indent < 0)
			indent = bnc_indent(line);
		while (i < line.len && (int) i < indent && line.p[i] == ' ')
			i++;
		memcpy(out + n, line.p + i, line.len - i);
		n += line.len - i;
		out[n++] = '\n';
	}
	b->original.p = out;
	b->original.len = n;
}

/* Add the row for the error line and record what it says. */
static void
add_row(bnc_builder *b, bnc_span line, bnc_reason reason)
{
	bnc_span	addr;
	bnc_recipient *r;

	if (!bnc_addr_find(line.p, line.len, &addr) ||
		(r = bnc_builder_add(b, addr.p, addr.len)) == NULL)
		return;
	r->action = BNC_ACTION_FAILED;
	r->reason = reason;
	bnc_builder_diagnostic(b, r, line.p, line.len);
}

/* Recognise an fml error notice and read it. */
int
bnc_decode_fml(const bnc_view *v, bnc_builder *b)
{
	char	   *server = bnc_view_header(v, "X-MLServer");
	bnc_span	subject;
	bnc_span	text;
	const fml_phrase *title;
	bnc_lines	it;
	bnc_span	line;

	if (server == NULL || !bnc_ci_find(server, strlen(server), "fml"))
		return 0;
	subject.p = v->subject;
	subject.len = strlen(v->subject);
	title = find_phrase(fml_subjects, subject);
	text = bnc_cut_at(v->text, ORIGINAL_HEAD);
	indented_original(b, v->text);
	bnc_lines_init(&it, text.p, text.len);
	while (bnc_lines_next(&it, &line))
	{
		const fml_phrase *ph = find_phrase(fml_lines, line);

		if (ph == NULL && title == NULL)
			continue;
		if (ph == NULL && memchr(line.p, '@', line.len) == NULL)
			continue;
		add_row(b, bnc_trim(line.p, line.len), ph ? ph->reason : title->reason);
		if (b->res->nrcpts > 0)
			break;
	}
	if (b->res->nrcpts > 0)
		b->res->format = "fml";
	return b->res->nrcpts > 0;
}
