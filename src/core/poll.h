/*-------------------------------------------------------------------------
 *
 * poll.h
 *		Polling the caller's interrupt callback inside long passes.
 *
 * bnc_parse polls the caller between its steps (parse.c); a single step,
 * though, may read a huge message several times.  So the passes over the
 * text that can be long (searches, line and header scans, MIME walking,
 * transfer decoding, unfolding) call bnc_poll_pass once per
 * BNC_POLL_CHUNK bytes they cover, which costs them nothing measurable:
 * they work in chunks of that size and call it between chunks, and a pass
 * shorter than a chunk never calls it.  When the caller then asks to stop,
 * bnc_poll_pass does not return: it jumps back to bnc_parse, which returns
 * BNC_PARSE_INTERRUPTED.  The jump leaves nothing behind, as the core
 * holds nothing but memory from the caller's allocator.
 *
 * The parse under way is found through one thread-local pointer, so the
 * passes need no extra argument.  Where the compiler offers no
 * thread-local storage, bnc_parse polls between its steps only.
 *
 * src/core/poll.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_POLL_H
#define BNC_POLL_H

#include <setjmp.h>
#include <stddef.h>

#include "bnc.h"

/* Bytes a pass covers between two polls. */
#define BNC_POLL_CHUNK	((size_t) 1 << 20)

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && \
	!defined(__STDC_NO_THREADS__)
#define BNC_THREAD_LOCAL _Thread_local
#elif defined(__GNUC__)
#define BNC_THREAD_LOCAL __thread
#endif

/* The parse that passes poll for, set up by bnc_parse. */
typedef struct bnc_poll
{
	const bnc_alloc *alloc;		/* its interrupted callback is not NULL */
	jmp_buf		stop;			/* where to go when it says stop */
} bnc_poll;

/*
 * Make p (set up by the caller, which then calls setjmp on p->stop) the
 * parse to poll for, until bnc_poll_end with what this returned.  With p
 * NULL, nothing is polled meanwhile.
 */
extern bnc_poll *bnc_poll_begin(bnc_poll *p);
extern void bnc_poll_end(bnc_poll *outer);

/* A pass has covered BNC_POLL_CHUNK more bytes: poll, maybe not return. */
extern void bnc_poll_pass(void);

/* Has a pass moved from offset a to offset b across a chunk boundary? */
#define BNC_POLL_CROSSED(a, b) \
	(((size_t) (a) ^ (size_t) (b)) >= BNC_POLL_CHUNK)

#endif							/* BNC_POLL_H */
