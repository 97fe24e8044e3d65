/*-------------------------------------------------------------------------
 *
 * charset.h
 *		Internal interface to the charset helpers: MIME charset names for
 *		the caller, and the ISO-2022-JP to EUC-JP shift done in the core.
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

#endif							/* BNC_CHARSET_H */
