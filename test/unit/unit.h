/*-------------------------------------------------------------------------
 *
 * unit.h
 *		A minimal check framework for the core's unit tests.
 *
 * Each test file defines one or more functions "void test_NAME(void)" and
 * lists them in tests.def; main.c runs them all and prints the totals in
 * the form "N passed, N failed".
 *
 * test/unit/unit.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

#include "bnc.h"

extern int	unit_failures;
extern int	unit_checks;

/* Record a failed check with its location. */
extern void unit_fail(const char *file, int line, const char *what);

/* An allocator over malloc whose blocks are all freed by unit_arena_reset. */
extern const bnc_alloc *unit_arena(void);
extern void unit_arena_reset(void);

/* The value of the first of n field pairs with this key, or NULL. */
extern const char *unit_pair_value(const bnc_field_pair *pairs, int n,
								   const char *key);

#define CHECK(cond) \
	do { \
		unit_checks++; \
		if (!(cond)) \
			unit_fail(__FILE__, __LINE__, #cond); \
	} while (0)

#define CHECK_INT_EQ(a, b) \
	do { \
		long long	unit_a_ = (long long) (a); \
		long long	unit_b_ = (long long) (b); \
		unit_checks++; \
		if (unit_a_ != unit_b_) \
		{ \
			char		unit_msg_[320]; \
			snprintf(unit_msg_, sizeof(unit_msg_), "%.160s == %.60s (%lld != %lld)", \
					 #a, #b, unit_a_, unit_b_); \
			unit_fail(__FILE__, __LINE__, unit_msg_); \
		} \
	} while (0)

#define CHECK_STR_EQ(a, b) \
	do { \
		const char *unit_a_ = (a); \
		const char *unit_b_ = (b); \
		unit_checks++; \
		if (unit_a_ == NULL || unit_b_ == NULL ? unit_a_ != unit_b_ \
			: strcmp(unit_a_, unit_b_) != 0) \
		{ \
			char		unit_msg_[512]; \
			snprintf(unit_msg_, sizeof(unit_msg_), "%s == %s (\"%.200s\" != \"%.200s\")", \
					 #a, #b, unit_a_ ? unit_a_ : "(null)", \
					 unit_b_ ? unit_b_ : "(null)"); \
			unit_fail(__FILE__, __LINE__, unit_msg_); \
		} \
	} while (0)

#define TEST(name) extern void name(void);
#include "tests.def"
#undef TEST

#endif							/* UNIT_H */
