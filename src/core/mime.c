/*-------------------------------------------------------------------------
 *
 * mime.c
 *		Reading the structure of a mail message: lines with any line
 *		ending, header blocks with unfolding, RFC 2047 encoded words,
 *		Content-Type parameters, multipart bodies and the base64 and
 *		quoted-printable transfer encodings.
 *
 * Nothing here copies the message except where decoding has to produce
 * new bytes; all other results are spans into the caller's buffer.
 *
 * src/core/mime.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "mime.h"
#include "poll.h"

/* Start iterating over the lines of buf[0..len). */
void
bnc_lines_init(bnc_lines *it, const char *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
}

/*
 * Next line, without its terminator (LF, CRLF or a lone CR).  Returns 0
 * when the buffer is used up.
 */
int
bnc_lines_next(bnc_lines *it, bnc_span *line)
{
	size_t		e;

	if (it->pos >= it->len)
		return 0;
	e = it->pos + bnc_find_eol(it->buf + it->pos, it->len - it->pos);
	line->p = it->buf + it->pos;
	line->len = e - it->pos;
	if (e < it->len && it->buf[e] == '\r' && e + 1 < it->len &&
		it->buf[e + 1] == '\n')
		it->pos = e + 2;
	else if (e < it->len)
		it->pos = e + 1;
	else
		it->pos = e;
	/* a walk over many lines is a long pass too */
	if (BNC_POLL_CROSSED(line->p - it->buf, it->pos))
		bnc_poll_pass();
	return 1;
}

/* Is the line empty or white space only? */
int
bnc_is_blank(bnc_span line)
{
	size_t		i;

	for (i = 0; i < line.len; i++)
	{
		if (!BNC_IS_SPACE(line.p[i]))
			return 0;
	}
	return 1;
}

/* Bytes that may appear in a field name: printable ASCII but ':'. */
#define NAME_BYTE(c) (name_byte[(unsigned char) (c)])

static const unsigned char name_byte[256] = {
#define R4(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1
#define R16(c) R4(c), R4(c + 4), R4(c + 8), R4(c + 12)
	[33] = 1, [34] = 1, [35] = 1, [36] = 1, [37] = 1, [38] = 1, [39] = 1,
	R4(40), R4(44), R4(48), R4(52), [56] = 1, [57] = 1,
	[59] = 1, [60] = 1, [61] = 1, [62] = 1, [63] = 1, R16(64), R16(80), R16(96),
	R4(112), R4(116), R4(120), [124] = 1, [125] = 1, [126] = 1
#undef R16
#undef R4
};

/* Does the line start a header field ("Name: value")? */
int
bnc_is_header_line(bnc_span line)
{
	size_t		i = 0;

	while (i < line.len && NAME_BYTE((unsigned char) line.p[i]))
		i++;
	if (i == 0)
		return 0;
	while (i < line.len && BNC_IS_SPACE(line.p[i]))
		i++;
	return i < line.len && line.p[i] == ':';
}

/*
 * Walk a header block, filling the first room entries of fields.  Returns
 * the number of fields and sets *end to the offset where the body starts
 * (after the blank line, or at the first line that is not a header).
 */
static int
scan_headers(const char *buf, size_t len, bnc_field *fields, int room,
			 size_t *end)
{
	bnc_lines	it;
	bnc_span	line;
	int			n = 0;

	*end = len;
	bnc_lines_init(&it, buf, len);
	while (bnc_lines_next(&it, &line))
	{
		if (line.len == 0 || bnc_is_blank(line))
		{
			*end = it.pos;
			break;
		}
		if (BNC_IS_SPACE(line.p[0]) && n > 0)
		{
			if (n <= room)
				fields[n - 1].value.len = (line.p + line.len) -
					fields[n - 1].value.p;
			continue;
		}
		if (n == 0 && line.len > 5 && memcmp(line.p, "From ", 5) == 0)
			continue;
		if (!bnc_is_header_line(line))
		{
			*end = line.p - buf;
			break;
		}
		if (n < room)
		{
			const char *colon = memchr(line.p, ':', line.len);
			bnc_span	name = bnc_trim(line.p, colon - line.p);

			fields[n].name = name;
			fields[n].value.p = colon + 1;
			fields[n].value.len = (line.p + line.len) - (colon + 1);
		}
		n++;
	}
	return n;
}

/* Fields room for the header blocks of most messages, in one allocation. */
#define FIELDS_GUESS	64

/*
 * Parse the header block at the start of buf[0..len) into h.  Returns the
 * offset of the body.  One pass fills a first array; only a block with
 * more fields than that is walked a second time, to fill one of the right
 * size.
 */
size_t
bnc_headers_parse(const bnc_alloc *a, const char *buf, size_t len,
				  bnc_headers *h)
{
	size_t		end;
	bnc_field	first[FIELDS_GUESS];
	int			n = scan_headers(buf, len, first, FIELDS_GUESS, &end);

	h->nfields = n;
	h->fields = NULL;
	if (n > 0)
	{
		h->fields = bnc_mem(a, sizeof(bnc_field) * n);
		if (n <= FIELDS_GUESS)
			memcpy(h->fields, first, sizeof(bnc_field) * n);
		else
			scan_headers(buf, len, h->fields, n, &end);
	}
	return end;
}

/* First field with this name (case-insensitive), or NULL. */
const bnc_field *
bnc_headers_find(const bnc_headers *h, const char *name)
{
	size_t		n = strlen(name);
	int			first = BNC_LOWER((unsigned char) name[0]);
	int			i = 0;

	/* a huge header block makes this a long pass: poll between blocks */
	for (; i < h->nfields; bnc_poll_pass())
	{
		int			end = h->nfields - i > 0x10000 ? i + 0x10000 : h->nfields;

		for (; i < end; i++)
		{
			const bnc_span *f = &h->fields[i].name;

			if (f->len == n &&
				(n == 0 || (BNC_LOWER((unsigned char) f->p[0]) == first &&
							bnc_ci_prefix(f->p, f->len, name))))
				return &h->fields[i];
		}
		if (i >= h->nfields)
			break;
	}
	return NULL;
}

/* Unfolded, trimmed value of the first field with this name, or NULL. */
char *
bnc_header_value(const bnc_alloc *a, const bnc_headers *h, const char *name)
{
	const bnc_field *f = bnc_headers_find(h, name);

	if (f == NULL)
		return NULL;
	return bnc_unfold(a, f->value.p, f->value.len);
}

/* Value of a hexadecimal digit, or -1. */
static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Value of a base64 character, or -1. */
static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode base64 into out (room for len * 3 / 4 + 3); returns bytes. */
static size_t
b64_into(const char *p, size_t len, char *out)
{
	size_t		n = 0;
	size_t		i;
	unsigned int acc = 0;
	int			bits = 0;

	for (i = 0; i < len; i++)
	{
		int			v = b64val((unsigned char) p[i]);

		if ((i & (BNC_POLL_CHUNK - 1)) == 0 && i > 0)
			bnc_poll_pass();
		if (p[i] == '=')
			break;
		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned int) v;
		bits += 6;
		if (bits >= 8)
		{
			bits -= 8;
			out[n++] = (char) ((acc >> bits) & 0xFF);
		}
	}
	return n;
}

/* Decode a base64 body into allocator memory; junk characters are skipped. */
bnc_span
bnc_base64_decode(const bnc_alloc *a, const char *p, size_t len)
{
	char	   *out = bnc_mem(a, len / 4 * 3 + 4);
	bnc_span	s;

	s.len = b64_into(p, len, out);
	s.p = out;
	return s;
}

/* Decode quoted-printable into out (room for len); returns bytes. */
static size_t
qp_into(const char *p, size_t len, char *out, int header)
{
	size_t		n = 0;
	size_t		i = 0;
	size_t		poll_at = BNC_POLL_CHUNK;

	while (i < len)
	{
		char		c = p[i];

		if (i >= poll_at)
		{
			bnc_poll_pass();
			poll_at = i + BNC_POLL_CHUNK;
		}
		if (c == '=' && i + 2 < len && hexval((unsigned char) p[i + 1]) >= 0 &&
			hexval((unsigned char) p[i + 2]) >= 0)
		{
			out[n++] = (char) (hexval((unsigned char) p[i + 1]) * 16 +
							   hexval((unsigned char) p[i + 2]));
			i += 3;
			continue;
		}
		if (c == '=')
		{
			size_t		j = i + 1;

			while (j < len && BNC_IS_SPACE(p[j]))
				j++;
			if (j >= len || p[j] == '\r' || p[j] == '\n')
			{
				/* a soft line break: drop it and its line ending */
				if (j < len && p[j] == '\r')
					j++;
				if (j < len && p[j] == '\n')
					j++;
				i = j;
				continue;
			}
		}
		out[n++] = (header && c == '_') ? ' ' : c;
		i++;
	}
	return n;
}

/* Decode quoted-printable (header != 0: the RFC 2047 "Q" form). */
bnc_span
bnc_qp_decode(const bnc_alloc *a, const char *p, size_t len, int header)
{
	char	   *out = bnc_mem(a, len + 1);
	bnc_span	s;

	s.len = qp_into(p, len, out, header);
	s.p = out;
	return s;
}

/* Body decoded according to the block's Content-Transfer-Encoding. */
bnc_span
bnc_transfer_decode(const bnc_alloc *a, const bnc_headers *h, bnc_span body)
{
	const bnc_field *f = bnc_headers_find(h, "Content-Transfer-Encoding");
	bnc_span	v;

	if (f == NULL)
		return body;
	v = bnc_trim(f->value.p, f->value.len);
	if (bnc_ci_prefix(v.p, v.len, "base64"))
		return bnc_base64_decode(a, body.p, body.len);
	if (bnc_ci_prefix(v.p, v.len, "quoted-printable"))
		return bnc_qp_decode(a, body.p, body.len, 0);
	return body;
}

/* Is this charset one whose bytes are Latin-1 (to be widened to UTF-8)? */
static int
is_latin1(const char *p, size_t len)
{
	return bnc_ci_equal(p, len, "iso-8859-1") ||
		bnc_ci_equal(p, len, "latin1") ||
		bnc_ci_equal(p, len, "iso_8859-1") ||
		bnc_ci_equal(p, len, "windows-1252");
}

/*
 * Re-encode Latin-1 bytes buf[0..len) as UTF-8 in place; buf has room for
 * twice len.  Returns the new length.
 */
static size_t
widen_latin1(char *buf, size_t len)
{
	size_t		wide = 0;
	size_t		total;
	size_t		k;

	for (k = 0; k < len; k++)
		wide += ((unsigned char) buf[k] >= 0x80) ? 2 : 1;
	total = wide;

	/* back to front, so nothing is overwritten before it is read */
	for (k = len; k > 0; k--)
	{
		unsigned char c = (unsigned char) buf[k - 1];

		if (c >= 0x80)
		{
			buf[--wide] = (char) (0x80 | (c & 0x3F));
			buf[--wide] = (char) (0xC0 | (c >> 6));
		}
		else
			buf[--wide] = (char) c;
	}
	return total;
}

/*
 * Try to decode one encoded word "=?charset?X?text?=" at p[0..len).  On
 * success appends the bytes to out, sets *used and returns 1.
 */
static int
decode_one_word(const char *p, size_t len, char *out, size_t *n,
				size_t *used)
{
	size_t		i = 2;
	size_t		cs_end;
	size_t		t0;
	size_t		t1;
	size_t		k;
	size_t		got;
	char		enc;
	char	   *tmp;
	size_t		cs_len;

	while (i < len && i < 64 && p[i] != '?' && !BNC_IS_WS(p[i]))
		i++;
	if (i >= len || p[i] != '?' || i == 2 || i + 3 >= len || p[i + 2] != '?')
		return 0;
	cs_end = i;
	enc = (char) BNC_LOWER((unsigned char) p[i + 1]);
	if (enc != 'b' && enc != 'q')
		return 0;
	t0 = i + 3;

	/* RFC 2047 words are short; a bounded scan keeps failed tries cheap */
	for (t1 = t0; t1 + 1 < len && t1 < 1024; t1++)
	{
		if (p[t1] == '?' && p[t1 + 1] == '=')
			break;
		if (BNC_IS_WS(p[t1]))
			return 0;
	}
	if (t1 + 1 >= len || p[t1] != '?' || p[t1 + 1] != '=')
		return 0;

	/* decode into the tail of out, then widen Latin-1 in place if needed */
	tmp = out + *n;
	if (enc == 'b')
		got = b64_into(p + t0, t1 - t0, tmp);
	else
		got = qp_into(p + t0, t1 - t0, tmp, 1);
	cs_len = cs_end - 2;
	for (k = 0; k < cs_len; k++)
	{
		if (p[2 + k] == '*')
			cs_len = k;
	}
	if (is_latin1(p + 2, cs_len))
		got = widen_latin1(tmp, got);
	*n += got;
	*used = t1 + 2;
	return 1;
}

/*
 * Decode the RFC 2047 encoded words in an unfolded header value.  White
 * space between two adjacent encoded words is dropped.
 *
 * XXX charsets other than UTF-8, US-ASCII and Latin-1 are left as the raw
 * decoded bytes, so e.g. an ISO-2022-JP subject comes out undecoded.
 */
char *
bnc_decode_words(const bnc_alloc *a, const char *p, size_t len)
{
	char	   *out;
	size_t		n = 0;
	size_t		i = 0;
	size_t		gap_start = 0;
	int			after_word = 0;
	size_t		poll_at = BNC_POLL_CHUNK;
	const char *q;

	/* most values hold no encoded word: they are copied as they are */
	for (q = p; (q = memchr(q, '=', len - (q - p))) != NULL; q++)
	{
		if (q + 1 < p + len && q[1] == '?')
			break;
	}
	if (q == NULL)
		return bnc_strndup(a, p, len);

	out = bnc_mem(a, len * 2 + 1);
	while (i < len)
	{
		size_t		used;

		if (i >= poll_at)
		{
			bnc_poll_pass();
			poll_at = i + BNC_POLL_CHUNK;
		}
		if (p[i] == '=' && i + 1 < len && p[i + 1] == '?')
		{
			size_t		before = n;

			if (after_word)
				n = gap_start;
			if (decode_one_word(p + i, len - i, out, &n, &used))
			{
				i += used;
				after_word = 1;
				gap_start = n;
				continue;
			}
			n = before;
		}
		if (!BNC_IS_WS(p[i]))
			after_word = 0;
		out[n++] = p[i++];
	}
	out[n] = '\0';
	return out;
}

/* Copy a parameter value (quoted or token) that starts at p[*i]. */
static bnc_span
param_value(const char *p, size_t len, size_t *i)
{
	bnc_span	v;

	if (*i < len && p[*i] == '"')
	{
		size_t		s = ++(*i);

		while (*i < len && p[*i] != '"')
			(*i)++;
		v.p = p + s;
		v.len = *i - s;
		if (*i < len)
			(*i)++;
		return v;
	}
	v.p = p + *i;
	while (*i < len && p[*i] != ';' && !BNC_IS_WS(p[*i]))
		(*i)++;
	v.len = (p + *i) - v.p;
	return v;
}

/* Read a token (type, subtype or parameter name) at p[*i]. */
static bnc_span
token_at(const char *p, size_t len, size_t *i)
{
	bnc_span	t;

	while (*i < len && BNC_IS_WS(p[*i]))
		(*i)++;
	t.p = p + *i;
	while (*i < len && p[*i] != ';' && p[*i] != '/' && p[*i] != '=' &&
		   !BNC_IS_WS(p[*i]))
		(*i)++;
	t.len = (p + *i) - t.p;
	return t;
}

/*
 * Parse a Content-Type value: type, subtype and the parameters we use.
 *
 * XXX RFC 2231 parameter continuations ("boundary*0=") are not joined, so
 * a boundary given only that way is not found and the body is read as text.
 */
void
bnc_ctype_parse(const char *p, size_t len, bnc_ctype *ct)
{
	size_t		i = 0;

	memset(ct, 0, sizeof(*ct));
	ct->type = token_at(p, len, &i);
	if (i < len && p[i] == '/')
	{
		i++;
		ct->subtype = token_at(p, len, &i);
	}
	while (i < len)
	{
		bnc_span	name;
		bnc_span	value;

		while (i < len && p[i] != ';')
			i++;
		if (i >= len)
			break;
		i++;
		name = token_at(p, len, &i);
		while (i < len && BNC_IS_WS(p[i]))
			i++;
		if (i >= len || p[i] != '=')
			continue;
		i++;
		while (i < len && BNC_IS_WS(p[i]))
			i++;
		value = param_value(p, len, &i);
		if (bnc_ci_equal(name.p, name.len, "boundary"))
			ct->boundary = value;
		else if (bnc_ci_equal(name.p, name.len, "charset"))
			ct->charset = value;
		else if (bnc_ci_equal(name.p, name.len, "report-type"))
			ct->report_type = value;
	}
}

/* Is the content type type/subtype (subtype NULL: any)? */
int
bnc_ctype_is(const bnc_ctype *ct, const char *type, const char *subtype)
{
	if (!bnc_ci_equal(ct->type.p, ct->type.len, type))
		return 0;
	return subtype == NULL ||
		bnc_ci_equal(ct->subtype.p, ct->subtype.len, subtype);
}

/*
 * Is the line a delimiter "--boundary" or the close "--boundary--"?
 * Returns 1 for a delimiter, 2 for the close delimiter, 0 otherwise.
 */
static int
delimiter_kind(bnc_span line, bnc_span boundary)
{
	size_t		i = boundary.len + 2;
	int			kind = 1;

	if (line.len < i || line.p[0] != '-' || line.p[1] != '-' ||
		memcmp(line.p + 2, boundary.p, boundary.len) != 0)
		return 0;
	if (i + 1 < line.len && line.p[i] == '-' && line.p[i + 1] == '-')
	{
		kind = 2;
		i += 2;
	}
	for (; i < line.len; i++)
	{
		if (!BNC_IS_SPACE(line.p[i]))
			return 0;
	}
	return kind;
}

/* End of a part's content: drop the line break before the delimiter. */
static size_t
part_end(const char *body, size_t start, size_t delim)
{
	size_t		end = delim;

	if (end > start && body[end - 1] == '\n')
		end--;
	if (end > start && body[end - 1] == '\r')
		end--;
	return end;
}

/*
 * The next line at or after offset from that starts with "--" and could
 * be a delimiter: its span in *line, and in *next the offset of the line
 * after it, as bnc_lines_next would give them.  Lines start at offset 0
 * and after every CR or LF (a CR right before an LF starts no line, but
 * then the byte after it is no '-').  Returns 0 when there is none.
 */
static int
next_dash_line(const char *body, size_t len, size_t from, bnc_span *line,
			   size_t *next)
{
	size_t		start = from;

	while (from + 1 < len)
	{
		const char *d = memchr(body + from, '-', len - from - 1);
		size_t		x;
		size_t		e;

		if (d == NULL)
			return 0;
		x = d - body;
		if (BNC_POLL_CROSSED(start, x))
		{
			bnc_poll_pass();
			start = x;
		}
		from = x + 1;
		if (body[x + 1] != '-' ||
			(x > 0 && body[x - 1] != '\n' && body[x - 1] != '\r'))
			continue;
		e = x + bnc_find_eol(body + x, len - x);
		line->p = body + x;
		line->len = e - x;
		if (e < len && body[e] == '\r' && e + 1 < len && body[e + 1] == '\n')
			*next = e + 2;
		else
			*next = e < len ? e + 1 : e;
		return 1;
	}
	return 0;
}

/*
 * Split a multipart body at its boundary.  *parts gets an array of the
 * parts' spans (headers and body each); returns their number.  A missing
 * close delimiter is tolerated: the last part runs to the end.  Only the
 * lines that start with "--" are looked at.
 */
int
bnc_multipart_split(const bnc_alloc *a, const char *body, size_t len,
					bnc_span boundary, bnc_span **parts)
{
	bnc_span	line;
	bnc_span   *arr = NULL;
	int			n = 0;
	int			cap = 0;
	int			open = 0;
	size_t		start = 0;
	size_t		next = 0;

	*parts = NULL;
	if (boundary.len == 0 || boundary.len > 200)
		return 0;
	while (next_dash_line(body, len, next, &line, &next))
	{
		int			kind = delimiter_kind(line, boundary);

		if (kind == 0)
			continue;
		if (open)
		{
			if (n == cap)
			{
				bnc_span   *bigger;

				cap = cap ? cap * 2 : 8;
				bigger = bnc_mem(a, sizeof(bnc_span) * cap);
				if (n)
					memcpy(bigger, arr, sizeof(bnc_span) * n);
				arr = bigger;
			}
			arr[n].p = body + start;
			arr[n].len = part_end(body, start, line.p - body) - start;
			n++;
		}
		if (kind == 2)
		{
			open = 0;
			break;
		}
		open = 1;
		start = next;
	}
	if (open && start < len)
	{
		if (n == cap)
		{
			bnc_span   *bigger = bnc_mem(a, sizeof(bnc_span) * (n + 1));

			if (n)
				memcpy(bigger, arr, sizeof(bnc_span) * n);
			arr = bigger;
		}
		arr[n].p = body + start;
		arr[n].len = len - start;
		n++;
	}
	*parts = arr;
	return n;
}
