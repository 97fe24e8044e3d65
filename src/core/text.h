/*-------------------------------------------------------------------------
 *
 * text.h
 *		Small text helpers shared by the parser: spans, case-insensitive
 *		search, trimming, addresses, status and reply codes, dates.
 *
 * Everything here works on (pointer, length) spans that need not be
 * NUL-terminated, and runs in time linear in the span (times the length
 * of a constant needle where one is searched for).
 *
 * src/core/text.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_TEXT_H
#define BNC_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "bnc.h"

/* A run of bytes inside the message or inside allocator memory. */
typedef struct bnc_span
{
	const char *p;
	size_t		len;
} bnc_span;

/* ASCII-only character tests that ignore the locale. */
#define BNC_IS_SPACE(c) ((c) == ' ' || (c) == '\t')
#define BNC_IS_WS(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')
#define BNC_IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define BNC_IS_ALPHA(c) \
	(((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define BNC_LOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + ('a' - 'A') : (c))

extern void *bnc_mem(const bnc_alloc *a, size_t size);
extern char *bnc_strndup(const bnc_alloc *a, const char *p, size_t len);

/*
 * Does p[0..len) equal the NUL-terminated s, ignoring ASCII case?  The
 * bytes are compared as they come, so s need not be measured first: a
 * shorter s stops at its NUL, a longer one at s[len].  Inline, as the
 * field names of every header block and report are compared with these
 * two, and most comparisons end at the first byte.
 */
static inline int
bnc_ci_equal(const char *p, size_t len, const char *s)
{
	size_t		i;

	for (i = 0; i < len; i++)
	{
		unsigned char a = (unsigned char) p[i];
		unsigned char b = (unsigned char) s[i];

		/* most bytes compared are equal as they are */
		if (b == '\0' || (a != b && BNC_LOWER(a) != BNC_LOWER(b)))
			return 0;
	}
	return s[len] == '\0';
}

/* Does p[0..len) start with s, ignoring ASCII case? */
static inline int
bnc_ci_prefix(const char *p, size_t len, const char *s)
{
	size_t		i;

	for (i = 0; s[i]; i++)
	{
		if (i >= len || BNC_LOWER((unsigned char) p[i]) !=
			BNC_LOWER((unsigned char) s[i]))
			return 0;
	}
	return 1;
}

extern const char *bnc_ci_find(const char *p, size_t len, const char *needle);
extern size_t bnc_find_eol(const char *p, size_t len);

extern bnc_span bnc_trim(const char *p, size_t len);
extern bnc_span bnc_strip_type(const char *p, size_t len);
extern char *bnc_unfold(const bnc_alloc *a, const char *p, size_t len);

extern int	bnc_addr_find(const char *p, size_t len, bnc_span *addr);
extern char *bnc_addr_normalize(const bnc_alloc *a, const char *p,
								size_t len, char **domain);

extern int	bnc_find_status(const char *p, size_t len, bnc_status *st);
extern int	bnc_find_reply(const char *p, size_t len);
extern const char *bnc_find_command(const char *p, size_t len);

extern int	bnc_parse_date(const char *p, size_t len, int64_t *out);

#endif							/* BNC_TEXT_H */
