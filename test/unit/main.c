/*-------------------------------------------------------------------------
 *
 * main.c
 *		Runs every core unit test listed in tests.def.
 *
 * test/unit/main.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>

#include "unit.h"

int			unit_failures = 0;
int			unit_checks = 0;

/* Blocks handed out by the test arena, chained for freeing. */
typedef struct arena_block
{
	struct arena_block *next;
	/* payload follows, aligned for any type */
} arena_block;

static arena_block *arena_head = NULL;

/* Print where a check failed. */
void
unit_fail(const char *file, int line, const char *what)
{
	unit_failures++;
	fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what);
}

/* malloc-backed allocation that is freed as a whole by unit_arena_reset. */
static void *
arena_alloc(void *ctx, size_t size)
{
	size_t		head = (sizeof(arena_block) + 15) & ~(size_t) 15;
	arena_block *b = malloc(head + size);

	if (b == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	b->next = arena_head;
	arena_head = b;
	return (char *) b + head;
}

static const bnc_alloc arena = {arena_alloc, NULL, NULL};

/* The allocator tests pass to the core. */
const bnc_alloc *
unit_arena(void)
{
	return &arena;
}

/* See unit.h. */
const char *
unit_pair_value(const bnc_field_pair *pairs, int n, const char *key)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (strcmp(pairs[i].key, key) == 0)
			return pairs[i].value;
	}
	return NULL;
}

/* Free everything the arena handed out. */
void
unit_arena_reset(void)
{
	while (arena_head)
	{
		arena_block *next = arena_head->next;

		free(arena_head);
		arena_head = next;
	}
}

int
main(void)
{
#define TEST(name) name();
#include "tests.def"
#undef TEST
	unit_arena_reset();
	printf("%d passed, %d failed\n", unit_checks - unit_failures,
		   unit_failures);
	return unit_failures == 0 ? 0 : 1;
}
