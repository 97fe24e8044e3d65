/*-------------------------------------------------------------------------
 *
 * test_charset.c
 *		Unit tests for the ISO-2022-JP to EUC-JP shift, the charset names
 *		the core reports, and the classification of phrases in languages
 *		other than English.
 *
 * test/unit/test_charset.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "unit.h"
#include "charset.h"

/* ISO-2022-JP becomes the exact EUC-JP bytes; bad bytes become '?'. */
void
test_charset_iso2022jp(void)
{
	const bnc_alloc *a = unit_arena();
	/* "550 " KANJI(宛先) ASCII " x" KANA(ｱ) ASCII, then a lone kanji byte */
	static const char in[] =
		"550 \033$B08@h\033(B x\033(I1\033(B\n\033$B0";
	static const char want[] =
		"550 \xb0\xb8\xc0\xe8 x\x8e\xb1\n?";
	bnc_span	s;

	CHECK(bnc_is_iso2022jp(in, sizeof(in) - 1));
	CHECK(!bnc_is_iso2022jp("plain \033(B text", 15));
	s = bnc_iso2022jp_to_eucjp(a, in, sizeof(in) - 1);
	CHECK_INT_EQ(s.len, sizeof(want) - 1);
	CHECK(memcmp(s.p, want, s.len) == 0);

	/* an 8-bit byte is no ISO-2022-JP: replaced, never passed on */
	s = bnc_iso2022jp_to_eucjp(a, "a\xff" "b", 3);
	CHECK_INT_EQ(s.len, 3);
	CHECK(memcmp(s.p, "a?b", 3) == 0);
}

/* Charset names come back lower-cased, and NULL for ASCII or UTF-8. */
void
test_charset_names(void)
{
	const bnc_alloc *a = unit_arena();
	bnc_span	s;

	s.p = " Shift_JIS";
	s.len = strlen(s.p);
	CHECK_STR_EQ(bnc_charset_name(a, s), "shift_jis");
	s.p = "UTF-8";
	s.len = 5;
	CHECK(bnc_charset_name(a, s) == NULL);
	s.p = "us-ascii";
	s.len = 8;
	CHECK(bnc_charset_name(a, s) == NULL);
	s.len = 0;
	CHECK(bnc_charset_name(a, s) == NULL);
}

/* One realistic line per language, with no status code: the exact reason. */
void
test_charset_languages(void)
{
	static const struct
	{
		const char *line;
		bnc_reason	want;
	}			cases[] = {
		{"550 Utilisateur inconnu dans ce domaine", BNC_R_userunknown},
		{"452 La boîte pleine, réessayez plus tard", BNC_R_mailboxfull},
		{"550 Unbekannter Empfänger: bitte Adresse prüfen",
		BNC_R_userunknown},
		{"452 Das Postfach ist voll", BNC_R_mailboxfull},
		{"550 Usuario desconocido en este servidor", BNC_R_userunknown},
		{"552 El buzón está lleno", BNC_R_mailboxfull},
		{"550 Usuário desconhecido", BNC_R_userunknown},
		{"552 Caixa postal cheia", BNC_R_mailboxfull},
		{"550 Utente sconosciuto", BNC_R_userunknown},
		{"552 Casella piena, impossibile recapitare", BNC_R_mailboxfull},
		{"550 Пользователь не найден", BNC_R_userunknown},
		{"552 Почтовый ящик переполнен", BNC_R_mailboxfull},
		{"550 收件人不存在", BNC_R_userunknown},
		{"552 收件人邮箱已满", BNC_R_mailboxfull},
		{"550 宛先不明のため配送できませんでした", BNC_R_userunknown},
		/* the same in EUC-JP, as an ISO-2022-JP diagnostic becomes */
		{"550 \xb0\xb8\xc0\xe8\xc9\xd4\xcc\xc0", BNC_R_userunknown},
		/* Shift_JIS 容量オーバー, whose bytes include an ASCII 'e' */
		{"552 \x97" "e\x97\xca\x83I\x81[\x83o\x81[", BNC_R_mailboxfull},
		{"550 Konto gesperrt", BNC_R_suspend},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		bnc_status	st = {0, 0, 0};
		int			reply = 0;
		bnc_reason	got = bnc_classify_line(cases[i].line,
											strlen(cases[i].line),
											&st, &reply);

		unit_checks++;
		if (got != cases[i].want)
			unit_fail(__FILE__, __LINE__, cases[i].line);
	}
}
