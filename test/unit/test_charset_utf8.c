/*-------------------------------------------------------------------------
 *
 * test_charset_utf8.c
 *		Unit tests of the conversion of single-byte charsets to UTF-8 for
 *		phrase matching, and of reasons found in diagnostics written in
 *		KOI8-R, windows-1251, ISO-8859-1, GB2312 and Big5.
 *
 * test/unit/test_charset_utf8.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "unit.h"
#include "charset.h"

/* Does s hold exactly the NUL-terminated bytes want? */
static int
span_is(bnc_span s, const char *want)
{
	return s.len == strlen(want) && memcmp(s.p, want, s.len) == 0;
}

/* Each charset gives the exact UTF-8; text that needs nothing is kept. */
void
test_charset_utf8_convert(void)
{
	const bnc_alloc *a = unit_arena();
	/* "ящик" in KOI8-R and in windows-1251 */
	static const char koi8[] = "550 \xd1\xdd\xc9\xcb";
	static const char cp1251[] = "550 \xff\xf9\xe8\xea";
	static const char ascii[] = "550 no such user";
	bnc_span	s;

	s = bnc_utf8_for_phrases(a, "koi8-r", koi8, sizeof(koi8) - 1);
	CHECK(span_is(s, "550 ящик"));
	s = bnc_utf8_for_phrases(a, "windows-1251", cp1251, sizeof(cp1251) - 1);
	CHECK(span_is(s, "550 ящик"));
	/* other spellings of the names */
	s = bnc_utf8_for_phrases(a, "cp1251", cp1251, sizeof(cp1251) - 1);
	CHECK(span_is(s, "550 ящик"));
	s = bnc_utf8_for_phrases(a, "ISO_8859-1", "Empf\xe4nger", 9);
	CHECK(span_is(s, "Empfänger"));
	s = bnc_utf8_for_phrases(a, "latin1", "Empf\xe4nger", 9);
	CHECK(span_is(s, "Empfänger"));

	/* windows-1252: the euro sign and a typographic apostrophe */
	s = bnc_utf8_for_phrases(a, "windows-1252", "\x80 doesn\x92t", 9);
	CHECK(span_is(s, "€ doesn’t"));
	/* a byte windows-1252 leaves undefined becomes U+FFFD */
	s = bnc_utf8_for_phrases(a, "windows-1252", "a\x81" "b", 3);
	CHECK(span_is(s, "a\xef\xbf\xbd" "b"));
	/* ISO-8859-5 and IBM866 Cyrillic: "Нет" */
	s = bnc_utf8_for_phrases(a, "iso-8859-5", "\xbd\xd5\xe2", 3);
	CHECK(span_is(s, "Нет"));
	s = bnc_utf8_for_phrases(a, "ibm866", "\x8d\xa5\xe2", 3);
	CHECK(span_is(s, "Нет"));

	/* ASCII text, an unknown or a multi-byte charset: the same bytes */
	s = bnc_utf8_for_phrases(a, "koi8-r", ascii, sizeof(ascii) - 1);
	CHECK(s.p == ascii && s.len == sizeof(ascii) - 1);
	s = bnc_utf8_for_phrases(a, "x-unknown", koi8, sizeof(koi8) - 1);
	CHECK(s.p == koi8);
	s = bnc_utf8_for_phrases(a, "gbk", koi8, sizeof(koi8) - 1);
	CHECK(s.p == koi8);
	s = bnc_utf8_for_phrases(a, NULL, koi8, sizeof(koi8) - 1);
	CHECK(s.p == koi8);
	s = bnc_utf8_for_phrases(a, "koi8-r", NULL, 0);
	CHECK(s.p == NULL && s.len == 0);
}

/*
 * A delivery-status report whose only evidence besides a generic 5.0.0 is
 * a diagnostic in charset cs (the report part declares none, so the text
 * part's charset applies).
 */
static bnc_reason
reason_of(const char *cs, const char *diag)
{
	char		msg[2048];
	bnc_result	res;
	int			n;

	n = snprintf(msg, sizeof(msg),
				 "From: MAILER-DAEMON@mx.example.net\n"
				 "Subject: Undelivered Mail Returned to Sender\n"
				 "MIME-Version: 1.0\n"
				 "Content-Type: multipart/report; report-type=delivery-status;"
				 " boundary=\"b\"\n"
				 "\n"
				 "--b\n"
				 "Content-Type: text/plain; charset=%s\n"
				 "\n"
				 "Not delivered.\n"
				 "--b\n"
				 "Content-Type: message/delivery-status\n"
				 "\n"
				 "Reporting-MTA: dns; mx.example.net\n"
				 "\n"
				 "Final-Recipient: rfc822; u@example.net\n"
				 "Action: failed\n"
				 "Status: 5.0.0\n"
				 "Diagnostic-Code: smtp; 550 %s\n"
				 "--b--\n", cs, diag);
	if (bnc_parse(msg, (size_t) n, unit_arena(), &res) != BNC_PARSE_OK ||
		res.nrcpts != 1)
		return BNC_REASON_COUNT;
	return res.rcpts[0].reason;
}

/* The deciding phrase is found whatever single-byte charset it came in. */
void
test_charset_legacy_phrases(void)
{
	bnc_status	st = {0, 0, 0};
	int			reply = 0;
	/* 邮箱已满 in GBK */
	static const char gbk_full[] = "552 \xd3\xca\xcf\xe4\xd2\xd1\xc2\xfa";

	/* "Почтовый ящик переполнен" */
	CHECK_INT_EQ(reason_of("koi8-r",
						   "\xf0\xcf\xde\xd4\xcf\xd7\xd9\xca \xd1\xdd\xc9\xcb "
						   "\xd0\xc5\xd2\xc5\xd0\xcf\xcc\xce\xc5\xce"),
				 BNC_R_mailboxfull);
	/* "Пользователь не найден" */
	CHECK_INT_EQ(reason_of("windows-1251",
						   "\xcf\xee\xeb\xfc\xe7\xee\xe2\xe0\xf2\xe5\xeb\xfc "
						   "\xed\xe5 \xed\xe0\xe9\xe4\xe5\xed"),
				 BNC_R_userunknown);
	/* "Unbekannter Empfänger" */
	CHECK_INT_EQ(reason_of("iso-8859-1", "Unbekannter Empf\xe4nger"),
				 BNC_R_userunknown);
	/* "Boîte pleine" */
	CHECK_INT_EQ(reason_of("windows-1252", "Bo\xeete pleine"),
				 BNC_R_mailboxfull);
	/* the same bytes read as UTF-8 would match nothing */
	CHECK_INT_EQ(reason_of("utf-8", "Unbekannter Empf\xe4nger"),
				 BNC_R_onhold);
	/* 用户不存在 in GB2312 (GBK bytes) */
	CHECK_INT_EQ(reason_of("gb2312",
						   "\xd3\xc3\xbb\xa7\xb2\xbb\xb4\xe6\xd4\xda"),
				 BNC_R_userunknown);
	CHECK_INT_EQ(bnc_classify_line(gbk_full, sizeof(gbk_full) - 1, &st,
								   &reply), BNC_R_mailboxfull);
	/* 用戶不存在 and 信箱已滿 in Big5, whose second bytes include ASCII */
	CHECK_INT_EQ(reason_of("big5",
						   "\xa5\xce\xa4\xe1\xa4\xa3\xa6s\xa6" "b"),
				 BNC_R_userunknown);
	CHECK_INT_EQ(reason_of("big5", "\xabH\xbd" "c\xa4w\xba\xa1"),
				 BNC_R_mailboxfull);
	/* the same words in UTF-8 */
	st.cls = 0;
	reply = 0;
	CHECK_INT_EQ(bnc_classify_line("550 用戶不存在", strlen("550 用戶不存在"),
								   &st, &reply), BNC_R_userunknown);
}
