/*-------------------------------------------------------------------------
 *
 * fuzz_parse.c
 *		libFuzzer harness for bnc_parse: feeds arbitrary bytes to the whole
 *		message parser and aborts when the result breaks a documented
 *		invariant or when a second parse of the same bytes disagrees.
 *
 * Each run hands the core an allocator that mallocs every block separately
 * (so AddressSanitizer sees the bounds of each) and frees them all after
 * the run.  The allocator also caps what one run may take, so a parser
 * that blows up its memory on some input fails here instead of passing.
 *
 * test/fuzz/fuzz_parse.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bnc.h"

/*
 * Memory one parse may take: a fixed allowance plus a multiple of the
 * input size.  The parser keeps decoded copies of parts and a record of a
 * few hundred bytes for each short report field block, so up to about 75
 * bytes per input byte are expected ("Status:x" records separated by blank
 * lines); much more points to a blow-up.
 */
#define ALLOC_FIXED		(4 * 1024 * 1024)
#define ALLOC_PER_BYTE	128

/* Longest string a row may hold beyond the length of the input. */
#define STRING_SLACK	1024

/* One block handed to the core, chained so the run can free them all. */
typedef struct fuzz_block
{
	struct fuzz_block *next;
	/* payload follows, aligned for any type */
} fuzz_block;

/* Allocator state of one run. */
typedef struct fuzz_arena
{
	fuzz_block *head;
	size_t		total;
	size_t		limit;
} fuzz_arena;

/* Report a broken invariant and stop, so libFuzzer keeps the input. */
static void
fail(const char *what)
{
	fprintf(stderr, "fuzz_parse: invariant violated: %s\n", what);
	abort();
}

/* Allocator callback: one malloc per request, within the run's budget. */
static void *
arena_alloc(void *ctx, size_t size)
{
	fuzz_arena *a = ctx;
	size_t		head = (sizeof(fuzz_block) + 15) & ~(size_t) 15;
	fuzz_block *b;

	if (size > a->limit || a->total + size > a->limit)
	{
		fprintf(stderr, "fuzz_parse: request of %zu bytes after %zu, limit %zu\n",
				size, a->total, a->limit);
		fail("allocation budget exceeded");
	}
	a->total += size;
	b = malloc(head + (size ? size : 1));
	if (b == NULL)
		fail("out of memory");
	b->next = a->head;
	a->head = b;
	return (char *) b + head;
}

/* Free every block of the arena. */
static void
arena_free(fuzz_arena *a)
{
	while (a->head)
	{
		fuzz_block *next = a->head->next;

		free(a->head);
		a->head = next;
	}
	a->total = 0;
}

/* A string of a row: NUL-terminated (ASan checks strlen) and not huge. */
static void
check_string(const char *s, size_t input_len, int may_be_null,
			 const char *what)
{
	if (s == NULL)
	{
		if (!may_be_null)
			fail(what);
		return;
	}
	if (strlen(s) > input_len + STRING_SLACK)
		fail(what);
}

/* A status code as the API allows it in a result. */
static void
check_status(const bnc_status *st)
{
	if (st->cls != 0 && st->cls != 2 && st->cls != 4 && st->cls != 5)
		fail("status class not in {0,2,4,5}");
	if (st->subject < 0 || st->subject > 999 ||
		st->detail < 0 || st->detail > 999)
		fail("status subject or detail out of 0..999");
	if (st->cls == 0 && (st->subject != 0 || st->detail != 0))
		fail("absent status with subject or detail");
}

/*
 * The address and its domain: domain lower-case, inside the address.  Only
 * the single row of a feedback report may leave the address NULL.
 */
static void
check_address(const bnc_result *res, const bnc_recipient *r, size_t len)
{
	const char *at;
	const char *p;

	if (r->recipient == NULL)
	{
		if (r->domain != NULL)
			fail("domain without a recipient");
		if (res->nrcpts != 1 || r->reason != BNC_R_feedback ||
			r->feedback_type == NULL)
			fail("NULL recipient outside the one row of a feedback report");
		return;
	}
	check_string(r->recipient, len, 0, "recipient is NULL or too long");
	if (r->recipient[0] == '\0')
		fail("empty recipient");
	check_string(r->domain, len, 1, "domain too long");
	if (r->domain == NULL)
		return;
	if (r->domain[0] == '\0')
		fail("empty domain");
	at = strrchr(r->recipient, '@');
	if (at == NULL || strcmp(at + 1, r->domain) != 0)
		fail("domain is not the part after the last '@'");
	for (p = r->domain; *p; p++)
	{
		if (*p >= 'A' && *p <= 'Z')
			fail("domain not lower-cased");
	}
}

/* Every field of one row. */
static void
check_row(const bnc_result *res, const bnc_recipient *r, size_t len)
{
	check_address(res, r, len);
	if ((int) r->action < BNC_ACTION_NONE ||
		(int) r->action > BNC_ACTION_EXPANDED)
		fail("action out of range");
	check_status(&r->status);
	if (r->reply_code != 0 &&
		(r->reply_code < 200 || r->reply_code > 599))
		fail("reply code neither 0 nor 200..599");
	if ((int) r->reason < 0 || r->reason >= BNC_REASON_COUNT)
		fail("reason out of range");
	if (r->hard != 0 && r->hard != 1)
		fail("hard not boolean");
	if (r->hard != (bnc_is_hard(r->reason, &r->status) != 0))
		fail("hard disagrees with bnc_is_hard");
	check_string(r->diagnostic, len, 1, "diagnostic too long");
	check_string(r->remote_mta, len, 1, "remote_mta too long");
	check_string(r->smtp_command, len, 1, "smtp_command too long");
	check_string(r->feedback_type, len, 1, "feedback_type too long");
}

/* The whole result against the status bnc_parse returned. */
static void
check_result(bnc_parse_status ps, const bnc_result *res, size_t len)
{
	int			i;

	if ((int) ps < BNC_PARSE_OK || ps > BNC_PARSE_INTERRUPTED)
		fail("parse status out of range");
	if (ps != BNC_PARSE_OK)
	{
		if (res->nrcpts != 0)
			fail("rows on a non-OK status");
		return;
	}
	if (res->nrcpts < 1 || res->nrcpts > BNC_MAX_RECIPIENTS)
		fail("OK with nrcpts outside 1..BNC_MAX_RECIPIENTS");
	if ((size_t) res->nrcpts > len)
		fail("more rows than input bytes");
	if (res->rcpts == NULL)
		fail("OK without a row array");
	if (res->format == NULL)
		fail("OK without a format name");
	check_string(res->format, 0, 0, "format name too long");
	check_string(res->reporting_mta, len, 1, "reporting_mta too long");
	check_string(res->original_message_id, len, 1,
				 "original_message_id too long");
	if (res->has_arrived != 0 && res->has_arrived != 1)
		fail("has_arrived not boolean");
	if (!res->has_arrived && res->arrived_at != 0)
		fail("arrived_at set without has_arrived");
	for (i = 0; i < res->nrcpts; i++)
		check_row(res, &res->rcpts[i], len);
}

/* Are two optional strings equal? */
static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Two parses of the same bytes must agree: the core keeps no state. */
static void
check_same(const bnc_result *a, const bnc_result *b)
{
	int			i;

	if (a->nrcpts != b->nrcpts || !same_str(a->format, b->format) ||
		!same_str(a->reporting_mta, b->reporting_mta) ||
		!same_str(a->original_message_id, b->original_message_id) ||
		a->has_arrived != b->has_arrived || a->arrived_at != b->arrived_at)
		fail("second parse differs in message fields");
	for (i = 0; i < a->nrcpts; i++)
	{
		const bnc_recipient *x = &a->rcpts[i];
		const bnc_recipient *y = &b->rcpts[i];

		if (!same_str(x->recipient, y->recipient) ||
			!same_str(x->domain, y->domain) ||
			x->action != y->action || x->status.cls != y->status.cls ||
			x->status.subject != y->status.subject ||
			x->status.detail != y->status.detail ||
			x->reply_code != y->reply_code || x->reason != y->reason ||
			x->hard != y->hard || !same_str(x->diagnostic, y->diagnostic) ||
			!same_str(x->remote_mta, y->remote_mta) ||
			!same_str(x->smtp_command, y->smtp_command) ||
			!same_str(x->feedback_type, y->feedback_type))
			fail("second parse differs in a row");
	}
}

/* libFuzzer entry point: parse the input twice and check both results. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_arena	arena = {NULL, 0, 0};
	bnc_alloc	alloc;
	bnc_result	r1;
	bnc_result	r2;
	bnc_parse_status s1;
	bnc_parse_status s2;

	arena.limit = ALLOC_FIXED + ALLOC_PER_BYTE * size;
	alloc.alloc = arena_alloc;
	alloc.ctx = &arena;
	alloc.interrupted = NULL;

	s1 = bnc_parse((const char *) data, size, &alloc, &r1);
	check_result(s1, &r1, size);
	arena.total = 0;
	s2 = bnc_parse((const char *) data, size, &alloc, &r2);
	if (s1 != s2)
		fail("second parse returned another status");
	check_same(&r1, &r2);

	arena_free(&arena);
	return 0;
}
