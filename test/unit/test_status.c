/*-------------------------------------------------------------------------
 *
 * test_status.c
 *		Unit tests of reading, writing and explaining enhanced status codes.
 *
 * test/unit/test_status.c
 *
 *-------------------------------------------------------------------------
 */
#include "unit.h"

/* Parse a NUL-terminated string; the result code of bnc_status_parse. */
static bnc_status_err
parse_str(const char *s, bnc_status *st)
{
	return bnc_status_parse(s, strlen(s), st);
}

/* Parse s, expect success, and compare the three parts. */
static void
check_parse_ok(const char *s, int cls, int subject, int detail)
{
	bnc_status	st;

	CHECK_INT_EQ(parse_str(s, &st), BNC_STATUS_OK);
	CHECK_INT_EQ(st.cls, cls);
	CHECK_INT_EQ(st.subject, subject);
	CHECK_INT_EQ(st.detail, detail);
}

/* Parse s, expect the error err and a cleared result. */
static void
check_parse_err(const char *s, bnc_status_err err)
{
	bnc_status	st = {9, 9, 9};

	CHECK_INT_EQ(parse_str(s, &st), err);
	CHECK_INT_EQ(st.cls, 0);
	CHECK_INT_EQ(st.subject, 0);
	CHECK_INT_EQ(st.detail, 0);
}

/* Accepted inputs, including leading zeros and the extreme values. */
static void
test_status_parse_ok(void)
{
	bnc_status	st;

	check_parse_ok("5.1.1", 5, 1, 1);
	check_parse_ok("4.7.0", 4, 7, 0);
	check_parse_ok("2.0.0", 2, 0, 0);
	check_parse_ok("5.7.26", 5, 7, 26);
	check_parse_ok("5.999.999", 5, 999, 999);
	check_parse_ok("4.01.001", 4, 1, 1);
	check_parse_ok("5.000.000", 5, 0, 0);
	check_parse_ok("5.10.100", 5, 10, 100);

	/* Only buf[0..len) is read: the rest of the buffer does not matter. */
	CHECK_INT_EQ(bnc_status_parse("5.1.10 and more", 6, &st), BNC_STATUS_OK);
	CHECK_INT_EQ(st.detail, 10);
	CHECK_INT_EQ(bnc_status_parse("4.4.7x", 5, &st), BNC_STATUS_OK);
	CHECK_INT_EQ(st.cls * 1000000 + st.subject * 1000 + st.detail, 4004007);
}

/* Rejected inputs and the error each gives. */
static void
test_status_parse_err(void)
{
	bnc_status	st = {5, 1, 1};

	check_parse_err("", BNC_STATUS_SYNTAX);
	check_parse_err("5", BNC_STATUS_SYNTAX);
	check_parse_err("5.1", BNC_STATUS_SYNTAX);
	check_parse_err("5.1.", BNC_STATUS_SYNTAX);
	check_parse_err(".1.1", BNC_STATUS_SYNTAX);
	check_parse_err("5..1", BNC_STATUS_SYNTAX);
	check_parse_err("5.1.1.1", BNC_STATUS_SYNTAX);
	check_parse_err("5.1.1.", BNC_STATUS_SYNTAX);
	check_parse_err(" 5.1.1", BNC_STATUS_SYNTAX);
	check_parse_err("5.1.1 ", BNC_STATUS_SYNTAX);
	check_parse_err("5 .1.1", BNC_STATUS_SYNTAX);
	check_parse_err("a.b.c", BNC_STATUS_SYNTAX);
	check_parse_err("5.1.x", BNC_STATUS_SYNTAX);
	check_parse_err("+5.1.1", BNC_STATUS_SYNTAX);
	check_parse_err("5.-1.1", BNC_STATUS_SYNTAX);
	check_parse_err("5,1,1", BNC_STATUS_SYNTAX);
	check_parse_err("6.1", BNC_STATUS_SYNTAX);

	check_parse_err("6.1.1", BNC_STATUS_BAD_CLASS);
	check_parse_err("0.0.0", BNC_STATUS_BAD_CLASS);
	check_parse_err("3.1.1", BNC_STATUS_BAD_CLASS);
	check_parse_err("55.1.1", BNC_STATUS_BAD_CLASS);
	check_parse_err("05.1.1", BNC_STATUS_BAD_CLASS);
	check_parse_err("6.1.1000", BNC_STATUS_BAD_CLASS);

	check_parse_err("5.1.1000", BNC_STATUS_RANGE);
	check_parse_err("5.1000.1", BNC_STATUS_RANGE);
	check_parse_err("5.0001.1", BNC_STATUS_RANGE);
	check_parse_err("5.1.99999999999999999999", BNC_STATUS_RANGE);

	/* An embedded NUL inside len is not a digit. */
	CHECK_INT_EQ(bnc_status_parse("5.1\0.1", 6, &st), BNC_STATUS_SYNTAX);
	/* Nothing at all. */
	CHECK_INT_EQ(bnc_status_parse(NULL, 0, &st), BNC_STATUS_SYNTAX);
}

/* Canonical output and its round trip through the parser. */
static void
test_status_format(void)
{
	char		buf[12];
	bnc_status	st = {5, 1, 1};
	bnc_status	back;
	bnc_status	max = {5, 999, 999};
	bnc_status	none = {0, 0, 0};
	bnc_status	bad_class = {3, 1, 1};
	bnc_status	bad_subject = {5, 1000, 1};
	bnc_status	bad_detail = {4, 1, -1};

	CHECK_INT_EQ(bnc_status_format(&st, buf), 5);
	CHECK_STR_EQ(buf, "5.1.1");

	CHECK_INT_EQ(bnc_status_format(&max, buf), 9);
	CHECK_STR_EQ(buf, "5.999.999");

	CHECK_INT_EQ(parse_str("4.07.010", &back), BNC_STATUS_OK);
	CHECK_INT_EQ(bnc_status_format(&back, buf), 6);
	CHECK_STR_EQ(buf, "4.7.10");

	CHECK_INT_EQ(parse_str("2.100.0", &back), BNC_STATUS_OK);
	CHECK_INT_EQ(bnc_status_format(&back, buf), 7);
	CHECK_STR_EQ(buf, "2.100.0");
	CHECK_INT_EQ(parse_str(buf, &st), BNC_STATUS_OK);
	CHECK_INT_EQ(st.cls, 2);
	CHECK_INT_EQ(st.subject, 100);
	CHECK_INT_EQ(st.detail, 0);

	/* Absent or invalid codes give the empty string. */
	CHECK_INT_EQ(bnc_status_format(&none, buf), 0);
	CHECK_STR_EQ(buf, "");
	CHECK_INT_EQ(bnc_status_format(&bad_class, buf), 0);
	CHECK_STR_EQ(buf, "");
	CHECK_INT_EQ(bnc_status_format(&bad_subject, buf), 0);
	CHECK_STR_EQ(buf, "");
	CHECK_INT_EQ(bnc_status_format(&bad_detail, buf), 0);
	CHECK_STR_EQ(buf, "");
}

/* Every valid code survives format then parse unchanged. */
static void
test_status_round_trip(void)
{
	static const int classes[] = {2, 4, 5};
	char		buf[12];
	bnc_status	st;
	bnc_status	back;
	int			c;
	int			bad = 0;

	for (c = 0; c < 3; c++)
	{
		st.cls = classes[c];
		for (st.subject = 0; st.subject <= 999; st.subject++)
		{
			for (st.detail = 0; st.detail <= 999; st.detail += 37)
			{
				int			n = bnc_status_format(&st, buf);

				if (n != (int) strlen(buf) ||
					bnc_status_parse(buf, (size_t) n, &back) != BNC_STATUS_OK ||
					back.cls != st.cls || back.subject != st.subject ||
					back.detail != st.detail)
					bad++;
			}
		}
	}
	CHECK_INT_EQ(bad, 0);
}

/* Meaning of the code written as text s. */
static const char *
meaning_of(const char *s)
{
	bnc_status	st;

	if (parse_str(s, &st) != BNC_STATUS_OK)
		return "(unparsable)";
	return bnc_status_meaning(&st);
}

/* Registered titles, one per subject and the ends of each subject. */
static void
test_status_meaning_registered(void)
{
	CHECK_STR_EQ(meaning_of("2.0.0"), "Other undefined status");
	CHECK_STR_EQ(meaning_of("5.1.1"), "Bad destination mailbox address");
	CHECK_STR_EQ(meaning_of("4.1.1"), "Bad destination mailbox address");
	CHECK_STR_EQ(meaning_of("2.1.5"), "Destination address valid");
	CHECK_STR_EQ(meaning_of("5.1.10"), "Recipient address has null MX");
	CHECK_STR_EQ(meaning_of("5.2.1"),
				 "Mailbox disabled, not accepting messages");
	CHECK_STR_EQ(meaning_of("4.2.2"), "Mailbox full");
	CHECK_STR_EQ(meaning_of("5.2.4"), "Mailing list expansion problem");
	CHECK_STR_EQ(meaning_of("5.3.4"), "Message too big for system");
	CHECK_STR_EQ(meaning_of("2.3.6"), "Requested priority was changed");
	CHECK_STR_EQ(meaning_of("4.4.1"), "No answer from host");
	CHECK_STR_EQ(meaning_of("4.4.7"), "Delivery time expired");
	CHECK_STR_EQ(meaning_of("5.5.0"), "Other or undefined protocol status");
	CHECK_STR_EQ(meaning_of("5.5.6"),
				 "Authentication exchange line is too long");
	CHECK_STR_EQ(meaning_of("5.6.0"), "Other or undefined media error");
	CHECK_STR_EQ(meaning_of("5.6.7"),
				 "Non-ASCII addresses not permitted for that sender/recipient");
	CHECK_STR_EQ(meaning_of("5.6.10"), meaning_of("5.6.8"));
	CHECK_STR_EQ(meaning_of("5.7.1"),
				 "Delivery not authorized, message refused");
	CHECK_STR_EQ(meaning_of("5.7.8"), "Authentication credentials invalid");
	CHECK_STR_EQ(meaning_of("4.7.12"), "A password transition is needed");
	CHECK_STR_EQ(meaning_of("5.7.23"), "SPF validation failed");
	CHECK_STR_EQ(meaning_of("5.7.26"), "Multiple authentication checks failed");
	CHECK_STR_EQ(meaning_of("5.7.27"), "Sender address has null MX");
	CHECK_STR_EQ(meaning_of("5.7.30"), "REQUIRETLS support required");
	CHECK_STR_EQ(meaning_of("5.007.001"),
				 "Delivery not authorized, message refused");
}

/* Unregistered codes fall back to class and subject, or class alone. */
static void
test_status_meaning_fallback(void)
{
	bnc_status	none = {0, 0, 0};
	bnc_status	bad = {3, 1, 1};
	bnc_status	neg = {5, -1, 0};

	CHECK_STR_EQ(meaning_of("5.0.1"),
				 "Permanent failure: Other or undefined status");
	CHECK_STR_EQ(meaning_of("4.1.11"),
				 "Persistent transient failure: Addressing status");
	CHECK_STR_EQ(meaning_of("5.2.99"), "Permanent failure: Mailbox status");
	CHECK_STR_EQ(meaning_of("2.2.5"), "Success: Mailbox status");
	CHECK_STR_EQ(meaning_of("4.3.7"),
				 "Persistent transient failure: Mail system status");
	CHECK_STR_EQ(meaning_of("4.4.8"),
				 "Persistent transient failure: Network and routing status");
	CHECK_STR_EQ(meaning_of("5.5.7"),
				 "Permanent failure: Mail delivery protocol status");
	CHECK_STR_EQ(meaning_of("5.6.11"),
				 "Permanent failure: Message content or media status");
	CHECK_STR_EQ(meaning_of("5.7.31"),
				 "Permanent failure: Security or policy status");
	CHECK_STR_EQ(meaning_of("2.7.999"), "Success: Security or policy status");
	CHECK_STR_EQ(meaning_of("5.8.0"), "Permanent failure");
	CHECK_STR_EQ(meaning_of("4.999.999"), "Persistent transient failure");
	CHECK_STR_EQ(meaning_of("2.10.1"), "Success");

	CHECK_STR_EQ(bnc_status_meaning(NULL), "No status code");
	CHECK_STR_EQ(bnc_status_meaning(&none), "No status code");
	CHECK_STR_EQ(bnc_status_meaning(&bad), "Invalid status code");
	CHECK_STR_EQ(bnc_status_meaning(&neg), "Invalid status code");
}

/* Every valid code has a meaning that is not empty. */
static void
test_status_meaning_total(void)
{
	static const int classes[] = {2, 4, 5};
	bnc_status	st;
	int			c;
	int			empty = 0;

	for (c = 0; c < 3; c++)
	{
		st.cls = classes[c];
		for (st.subject = 0; st.subject <= 999; st.subject++)
		{
			for (st.detail = 0; st.detail <= 999; st.detail++)
			{
				const char *m = bnc_status_meaning(&st);

				if (m == NULL || m[0] == '\0')
					empty++;
			}
		}
	}
	CHECK_INT_EQ(empty, 0);
}

/* All status code tests. */
void
test_status(void)
{
	test_status_parse_ok();
	test_status_parse_err();
	test_status_format();
	test_status_round_trip();
	test_status_meaning_registered();
	test_status_meaning_fallback();
	test_status_meaning_total();
}
