/*-------------------------------------------------------------------------
 *
 * decoders.h
 *		Internal interface between the parse driver and the decoders that
 *		each understand one family of bounce messages.
 *
 * The driver reads the message structure once into a bnc_view and then
 * offers it to the decoders listed in decoder/list.h, in that order.  A
 * decoder that recognises the message adds recipients through the
 * bnc_builder and returns nonzero; the driver then fills in what is left
 * (default status, reason, hardness).  Adding a family of bounces means
 * adding one file under decoder/ and one line to decoder/list.h.
 *
 * src/core/decoders.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_DECODERS_H
#define BNC_DECODERS_H

#include "mime.h"

/*
 * The message as the decoders see it.  Spans point into the raw message
 * or into decoded copies in allocator memory; an absent part has len 0.
 */
typedef struct bnc_view
{
	const bnc_alloc *alloc;
	bnc_headers headers;		/* top-level header block */
	bnc_ctype	ctype;			/* top-level Content-Type */
	const char *from;			/* decoded From value, "" when absent */
	const char *subject;		/* decoded Subject value, "" when absent */
	const char *to;				/* decoded To value, "" when absent */
	bnc_span	text;			/* first human-readable text, decoded */
	bnc_span	notice;			/* text up to a message returned inside it;
								 * see bnc_view_notice */
	bnc_span	dsn;			/* delivery-status content, decoded */
	int			dsn_global;		/* the dsn part is the RFC 6533 form */
	bnc_span	original;		/* attached original message or headers */
	bnc_span	feedback;		/* message/feedback-report content */
	const char *text_charset;	/* charset of text (charset.c), or NULL */
	const char *dsn_charset;	/* charset declared on the dsn part, or NULL */
	int			text_dsn;		/* BNC_TEXT_DSN_*: dsn fields in notice? */
} bnc_view;

/*
 * Values of bnc_view.text_dsn, which the driver sets once per message so
 * that the decoders' bnc_has_dsn need not search the notice again.  A view
 * made by a decoder and zeroed has it unknown, and is searched each time.
 */
#define BNC_TEXT_DSN_UNKNOWN	0
#define BNC_TEXT_DSN_NO			1
#define BNC_TEXT_DSN_YES		2

/* Collects recipients and message-level fields for one bnc_result. */
typedef struct bnc_builder
{
	const bnc_alloc *alloc;
	bnc_result *res;
	int			cap;			/* allocated rows in res->rcpts */
	int			overflow;		/* a row was refused: BNC_MAX_RECIPIENTS */
	int			fixed_reason;	/* reason for every row, -1 to classify */
	bnc_span	original;		/* returned message found inline in text */
	const bnc_view *view;		/* the message's view, for charsets */
} bnc_builder;

/*
 * The reason of a row that the classifier has yet to decide.  A decoder
 * that knows the reason from the format itself (a vendor's own error code,
 * say) assigns r->reason directly and the driver keeps it.
 */
#define BNC_REASON_UNDECIDED ((bnc_reason) BNC_REASON_COUNT)

/* A decoder: recognise the message, add its recipients, return nonzero. */
typedef struct bnc_decoder
{
	const char *name;
	int			(*detect_and_decode) (const bnc_view *v, bnc_builder *b);
	int			by_shape;		/* reads by shape, not by a format's marks */
} bnc_decoder;

/* Helpers for decoders, in parse.c. */
extern char *bnc_view_header(const bnc_view *v, const char *name);
extern bnc_recipient *bnc_builder_add(bnc_builder *b, const char *addr,
									  size_t len);
extern bnc_recipient *bnc_builder_add_unnamed(bnc_builder *b);
extern void bnc_builder_diagnostic(bnc_builder *b, bnc_recipient *r,
								   const char *p, size_t len);
extern void bnc_builder_remote_mta(bnc_builder *b, bnc_recipient *r,
								   const char *p, size_t len);

/* Helpers shared by the decoders, in decoder/common.c. */
extern int	bnc_rfc3464_read(const bnc_view *v, bnc_builder *b,
							 const char *format);
extern int	bnc_has_dsn(const bnc_view *v);
extern bnc_span bnc_view_notice(const bnc_view *v);
extern bnc_span bnc_cut_at(bnc_span text, const char *marker);
extern bnc_span bnc_after(bnc_span text, const char *marker);
extern bnc_span bnc_rest_of(bnc_span text, bnc_span line);
extern int	bnc_paragraph(bnc_span text, bnc_span first, bnc_span *para);
extern void bnc_error_after_address(bnc_builder *b, bnc_recipient *r,
									bnc_span s);
extern bnc_recipient *bnc_builder_find_or_add(bnc_builder *b,
											  const char *addr, size_t len);
extern int	bnc_split_lines(const bnc_alloc *a, bnc_span text,
							bnc_span **lines);
extern int	bnc_contains_any(bnc_span text, const char *const *phrases);
extern int	bnc_starts_with_any(bnc_span text, const char *const *phrases);
extern int	bnc_contains_any_stem(bnc_span text, const char *stem,
								  const char *const *phrases);
extern int	bnc_indent(bnc_span line);
extern void bnc_inline_original(bnc_builder *b, bnc_span text,
								const char *marker);

/* Recognises an address line of a report and sets *addr to its address. */
typedef int (*bnc_address_line_fn) (bnc_span line, bnc_span *addr);

/* Reads the error lines s that a report gives under r's address line. */
typedef void (*bnc_error_reader_fn) (bnc_builder *b, bnc_recipient *r,
									 bnc_span s);

/* Add a failed row per address line, with the lines below it as its error. */
extern void bnc_read_address_blocks(bnc_builder *b, const bnc_span *lines,
									int n, bnc_address_line_fn is_addr,
									bnc_error_reader_fn read_error);

/* The lines after the line holding head, up to the next blank line. */
extern bnc_span bnc_section_after(bnc_span text, const char *head);

/* The start of s up to its first blank line after some text, trimmed. */
extern bnc_span bnc_leading_paragraph(bnc_span s);

/* Does the top-level header have a field whose name starts with prefix? */
extern int	bnc_has_field_prefix(const bnc_view *v, const char *prefix);

/* One function per decoder, named bnc_decode_NAME. */
#define DECODER(name) \
	extern int bnc_decode_##name(const bnc_view *v, bnc_builder *b);
#define SHAPE_DECODER(name) DECODER(name)
#include "decoder/list.h"
#undef SHAPE_DECODER
#undef DECODER

#endif							/* BNC_DECODERS_H */
