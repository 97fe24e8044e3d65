/*-------------------------------------------------------------------------
 *
 * fuzz_status.c
 *		libFuzzer harness for bnc_status_parse, bnc_status_format and
 *		bnc_status_meaning: compares the parser with an independent reading
 *		of the grammar and checks that formatting round-trips.
 *
 * The grammar is that of bnc.h and status.c: exactly the bytes given, a
 * class digit 2, 4 or 5, then two dot-separated runs of digits of one to
 * three digits each.  The first bytes of the input also make an arbitrary
 * bnc_status, which must format to a string that parses back to it (or to
 * nothing at all when it is not a valid code).
 *
 * test/fuzz/fuzz_status.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bnc.h"

/* Room for a formatted code plus guard bytes that must stay untouched. */
#define FMT_BUF		32
#define FMT_USED	12
#define GUARD		0x5a

/* Report a broken invariant and stop, so libFuzzer keeps the input. */
static void
fail(const char *what)
{
	fprintf(stderr, "fuzz_status: invariant violated: %s\n", what);
	abort();
}

/*
 * Reference reading of a code: 1 and *out filled when buf[0..len) is a
 * valid code, 0 otherwise.
 */
static int
reference_parse(const char *buf, size_t len, bnc_status *out)
{
	int			part[3] = {0, 0, 0};
	int			ndig[3] = {0, 0, 0};
	int			k = 0;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		char		c = buf[i];

		if (c == '.' && k < 2 && ndig[k] > 0)
			k++;
		else if (c >= '0' && c <= '9' && ndig[k] < 3)
		{
			part[k] = part[k] * 10 + (c - '0');
			ndig[k]++;
		}
		else
			return 0;
	}
	if (k != 2 || ndig[2] == 0 || ndig[0] != 1)
		return 0;
	if (part[0] != 2 && part[0] != 4 && part[0] != 5)
		return 0;
	out->cls = part[0];
	out->subject = part[1];
	out->detail = part[2];
	return 1;
}

/* Is st a code the API can hold: class 2, 4 or 5, parts 0..999? */
static int
status_valid(const bnc_status *st)
{
	return (st->cls == 2 || st->cls == 4 || st->cls == 5) &&
		st->subject >= 0 && st->subject <= 999 &&
		st->detail >= 0 && st->detail <= 999;
}

/*
 * Format st, check the length and guard bytes, and check that the text
 * parses back to st; returns the formatted length.
 */
static int
format_round_trip(const bnc_status *st, char *buf)
{
	bnc_status	back;
	int			n;
	int			i;

	memset(buf, GUARD, FMT_BUF);
	n = bnc_status_format(st, buf);
	for (i = FMT_USED; i < FMT_BUF; i++)
	{
		if ((unsigned char) buf[i] != GUARD)
			fail("bnc_status_format wrote past 12 bytes");
	}
	if (n < 0 || n >= FMT_USED || buf[n] != '\0' || strlen(buf) != (size_t) n)
		fail("bnc_status_format length wrong");
	if (!status_valid(st))
	{
		if (n != 0)
			fail("invalid status formatted to a non-empty string");
		return n;
	}
	if (bnc_status_parse(buf, n, &back) != BNC_STATUS_OK)
		fail("formatted code does not parse");
	if (back.cls != st->cls || back.subject != st->subject ||
		back.detail != st->detail)
		fail("formatted code parses to another code");
	return n;
}

/* Read a little-endian int from four bytes of the input. */
static int
read_int(const uint8_t *p)
{
	return (int) ((uint32_t) p[0] | (uint32_t) p[1] << 8 |
				  (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24);
}

/* Parse the input as a code and compare with the reference. */
static void
check_parse(const char *buf, size_t len)
{
	bnc_status	got;
	bnc_status	want;
	bnc_status_err err;
	char		fmt[FMT_BUF];
	int			ok = reference_parse(buf, len, &want);

	memset(&got, 0x7f, sizeof(got));
	err = bnc_status_parse(buf, len, &got);
	if ((int) err < BNC_STATUS_OK || err > BNC_STATUS_RANGE)
		fail("error code out of range");
	if (ok != (err == BNC_STATUS_OK))
		fail("bnc_status_parse disagrees with the grammar on validity");
	if (bnc_status_meaning(&got) == NULL)
		fail("meaning of a parsed or failed code is NULL");
	if (!ok)
		return;
	if (got.cls != want.cls || got.subject != want.subject ||
		got.detail != want.detail)
		fail("bnc_status_parse read other numbers than the grammar");
	format_round_trip(&got, fmt);
	if (len <= 9 && strlen(fmt) == len && memcmp(fmt, buf, len) != 0)
		fail("a canonical code formats differently");
}

/* libFuzzer entry point. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		fmt[FMT_BUF];

	check_parse((const char *) data, size);

	/* an arbitrary struct from the first bytes, valid or not */
	if (size >= 12)
	{
		bnc_status	st;

		st.cls = read_int(data);
		st.subject = read_int(data + 4);
		st.detail = read_int(data + 8);
		format_round_trip(&st, fmt);
		if (bnc_status_meaning(&st) == NULL)
			fail("meaning of an arbitrary status is NULL");

		/* the same struct brought into the valid range */
		st.cls = "245"[(unsigned) st.cls % 3] - '0';
		st.subject = (int) ((unsigned) st.subject % 1000);
		st.detail = (int) ((unsigned) st.detail % 1000);
		format_round_trip(&st, fmt);
		if (bnc_status_meaning(&st) == NULL)
			fail("meaning of a valid status is NULL");
	}
	return 0;
}
