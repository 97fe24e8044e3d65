/*-------------------------------------------------------------------------
 *
 * fuzz_classify.c
 *		libFuzzer harness for the classifier: bnc_classify with arbitrary
 *		codes and text, bnc_classify_line on arbitrary text, bnc_is_hard,
 *		and the reason name lookups.
 *
 * The first eight bytes of the input choose a status code, a reply code
 * and an SMTP command; the rest is the diagnostic text.  Every call must
 * return a reason in range, give the same answer when repeated, and leave
 * the codes bnc_classify_line hands back within their documented ranges.
 *
 * test/fuzz/fuzz_classify.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bnc.h"

/* Bytes of the input that choose the codes and the command. */
#define HEAD_LEN	8

/* Report a broken invariant and stop, so libFuzzer keeps the input. */
static void
fail(const char *what)
{
	fprintf(stderr, "fuzz_classify: invariant violated: %s\n", what);
	abort();
}

/* A reason in range, with a name that maps back to it. */
static void
check_reason(bnc_reason r)
{
	const char *name;

	if ((int) r < 0 || r >= BNC_REASON_COUNT)
		fail("reason out of range");
	name = bnc_reason_name(r);
	if (name == NULL)
		fail("reason without a name");
	if (bnc_reason_from_name(name, strlen(name)) != (int) r)
		fail("reason name does not map back");
}

/* A status code as the API allows it. */
static void
check_status(const bnc_status *st)
{
	if (st->cls != 0 && st->cls != 2 && st->cls != 4 && st->cls != 5)
		fail("status class not in {0,2,4,5}");
	if (st->subject < 0 || st->subject > 999 ||
		st->detail < 0 || st->detail > 999)
		fail("status subject or detail out of 0..999");
}

/* bnc_is_hard answers a boolean for r with and without a status. */
static void
check_hard(bnc_reason r, const bnc_status *st)
{
	int			h1 = bnc_is_hard(r, st);
	int			h2 = bnc_is_hard(r, NULL);

	if ((h1 != 0 && h1 != 1) || (h2 != 0 && h2 != 1))
		fail("bnc_is_hard not boolean");
	if (h1 != bnc_is_hard(r, st))
		fail("bnc_is_hard not repeatable");
}

/* An SMTP command chosen by a byte; may be NULL or odd. */
static const char *
pick_command(uint8_t b)
{
	static const char *const cmds[] = {
		NULL, "RCPT", "MAIL", "DATA", "CONNECT", "EHLO", "HELO",
		"STARTTLS", "AUTH", "rcpt", "", " RCPT", "QUIT", "BDAT",
		"RCPT TO", "X"
	};

	return cmds[b % (sizeof(cmds) / sizeof(cmds[0]))];
}

/*
 * A status from three head bytes: mostly valid codes, which is what the
 * API allows; subject and detail cover 0..999 with the low values common.
 */
static bnc_status
pick_status(const uint8_t *h)
{
	bnc_status	st;

	st.cls = "0245"[h[0] & 3] - '0';
	st.subject = (h[0] & 4) ? h[1] % 8 : (h[1] | (h[0] & 0xf0) << 4) % 1000;
	st.detail = (h[0] & 8) ? h[2] % 32 : (h[2] * 4 + (h[0] >> 6)) % 1000;
	if (st.cls == 0)
		st.subject = st.detail = 0;
	return st;
}

/* A reply code from two head bytes: 0, a real reply, or any int16. */
static int
pick_reply(const uint8_t *h)
{
	int			v = (int16_t) (h[0] | h[1] << 8);

	switch ((unsigned) v & 3)
	{
		case 0:
			return 0;
		case 1:
			return 200 + (int) ((unsigned) v >> 2) % 400;
		default:
			return v;
	}
}

/* bnc_classify on the given evidence, checked and repeated. */
static bnc_reason
classify_checked(const bnc_status *st, int reply, const char *text,
				 size_t len, const char *cmd)
{
	bnc_reason	r = bnc_classify(st, reply, text, len, cmd);

	check_reason(r);
	check_hard(r, st);
	if (bnc_classify(st, reply, text, len, cmd) != r)
		fail("bnc_classify not repeatable");
	return r;
}

/* bnc_classify_line from scratch, and with codes given on entry. */
static void
classify_line_checked(const char *text, size_t len, const bnc_status *given,
					  int given_reply)
{
	bnc_status	st = {0, 0, 0};
	int			reply = 0;
	bnc_status	again;
	int			again_reply;
	bnc_reason	r = bnc_classify_line(text, len, &st, &reply);

	check_reason(r);
	check_status(&st);
	if (reply != 0 && (reply < 200 || reply > 599))
		fail("reply code read from text not in 200..599");
	check_hard(r, &st);
	again = st;
	again_reply = reply;
	if (bnc_classify_line(text, len, &again, &again_reply) != r)
		fail("bnc_classify_line not repeatable with the codes it used");

	/* codes given on entry are used as they are */
	if (given->cls == 0 || given_reply < 200 || given_reply > 599)
		return;
	st = *given;
	reply = given_reply;
	r = bnc_classify_line(text, len, &st, &reply);
	check_reason(r);
	if (st.cls != given->cls || st.subject != given->subject ||
		st.detail != given->detail || reply != given_reply)
		fail("bnc_classify_line changed codes given on entry");
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t		head[HEAD_LEN];
	const char *text = (const char *) data;
	size_t		len = size;
	bnc_status	st;
	int			reply;
	const char *cmd;
	int			byname;

	memset(head, 0, sizeof(head));
	if (size >= HEAD_LEN)
	{
		memcpy(head, data, HEAD_LEN);
		text += HEAD_LEN;
		len -= HEAD_LEN;
	}
	st = pick_status(head);
	reply = pick_reply(head + 3);
	cmd = pick_command(head[5]);

	classify_checked(&st, reply, text, len, cmd);
	classify_checked(&st, reply, NULL, 0, cmd);
	classify_checked(&st, 0, text, len, NULL);
	classify_line_checked(text, len, &st, reply);

	/* the whole input as a line, and as a reason name */
	classify_line_checked((const char *) data, size, &st, reply);
	byname = bnc_reason_from_name((const char *) data, size);
	if (byname >= 0 &&
		(byname >= (int) BNC_REASON_COUNT ||
		 strlen(bnc_reason_name((bnc_reason) byname)) != size ||
		 memcmp(bnc_reason_name((bnc_reason) byname), data, size) != 0))
		fail("bnc_reason_from_name matched another name");
	return 0;
}
