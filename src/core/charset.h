/*-------------------------------------------------------------------------
 *
 * charset.h
 *		Internal interface to the charset helpers: MIME charset names for
 *		the caller, the ISO-2022-JP to EUC-JP shift done in the core, and
 *		single-byte charsets in UTF-8 for the phrase scanner.
 *
 * src/core/charset.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_CHARSET_H
#define BNC_CHARSET_H

#include "text.h"

extern const char *bnc_charset_name(const bnc_alloc *a, bnc_span cs);
extern int	bnc_is_iso2022jp(const char *p, size_t len);
extern bnc_span bnc_iso2022jp_to_eucjp(const bnc_alloc *a, const char *p,
									   size_t len);
extern int	bnc_has_8bit(const char *p, size_t len);
extern bnc_span bnc_utf8_for_phrases(const bnc_alloc *a, const char *charset,
									 const char *p, size_t len);

#endif							/* BNC_CHARSET_H */
