/*-------------------------------------------------------------------------
 *
 * mime.h
 *		Internal interface to the message structure reader: lines, header
 *		blocks, encoded words, Content-Type parameters, multipart bodies
 *		and transfer encodings.
 *
 * src/core/mime.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_MIME_H
#define BNC_MIME_H

#include "text.h"

/*
 * Iterator over the lines of a buffer.  LF, CRLF and a lone CR all end a
 * line; the lines are spans into the buffer, nothing is copied.
 */
typedef struct bnc_lines
{
	const char *buf;
	size_t		len;
	size_t		pos;			/* offset of the next line */
} bnc_lines;

extern void bnc_lines_init(bnc_lines *it, const char *buf, size_t len);
extern int	bnc_lines_next(bnc_lines *it, bnc_span *line);
extern int	bnc_is_blank(bnc_span line);

/* One header field: its name and its raw (still folded) value. */
typedef struct bnc_field
{
	bnc_span	name;
	bnc_span	value;
} bnc_field;

/* A parsed header block. */
typedef struct bnc_headers
{
	bnc_field  *fields;
	int			nfields;
} bnc_headers;

extern int	bnc_is_header_line(bnc_span line);
extern size_t bnc_headers_parse(const bnc_alloc *a, const char *buf,
								size_t len, bnc_headers *h);
extern const bnc_field *bnc_headers_find(const bnc_headers *h,
										 const char *name);
extern char *bnc_header_value(const bnc_alloc *a, const bnc_headers *h,
							  const char *name);
extern char *bnc_decode_words(const bnc_alloc *a, const char *p, size_t len);

/* The parts of a Content-Type value we use; empty spans when absent. */
typedef struct bnc_ctype
{
	bnc_span	type;			/* "multipart" */
	bnc_span	subtype;		/* "report" */
	bnc_span	boundary;
	bnc_span	charset;
	bnc_span	report_type;
} bnc_ctype;

extern void bnc_ctype_parse(const char *p, size_t len, bnc_ctype *ct);
extern int	bnc_ctype_is(const bnc_ctype *ct, const char *type,
						 const char *subtype);

extern int	bnc_multipart_split(const bnc_alloc *a, const char *body,
								size_t len, bnc_span boundary,
								bnc_span **parts);
extern bnc_span bnc_transfer_decode(const bnc_alloc *a,
									const bnc_headers *h, bnc_span body);
extern bnc_span bnc_base64_decode(const bnc_alloc *a, const char *p,
								  size_t len);
extern bnc_span bnc_qp_decode(const bnc_alloc *a, const char *p, size_t len,
							  int header);

#endif							/* BNC_MIME_H */
