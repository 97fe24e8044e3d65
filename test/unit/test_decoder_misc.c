/*-------------------------------------------------------------------------
 *
 * test_decoder_misc.c
 *		Unit tests of the decoders for the Japanese carriers and services
 *		(EZweb, au one net, BIGLOBE, m-FILTER, fml), the unnamed formats x1
 *		to x6, and the format-specific rules of the Exim, qmail and Sendmail
 *		decoders.  The messages are copies of test/fixtures files, inlined.
 *
 * test/unit/test_decoder_misc.c
 *
 *-------------------------------------------------------------------------
 */
#include "unit.h"

/* One expected row: the values a correct parser must report. */
typedef struct misc_row
{
	const char *recipient;
	const char *status;
	int			reply_code;
	const char *reason;
	int			hard;
} misc_row;

/* Status code of a row as "c.s.d", or "" when it has none. */
static const char *
misc_status(const bnc_recipient *r)
{
	static char buf[16];

	buf[0] = '\0';
	if (r->status.cls)
		bnc_status_format(&r->status, buf);
	return buf;
}

/* Parse msg and check its format and every row against want[0..n). */
static void
check_message(const char *msg, const char *format, const misc_row *want,
			  int n)
{
	bnc_result	res;
	int			i;

	CHECK_INT_EQ(bnc_parse(msg, strlen(msg), unit_arena(), &res),
				 BNC_PARSE_OK);
	CHECK_STR_EQ(res.format, format);
	CHECK_INT_EQ(res.nrcpts, n);
	for (i = 0; i < n && i < res.nrcpts; i++)
	{
		const bnc_recipient *r = &res.rcpts[i];

		CHECK_STR_EQ(r->recipient, want[i].recipient);
		CHECK_INT_EQ(r->action, BNC_ACTION_FAILED);
		CHECK_STR_EQ(misc_status(r), want[i].status);
		CHECK_INT_EQ(r->reply_code, want[i].reply_code);
		CHECK_STR_EQ(bnc_reason_name(r->reason), want[i].reason);
		CHECK_INT_EQ(r->hard, want[i].hard);
	}
	unit_arena_reset();
}

/* test/fixtures/ezweb-01-userunknown.eml */
static const char ezweb_01[] =
"Return-Path: <>\n"
"Received: from ezweb.ne.jp (mail101.ezweb.ne.jp [203.0.113.71])\n"
"\tby mx.shop.example.com (Postfix) with SMTP id 4F2A81C0B3\n"
"\tfor <orders@shop.example.com>; Tue, 11 Mar 2025 09:14:52 +0900 (JST)\n"
"To: <orders@shop.example.com>\n"
"From: Postmaster@ezweb.ne.jp\n"
"Message-ID: <20250311091452.4F2A81C0B3.mail@nm11lds01a.ezweb.ne.jp>\n"
"Date: Tue, 11 Mar 2025 09:14:51 +0900\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/mixed; boundary=\"==_EZ0311/4F2A81C0B3/EZ\"\n"
"Reply-To: Mail Administrator <Postmaster@ezweb.ne.jp>\n"
"Subject: Mail System Error - Returned Mail\n"
"\n"
"This message is in MIME format.Since your mail reader does not understand this format, some or all of the message may not be legible\n"
"\n"
"--==_EZ0311/4F2A81C0B3/EZ\n"
"Content-Type: text/plain; charset=\"ISO-2022-JP\"\n"
"Content-Transfer-Encoding: 7bit\n"
"\n"
"\033$B<!$N$\"$F@h$X$N%a%C%;!<%8$O%(%i!<$N$\?$aAw\?.$G$-$^$;$s$G$7$\?!#\033(B\n"
"\n"
"\033$BAw\?.@h$N%a!<%k%\"%I%l%9$,B8:_$7$J$$$+!\"\033(B\n"
"\033$BAw\?.@h$N%a!<%k%5!<%P$G<u$1IU$1$i$l$^$;$s$G$7$\?!#\033(B\n"
"\n"
"Each of the following recipients was rejected by a remote\n"
"mail server.\n"
"\n"
"    Recipient: <yuki.t@mobile.example.net>\n"
"    >>> RCPT TO:<yuki.t@mobile.example.net>\n"
"    <<< 550 <yuki.t@mobile.example.net>: User unknown\n"
"\n"
"\n"
"--==_EZ0311/4F2A81C0B3/EZ\n"
"Content-Type: message/rfc822\n"
"\n"
"Return-Path: <orders@shop.example.com>\n"
"From: Example Shop <orders@shop.example.com>\n"
"To: yuki.t@mobile.example.net\n"
"Subject: Your order 20250311-0042 has shipped\n"
"Message-ID: <ship.20250311-0042@shop.example.com>\n"
"Date: Tue, 11 Mar 2025 09:14:40 +0900\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n"
"Your parcel left our warehouse today.\n"
"\n"
"--==_EZ0311/4F2A81C0B3/EZ--\n";

/* test/fixtures/ezweb-02-suspend.eml */
static const char ezweb_02[] =
"Return-Path: <MAILER-DAEMON>\n"
"Received: from ezweb.ne.jp (mail103.ezweb.ne.jp [203.0.113.73])\n"
"\tby mx.shop.example.com (Postfix) with SMTP id 7C09D2E114\n"
"\tfor <orders@shop.example.com>; Fri, 14 Mar 2025 18:02:37 +0900 (JST)\n"
"To: <orders@shop.example.com>\n"
"From: Postmaster@ezweb.ne.jp\n"
"Message-ID: <20250314180237.7C09D2E114.mail@nm09lds023.ezweb.ne.jp>\n"
"Date: Fri, 14 Mar 2025 18:02:36 +0900\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/mixed; boundary=\"==_EZ0314/7C09D2E114/EZ\"\n"
"Reply-To: Mail Administrator <Postmaster@ezweb.ne.jp>\n"
"Subject: Mail System Error - Returned Mail\n"
"\n"
"This message is in MIME format.Since your mail reader does not understand this format, some or all of the message may not be legible\n"
"\n"
"--==_EZ0314/7C09D2E114/EZ\n"
"Content-Type: text/plain; charset=\"ISO-2022-JP\"\n"
"Content-Transfer-Encoding: 7bit\n"
"\n"
"\033$B<!$N$\"$F@h$X$N%a%C%;!<%8$O%(%i!<$N$\?$aAw\?.$G$-$^$;$s$G$7$\?!#\033(B\n"
"\n"
"\033$BAw\?.@h$N%\"%+%&%s%H$O8=:_$4MxMQ$$$\?$@$1$^$;$s!#\033(B\n"
"\n"
"The user(s) account is disabled.\n"
"\n"
"<daichi.k@mobile.example.net>\n"
"<mao.s@mobile.example.org>\n"
"\n"
"\n"
"--==_EZ0314/7C09D2E114/EZ--\n";

/* test/fixtures/kddi-01-mailboxfull.eml */
static const char kddi_01[] =
"Return-Path: <>\n"
"Received: from nmomta.auone-net.jp (nm01omta02.auone-net.jp [203.0.113.88])\n"
"\tby mx.shop.example.com (Postfix) with SMTP id 21D7A0F3C6\n"
"\tfor <orders@shop.example.com>; Mon, 17 Mar 2025 07:45:19 +0900 (JST)\n"
"To: <orders@shop.example.com>\n"
"From: no-reply@mail.dion.ne.jp\n"
"Message-ID: <2025031707451900001@nm01lds001.auone-net.jp>\n"
"Date: Mon, 17 Mar 2025 07:45:18 +0900\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/mixed; boundary=\"==_KD0317/21D7A0F3C6/KD\"\n"
"Subject: Returned mail\n"
"Reply-To: no-reply@app.auone-net.jp\n"
"\n"
"This message is in MIME format.Since your mail reader does not understand this format, some or all of the message may not be legible\n"
"\n"
"--==_KD0317/21D7A0F3C6/KD\n"
"Content-Type: text/plain; charset=\"ISO-2022-JP\"\n"
"Content-Transfer-Encoding: 7bit\n"
"\n"
"Your mail sent on: Mon, 17 Mar 2025 07:45:10 +0900\n"
"     Could not be delivered to: <sora.h@home.example.net>\n"
"     As their mailbox is full.\n"
"\n"
"--==_KD0317/21D7A0F3C6/KD\n"
"Content-Type: message/rfc822\n"
"Content-Description: Original message\n"
"\n"
"From: Example Shop <orders@shop.example.com>\n"
"To: sora.h@home.example.net\n"
"Subject: Spring sale starts tomorrow\n"
"Message-Id: <sale.spring.0317.sh@shop.example.com>\n"
"Date: Mon, 17 Mar 2025 07:45:09 +0900\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n"
"Twenty percent off everything in the garden range.\n"
"\n"
"--==_KD0317/21D7A0F3C6/KD--\n";

/* test/fixtures/biglobe-01-mailboxfull.eml */
static const char biglobe_01[] =
"Return-Path: <MAILER-DAEMON>\n"
"Received: from rcpt-expgw2.biglobe.ne.jp (rcpt-expgw2.biglobe.ne.jp [203.0.113.146])\n"
"\tby mx.club.example.org (8.17.1/8.17.1) with ESMTP id 52J0a3Xk004411\n"
"\tfor <events@club.example.org>; Wed, 19 Mar 2025 09:36:03 +0900\n"
"Date: Wed, 19 Mar 2025 09:36:02 +0900\n"
"From: postmaster@biglobe.ne.jp\n"
"To: events@club.example.org\n"
"Subject: Returned mail: Service unavailable\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/mixed; boundary=\"--_Biglobe0319/093602.biglobe.ne.jp\"\n"
"Message-Id: <20250319093602.52J0a3Xk.004411@biglobe.ne.jp>\n"
"\n"
"This is a MIME-encapsulated message.\n"
"\n"
"----_Biglobe0319/093602.biglobe.ne.jp\n"
"Content-Type: text/plain; charset=\"iso-2022-jp\"\n"
"\n"
"   ----- The following addresses had delivery problems -----\n"
"hiro.n@members.example.org\n"
"aya.w@members.example.org\n"
"\n"
"   ----- Non-delivered information -----\n"
"The number of messages in recipient's mailbox exceeded the local limit.\n"
"\n"
"----_Biglobe0319/093602.biglobe.ne.jp\n"
"Content-Type: message/rfc822\n"
"\n"
"From: Club Events <events@club.example.org>\n"
"To: <hiro.n@members.example.org>, <aya.w@members.example.org>\n"
"Subject: Hiking trip on 29 March\n"
"Message-ID: <hike.0329.1742344560@club.example.org>\n"
"Date: Wed, 19 Mar 2025 09:36:00 +0900\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n"
"We meet at the station at 8:00.\n"
"\n"
"----_Biglobe0319/093602.biglobe.ne.jp--\n";

/* test/fixtures/mfilter-01-userunknown.eml */
static const char mfilter_01[] =
"Return-Path: <postmaster@corp.example.com>\n"
"Received: from gw1.corp.example.com (gw1.corp.example.com [192.0.2.40])\n"
"\tby mx.corp.example.com (Postfix) with SMTP id 0D33B6A2F1\n"
"\tfor <k.ito@corp.example.com>; Thu, 20 Mar 2025 15:08:44 +0900 (JST)\n"
"Received: from 127.0.0.1 (127.0.0.1) by m-FILTER with ESMTP;\n"
"\tThu, 20 Mar 2025 15:08:44 +0900\n"
"X-Mailer: m-FILTER\n"
"Message-Id: <20250320150844.0D33B6A2F1@corp.example.com>\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=\"ISO-2022-JP\"\n"
"Content-Transfer-Encoding: 7bit\n"
"From: POSTMASTER <postmaster@corp.example.com>\n"
"To: k.ito@corp.example.com\n"
"Date: Thu, 20 Mar 2025 15:08:44 +0900\n"
"Subject: failure notice\n"
"\n"
"\033$B$3$N%a!<%k$O!V\033(Bm-FILTER\033$B!W$,<+F0E*$K@8@.$7$FAw\?.$7$F$$$^$9!#\033(B\n"
"\033$B%a!<%k%5!<%P!<$H$NDL\?.Cf!\"2<5-$NM}M3$K$h$j\033(B\n"
"\033$B$3$N%a!<%k$OAw\?.$G$-$^$;$s$G$7$\?!#\033(B\n"
"\n"
"\033$B0J2<$N%a!<%k%\"%I%l%9$X$NAw\?.$K<:GT$7$^$7$\?!#\033(B\n"
"nao.f@partner.example.org\n"
"\n"
"\n"
"-------server message\n"
"550 5.1.1 <nao.f@partner.example.org>: Recipient address rejected: User unknown in virtual mailbox table\n"
"\n"
"-------SMTP command\n"
"RCPT\n"
"\n"
"-------original message\n"
"From: Ito Kaori <k.ito@corp.example.com>\n"
"To: nao.f@partner.example.org\n"
"Subject: Meeting notes, 20 March\n"
"Message-ID: <notes.0320.1742450920@corp.example.com>\n"
"Date: Thu, 20 Mar 2025 15:08:40 +0900\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n"
"Notes attached below.\n";

/* test/fixtures/fml-01-loop.eml */
static const char fml_01[] =
"Return-Path: <garden-admin@lists.example.org>\n"
"Received: from lists.example.org (lists.example.org [198.51.100.31])\n"
"\tby mx.lists.example.org (Postfix) with ESMTP id 63E0B1A772\n"
"\tfor <garden-admin@lists.example.org>; Sat, 22 Mar 2025 11:20:05 +0900 (JST)\n"
"Date: Sat, 22 Mar 2025 11:20:05 +0900\n"
"From: garden-admin@lists.example.org\n"
"Subject: Loop Alert: Duplicated Message-ID (garden ML)\n"
"To: garden-admin@lists.example.org\n"
"Message-Id: <202503221120.FML63E0B.garden@lists.example.org>\n"
"X-MLServer: fml [fml 4.0.3 release (20011202/4.0.3)]\n"
"Mime-Version: 1.0\n"
"Content-Type: text/plain; charset=iso-2022-jp\n"
"\n"
"Duplicated Message-ID in <garden@lists.example.org>.\n"
"\n"
"\n"
"Original mail as follows:\n"
"\n"
"   Return-Path: <m.ono@example.net>\n"
"   From: Ono Mika <m.ono@example.net>\n"
"   To: garden@lists.example.org\n"
"   Subject: Seed swap on Sunday\n"
"   Message-ID: <seed.0322.mo@example.net>\n"
"   Date: Sat, 22 Mar 2025 11:19:58 +0900\n"
"\n"
"   Bring your spare tomato seeds.\n";

/* test/fixtures/x1-01-two-addresses.eml */
static const char x1_01[] =
"Return-Path: <>\n"
"Received: from relay3.example.net (relay3.example.net [198.51.100.60])\n"
"\tby mx.example.org (Postfix) with SMTP id 2B71C9F04E\n"
"\tfor <news@example.org>; Mon, 24 Mar 2025 10:02:17 +0900 (JST)\n"
"Received: By OpenMail Mailer;Mon, 24 Mar 2025 10:02:16 +0900 (JST)\n"
"From: \"Mail Deliver System\" <MAILER-DAEMON@relay3.example.net>\n"
"To: news@example.org\n"
"Subject: Returned Mail: User unknown\n"
"Date: Mon, 24 Mar 2025 10:02:16 +0900 (JST)\n"
"Content-Type: multipart/mixed; boundary=\"---b0324a9f04e\"\n"
"Message-Id: <20250324100216.2B71C9F04E@relay3.example.net>\n"
"\n"
"This is a multi-part message in MIME format.\n"
"\n"
"-----b0324a9f04e\n"
"Content-Type: text/plain; charset=\"iso-2022-jp\"\n"
"\n"
"The original message was received at Mon, 24 Mar 2025 10:02:15 +0900 (JST)\n"
"from news@example.org\n"
"\n"
"---The following addresses had delivery errors---\n"
"\n"
"t.mori@example.net [User unknown]\n"
"s.abe@old.example.net [Host unknown]\n"
"\n"
"\n"
"-----b0324a9f04e\n"
"Content-Type: message/rfc822\n"
"\n"
"From: Example News <news@example.org>\n"
"To: t.mori@example.net, s.abe@old.example.net\n"
"Subject: Weekly digest\n"
"Message-Id: <digest.0324.1742778130@example.org>\n"
"Date: Mon, 24 Mar 2025 10:02:10 +0900\n"
"\n"
"This week in brief.\n"
"\n"
"-----b0324a9f04e--\n";

/* test/fixtures/x2-01-two-addresses.eml */
static const char x2_01[] =
"Return-Path: <MAILER-DAEMON@mx2.example.org>\n"
"Received: from mta5.mail.example.com (mta5.mail.example.com [192.0.2.95])\n"
"\tby mx2.example.org (8.17.1/8.17.1) with SMTP id 52Q4KmA1007731\n"
"\tfor <alumni@example.org>; Wed, 26 Mar 2025 04:20:48 -0800\n"
"Date: Wed, 26 Mar 2025 04:20:48 -0800\n"
"Message-Id: <202503261220.52Q4KmA1007731@mx2.example.org>\n"
"From: MAILER-DAEMON@mail.example.com\n"
"To: alumni@example.org\n"
"X-Loop: MAILER-DAEMON@mail.example.com\n"
"Subject: Delivery failure\n"
"\n"
"Message from mail.example.com.\n"
"Unable to deliver message to the following address(es).\n"
"\n"
"<r.kato@mail.example.com>:\n"
"This user doesn't have a mail.example.com account (r.kato@mail.example.com) [0]\n"
"\n"
"<e.hayashi@mail.example.com>:\n"
"Sorry your message to e.hayashi@mail.example.com cannot be delivered. This account has been disabled or discontinued [#102].\n"
"\n"
"--- Original message follows.\n"
"\n"
"From: Alumni Office <alumni@example.org>\n"
"To: r.kato@mail.example.com, e.hayashi@mail.example.com\n"
"Subject: Reunion dinner, 12 April\n"
"Message-ID: <reunion.0412.1742991640@example.org>\n"
"Date: Wed, 26 Mar 2025 04:20:40 -0800\n"
"\n"
"Please reply by 5 April.\n";

/* test/fixtures/x2-02-later-mailboxfull.eml */
static const char x2_02[] =
"Return-Path: <postmaster@gw.example.com>\n"
"Received: from gw.example.com (gw.example.com [192.0.2.55])\n"
"\tby mx.example.org (Postfix) with ESMTPS id 5F1C02B9D7\n"
"\tfor <billing@example.org>; Fri, 28 Mar 2025 12:22:52 +0900 (JST)\n"
"Date: 28 Mar 2025 12:22:52 +0900\n"
"From: postmaster@gw.example.com\n"
"To: billing@example.org\n"
"Subject: Delivery failure\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=\"us-ascii\"\n"
"Content-Transfer-Encoding: 7bit\n"
"Message-Id: <20250328122252.5F1C02B9D7@gw.example.com>\n"
"\n"
"NOTICE: Delivery Failure.\n"
"\n"
"This Delivery Status Notification is sent from MTA...\n"
"\n"
"Your delivery to the following address has been failed.\n"
"Please refer to the below for details.\n"
"------------------------------------------------------\n"
"\n"
"Delivery failed: accounts@example.com\n"
"203.0.113.25 failed after I sent the message.\n"
"Remote host said[Response Message]: 552 5.2.2 Mailbox full, quota exceeded\n"
"STEP: DATA SEND\n";

/* test/fixtures/x3-01-userunknown.eml */
static const char x3_01[] =
"Return-Path: <MAILER-DAEMON@mx4.example.net>\n"
"Received: from mx4.example.net (mx4.example.net [198.51.100.14])\n"
"\tby mx.example.org (Postfix) with ESMTP id 7E5D01C88A\n"
"\tfor <support@example.org>; Sun, 30 Mar 2025 08:41:26 +0900 (JST)\n"
"Date: Sun, 30 Mar 2025 08:41:26 +0900\n"
"From: Mail Delivery System <Mail.Delivery.System@mx4.example.net>\n"
"To: support@example.org\n"
"Subject: Delivery status notification\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report;\n"
"\tboundary=\"------------20250330084126_7E5D01C88A\"\n"
"Message-Id: <20250330084126.7E5D01C88A@mx4.example.net>\n"
"\n"
"This is a multi-part message in MIME format.\n"
"\n"
"--------------20250330084126_7E5D01C88A\n"
"Content-Type: text/plain; charset=UTF-8;\n"
"Content-Transfer-Encoding: 8bit\n"
"\n"
"============================================================================\n"
"      This is an automatically generated Delivery Status Notification.      \n"
"\n"
"Delivery to the following recipients failed permanently:\n"
"\n"
"   * ken.o@example.com\n"
"   * lena.v@example.com\n"
"\n"
"\n"
"============================================================================\n"
"                             Technical details:                             \n"
"\n"
"SMTP:RCPT host 192.0.2.17: 550 5.1.1 <ken.o@example.com>... User unknown\n"
"SMTP:RCPT host 192.0.2.17: 552 5.2.2 <lena.v@example.com>... Mailbox full\n"
"\n"
"\n"
"============================================================================\n"
"\n"
"--------------20250330084126_7E5D01C88A\n"
"Content-Type: message/rfc822\n"
"Content-Disposition: attachment\n"
"\n"
"From: Example Support <support@example.org>\n"
"To: ken.o@example.com, lena.v@example.com\n"
"Subject: Ticket 5521 closed\n"
"Message-ID: <ticket5521.closed@example.org>\n"
"Date: Sun, 30 Mar 2025 08:41:20 +0900\n"
"\n"
"Your ticket has been closed.\n"
"\n"
"--------------20250330084126_7E5D01C88A--\n";

/* test/fixtures/x3-02-aborted-expired.eml */
static const char x3_02[] =
"Return-Path: <MAILER-DAEMON@mx4.example.net>\n"
"Received: from mx4.example.net (mx4.example.net [198.51.100.14])\n"
"\tby mx.example.org (Postfix) with ESMTP id 9A20D3E551\n"
"\tfor <support@example.org>; Tue, 01 Apr 2025 14:05:10 +0900 (JST)\n"
"Date: Tue, 01 Apr 2025 14:05:10 +0900\n"
"From: Mail Delivery System <Mail.Delivery.System@mx4.example.net>\n"
"To: support@example.org\n"
"Subject: Delivery status notification\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report;\n"
"\tboundary=\"------------20250401140510_9A20D3E551\"\n"
"Message-Id: <20250401140510.9A20D3E551@mx4.example.net>\n"
"\n"
"This is a multi-part message in MIME format.\n"
"\n"
"--------------20250401140510_9A20D3E551\n"
"Content-Type: text/plain; charset=UTF-8;\n"
"Content-Transfer-Encoding: 8bit\n"
"\n"
"============================================================================\n"
"      This is an automatically generated Delivery Status Notification.      \n"
"\n"
"Delevery to the following recipients was aborted after 5.0 hour(s):\n"
"\n"
"  * info@branch.example.net\n"
"\n"
"\n"
"============================================================================\n"
"                             Technical details:                             \n"
"\n"
"Routing: Could not find a gateway for info@branch.example.net\n"
"\n"
"\n"
"============================================================================\n"
"\n"
"--------------20250401140510_9A20D3E551\n"
"Content-Type: message/rfc822\n"
"Content-Disposition: attachment\n"
"\n"
"From: Example Support <support@example.org>\n"
"To: info@branch.example.net\n"
"Subject: Branch opening hours\n"
"Message-ID: <hours.0401.branch@example.org>\n"
"Date: Tue, 01 Apr 2025 09:05:02 +0900\n"
"\n"
"Could you confirm your opening hours for May\?\n"
"\n"
"--------------20250401140510_9A20D3E551--\n";

/* test/fixtures/x5-01-wrapped-dsn.eml */
static const char x5_01[] =
"Return-Path: <MAILER-DAEMON@gw.example.com>\n"
"Received: from gw.example.com (gw.example.com [192.0.2.61])\n"
"\tby mx.example.org (Postfix) with ESMTP id 0E8F4A6C21\n"
"\tfor <hr@example.org>; Thu, 03 Apr 2025 16:22:22 +0900 (JST)\n"
"From: \"=\?iso-2022-jp\?B\?TWFpbCBEZWxpdmVyeSBTdWJzeXN0ZW0=\?=\" <MAILER-DAEMON@gw.example.com>\n"
"Content-Type: multipart/mixed;\n"
"\tcharset=\"iso-2022-jp\";\n"
"\tboundary=\"WRAP_0403_0E8F4A6C21\"\n"
"Subject: =\?iso-2022-jp\?B\?UmV0dXJuZWQgbWFpbDogVXNlciB1bmtub3du\?=\n"
"Date: Thu, 03 Apr 2025 16:22:22 +0900\n"
"MIME-Version: 1.0\n"
"To: \"NotificationRecipients\" <notify@gw.example.com>\n"
"Message-Id: <20250403162222.0E8F4A6C21@gw.example.com>\n"
"\n"
"This is a multi-part message in MIME format.\n"
"\n"
"\n"
"--WRAP_0403_0E8F4A6C21\n"
"Content-Type: text/plain;\n"
"\tcharset=\"iso-2022-jp\"\n"
"Content-Transfer-Encoding: 7bit\n"
"\n"
"The original message was received at Thu Apr 03 16:22:20 2025\n"
"\n"
"----- The following addresses had permanent delivery errors -----\n"
"\n"
"\n"
"--WRAP_0403_0E8F4A6C21\n"
"Content-Type: message/rfc822\n"
"\n"
"Date: Thu, 03 Apr 2025 16:22:21 +0900\n"
"From: Mail Delivery Subsystem <MAILER-DAEMON@mta2.example.com>\n"
"Message-Id: <202504030722.5337MtQ1@mta2.example.com>\n"
"To: hr@example.org\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report; report-type=delivery-status;\n"
"\tboundary=\"5337MtQ1.1743664941/mta2.example.com\"\n"
"Subject: Returned mail: User unknown\n"
"Auto-Submitted: auto-generated (failure)\n"
"\n"
"This is a MIME-encapsulated message\n"
"\n"
"--5337MtQ1.1743664941/mta2.example.com\n"
"\n"
"The original message was received at Thu, 03 Apr 2025 16:22:20 +0900\n"
"from gw.example.com [192.0.2.61]\n"
"\n"
"   ----- The following addresses had permanent fatal errors -----\n"
"<j.fischer@example.com>\n"
"\n"
"--5337MtQ1.1743664941/mta2.example.com\n"
"Content-Type: message/delivery-status\n"
"\n"
"Reporting-MTA: dns; mta2.example.com\n"
"Arrival-Date: Thu, 03 Apr 2025 16:22:20 +0900\n"
"\n"
"Final-Recipient: RFC822; j.fischer@example.com\n"
"Action: failed\n"
"Status: 5.1.1\n"
"Remote-MTA: DNS; mx.example.com\n"
"Diagnostic-Code: SMTP; 550 5.1.1 <j.fischer@example.com>... User unknown\n"
"Last-Attempt-Date: Thu, 03 Apr 2025 16:22:21 +0900\n"
"\n"
"--5337MtQ1.1743664941/mta2.example.com\n"
"Content-Type: text/rfc822-headers\n"
"\n"
"From: Example HR <hr@example.org>\n"
"To: j.fischer@example.com\n"
"Subject: Interview on 8 April\n"
"Message-ID: <interview.0408.jf@example.org>\n"
"Date: Thu, 03 Apr 2025 16:22:18 +0900\n"
"\n"
"--5337MtQ1.1743664941/mta2.example.com--\n"
"\n"
"--WRAP_0403_0E8F4A6C21--\n";

/* test/fixtures/x6-01-two-errors.eml */
static const char x6_01[] =
"Return-path: <>\n"
"Envelope-to: tickets@example.org\n"
"Delivery-date: Sat, 05 Apr 2025 09:12:44 +0000\n"
"Received: from [198.51.100.90] (helo=out2.example.net)\n"
"\tby mx.example.org with esmtp (Exim 4.96)\n"
"\tid 1u0Xf2-000Abc-Q1\n"
"\tfor tickets@example.org; Sat, 05 Apr 2025 09:12:44 +0000\n"
"From: mailer-daemon\n"
"To: tickets@example.org\n"
"Subject: There was an error sending your mail\n"
"Date: Sat, 05 Apr 2025 09:12:43 +0000\n"
"Auto-Submitted: auto-replied\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/mixed;\n"
"\tboundary=\"--=_MIMEBOUNDARY_0405_9f3e1c\"\n"
"Message-ID: <20250405091243.5510@out2.example.net>\n"
"\n"
"This is a multi-part message in MIME format.\n"
"\n"
"----=_MIMEBOUNDARY_0405_9f3e1c\n"
"Content-Type: text/plain; charset=us-ascii\n"
"Content-Transfer-Encoding: 7bit\n"
"\n"
"We had trouble delivering your message. Full details follow:\n"
"\n"
"Subject: 'Your tickets for 19 April'\n"
"Date: 'Sat, 05 Apr 2025 09:12:40 +0000'\n"
"\n"
"2 error(s):\n"
"\n"
"SMTP Server <mx1.example.com> rejected recipient <l.moreau@example.com> (Error following RCPT command). It responded as follows: [550 5.1.1 User unknown]\n"
"\n"
"SMTP Server <mx.example.net> rejected recipient <b.ng@example.net> (Error following RCPT command). It responded as follows: [552 5.2.2 Mailbox full]\n"
"\n"
"The attachment contains the original mail headers. Please verify recipient(s) mail addresses and try resending this message or contact your IT department with contents of this mail.\n"
"\n"
"\n"
"----=_MIMEBOUNDARY_0405_9f3e1c\n"
"Content-Type: text/plain;\n"
"\tname=\"mailheaders.txt\"\n"
"Content-Transfer-Encoding: 7bit\n"
"Content-Disposition: attachment;\n"
"\tfilename=\"mailheaders.txt\"\n"
"\n"
"Date: Sat, 05 Apr 2025 09:12:40 +0000\n"
"To: l.moreau@example.com, b.ng@example.net\n"
"From: Example Tickets <tickets@example.org>\n"
"Subject: Your tickets for 19 April\n"
"Message-ID: <tickets.0419.lm@example.org>\n"
"\n"
"----=_MIMEBOUNDARY_0405_9f3e1c--\n";

/* An Exim notice about a failed delivery to a program. */
static const char exim_pipe[] =
"From: Mail Delivery System <Mailer-Daemon@mail.example.net>\n"
"To: helpdesk@example.org\n"
"Subject: Mail delivery failed: returning message to sender\n"
"Message-Id: <E1u1KfT-0004Qb-7A@mail.example.net>\n"
"Date: Mon, 07 Apr 2025 10:00:02 +0000\n"
"\n"
"This message was created automatically by mail delivery software.\n"
"\n"
"A message that you sent could not be delivered to one or more of its\n"
"recipients. This is a permanent error. The following address(es) failed:\n"
"\n"
"  pipe to |/usr/local/bin/ticket-import\n"
"    generated by tickets@example.net\n"
"\n"
"The following text was generated during the delivery attempt:\n"
"\n"
"------ pipe to |/usr/local/bin/ticket-import\n"
"       generated by tickets@example.net ------\n"
"\n"
"ticket-import: cannot open the queue directory: Permission denied\n"
"\n"
"------ This is a copy of the message, including all the headers. ------\n"
"\n"
"From: Help Desk <helpdesk@example.org>\n"
"To: tickets@example.net\n"
"Subject: New ticket\n"
"Message-ID: <ticket.0407.1744020000@example.org>\n"
"\n"
"A printer on floor 3 is jammed.\n";

/*
 * A Sendmail report whose delivery-status part gives only a program's exit
 * code and a class of status; the transcript holds the codes.
 */
static const char sendmail_local[] =
"From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.org>\n"
"To: shop@example.com\n"
"Subject: Returned mail: see transcript for details\n"
"Date: Tue, 08 Apr 2025 11:30:00 +0900\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report; report-type=delivery-status;\n"
"\tboundary=\"538BU0aX001.1744079400/mail.example.org\"\n"
"\n"
"--538BU0aX001.1744079400/mail.example.org\n"
"\n"
"The original message was received at Tue, 08 Apr 2025 11:29:58 +0900\n"
"from shop.example.com [198.51.100.20]\n"
"\n"
"   ----- The following addresses had permanent fatal errors -----\n"
"\"|/usr/local/bin/autoreply\"\n"
"    (reason: 1)\n"
"    (expanded from: <sales@example.org>)\n"
"\n"
"   ----- Transcript of session follows -----\n"
"autoreply: template not found\n"
"554 5.3.0 unknown mailer error 1\n"
"\n"
"--538BU0aX001.1744079400/mail.example.org\n"
"Content-Type: message/delivery-status\n"
"\n"
"Reporting-MTA: dns; mail.example.org\n"
"Arrival-Date: Tue, 08 Apr 2025 11:29:58 +0900\n"
"\n"
"Final-Recipient: RFC822; sales@example.org\n"
"X-Actual-Recipient: X-Unix; |/usr/local/bin/autoreply\n"
"Action: failed\n"
"Status: 5.0.0\n"
"Diagnostic-Code: X-Unix; 1\n"
"\n"
"--538BU0aX001.1744079400/mail.example.org--\n";

/* A qmail notice about a session refused at the greeting. */
static const char qmail_greeting[] =
"From: MAILER-DAEMON@qm1.example.net\n"
"To: alerts@example.org\n"
"Subject: failure notice\n"
"Date: 9 Apr 2025 02:11:40 -0000\n"
"Message-ID: <20250409021140.7715.qmail@qm1.example.net>\n"
"\n"
"Hi. This is the qmail-send program at qm1.example.net.\n"
"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
"This is a permanent error; I've given up. Sorry it didn't work out.\n"
"\n"
"<ops@example.com>:\n"
"Connected to 192.0.2.9 but greeting failed.\n"
"Remote host said: 554 mx.example.com Your address is in our access list of refused hosts\n"
"\n"
"--- Below this line is a copy of the message.\n"
"\n"
"From: alerts@example.org\n"
"To: ops@example.com\n"
"Subject: disk usage 91%\n"
"Message-ID: <disk.0409.qm@example.org>\n";

/* The Japanese carriers' and services' notices. */
static void
check_japanese(void)
{
	static const misc_row ezweb1[] = {
		{"yuki.t@mobile.example.net", "5.0.0", 550, "userunknown", 1}};
	static const misc_row ezweb2[] = {
		{"daichi.k@mobile.example.net", "5.0.0", 0, "suspend", 0},
		{"mao.s@mobile.example.org", "5.0.0", 0, "suspend", 0}};
	static const misc_row kddi1[] = {
		{"sora.h@home.example.net", "5.0.0", 0, "mailboxfull", 0}};
	static const misc_row biglobe1[] = {
		{"hiro.n@members.example.org", "5.0.0", 0, "mailboxfull", 0},
		{"aya.w@members.example.org", "5.0.0", 0, "mailboxfull", 0}};
	static const misc_row mfilter1[] = {
		{"nao.f@partner.example.org", "5.1.1", 550, "userunknown", 1}};
	static const misc_row fml1[] = {
		{"garden@lists.example.org", "5.0.0", 0, "systemerror", 0}};

	check_message(ezweb_01, "ezweb", ezweb1, 1);
	check_message(ezweb_02, "ezweb", ezweb2, 2);
	check_message(kddi_01, "kddi", kddi1, 1);
	check_message(biglobe_01, "biglobe", biglobe1, 2);
	check_message(mfilter_01, "mfilter", mfilter1, 1);
	check_message(fml_01, "fml", fml1, 1);
}

/* The unnamed formats. */
static void
check_unnamed(void)
{
	static const misc_row x1[] = {
		{"t.mori@example.net", "5.0.0", 0, "userunknown", 1},
		{"s.abe@old.example.net", "5.0.0", 0, "hostunknown", 1}};
	static const misc_row x2a[] = {
		{"r.kato@mail.example.com", "5.0.0", 0, "userunknown", 1},
		{"e.hayashi@mail.example.com", "5.0.0", 0, "suspend", 0}};
	static const misc_row x2b[] = {
		{"accounts@example.com", "5.2.2", 552, "mailboxfull", 0}};
	static const misc_row x3a[] = {
		{"ken.o@example.com", "5.1.1", 550, "userunknown", 1},
		{"lena.v@example.com", "5.2.2", 552, "mailboxfull", 0}};
	static const misc_row x3b[] = {
		{"info@branch.example.net", "5.0.0", 0, "expired", 0}};
	static const misc_row x5[] = {
		{"j.fischer@example.com", "5.1.1", 550, "userunknown", 1}};
	static const misc_row x6[] = {
		{"l.moreau@example.com", "5.1.1", 550, "userunknown", 1},
		{"b.ng@example.net", "5.2.2", 552, "mailboxfull", 0}};

	check_message(x1_01, "x1", x1, 2);
	check_message(x2_01, "x2", x2a, 2);
	check_message(x2_02, "x2", x2b, 1);
	check_message(x3_01, "x3", x3a, 2);
	check_message(x3_02, "x3", x3b, 1);
	check_message(x5_01, "x5", x5, 1);
	check_message(x6_01, "x6", x6, 2);
}

/*
 * A prose bounce of no known format: the failed addresses are read from
 * the text before the returned message.  The mail system's own address,
 * a help address, a mailto: link, a queue identifier and the addresses in
 * the returned headers give no rows; an X.400 gateway's "SMTP=" is not
 * part of the address.
 */
static const char plaintext_01[] =
"From: Mail Gateway <mailer-daemon@gw.example.net>\n"
"To: orders@example.org\n"
"Subject: Returned mail: could not be delivered\n"
"\n"
"Our gateway (queue id <20250414080217.0004471@gw.example.net>) could not\n"
"deliver your message. Questions go to help@example.net or\n"
"<mailto:desk@example.net>; mailer-daemon@gw.example.net sent this.\n"
"\n"
"User's mailbox is full: <t.weber@example.net>\n"
"\n"
"<no.such.person@example.net>:\n"
"Sorry, there is no such user here. (#5.1.1)\n"
"\n"
"  c=DE;a= ;p=EXAMPLE;dda:SMTP=m.fischer@example.com;\n"
"  host mx.example.com said: 550 5.7.1 Message rejected as spam\n"
"\n"
"|----- Message text follows: -----|\n"
"From: Orders <orders@example.org>\n"
"To: t.weber@example.net, other@example.net\n"
"Message-ID: <ship-20417@example.org>\n"
"\n"
"Your parcel is on its way.\n";

/* The same words from a person, in reply: not a bounce. */
static const char plaintext_reply[] =
"From: Sam Lee <sam.lee@example.org>\n"
"To: orders@example.org\n"
"Subject: Re: Returned mail: could not be delivered\n"
"\n"
"Please ask t.weber@example.net about the failed delivery.\n";

/*
 * A bounce's subject from a sender that is not the mail system: read only
 * when a mail server's reply is quoted, not from a shop's notice.
 */
static const char plaintext_parcel[] =
"From: Parcel Service <notify@parcels.example.com>\n"
"Subject: Your parcel could not be delivered\n"
"\n"
"We could not deliver parcel 4471 for jane.doe@example.org today.\n"
"We will try again tomorrow.\n";

static const char plaintext_gateway[] =
"From: Virus Wall <scanner@gw.example.com>\n"
"Subject: Delivery failure notification\n"
"\n"
"Your message to jane.doe@example.org could not be delivered:\n"
"550 5.7.1 Message refused by policy.\n";

/*
 * Mail that looks like a bounce in part and is not one: none may give a
 * row.  A forward in another language, a postmaster's own replies (one
 * with a Chinese prefix and a full-width colon), a shop's
 * notice from a no-reply address with a phone number, a newsletter about
 * bounces that quotes a code, an auto-reply echoing a bounce's subject, a
 * ticket echoing one, a postmaster's summary of undeliverable mail, a
 * spam quarantine's digest, a warning that a mailbox is full.
 */
static const char *const plaintext_not[] = {
	"From: Paul Durand <paul.durand@example.org>\n"
	"Subject: TR : Undeliverable: Devis\n\n"
	"Pour info, l'adresse carla.diaz@example.net ne fonctionne plus.\n"
	"550 5.1.1 User unknown\n",

	"From: Postmaster <postmaster@example.com>\n"
	"Subject: Re: Undeliverable: Q3 invoice\n\n"
	"The mailbox does not exist. Try bob.m@example.net instead.\n"
	"> 550 5.1.1 bob.miller@example.net: user unknown\n",

	"From: Parcels <noreply@parcels.example.com>\n"
	"Subject: Delivery notification: parcel 4471\n\n"
	"Your parcel could not be delivered. Call +1 555 0100.\n"
	"Order placed by: j.smith@example.net\n",

	"From: Deliverability Weekly <news@example.com>\n"
	"List-Id: <weekly.example.com>\n"
	"Subject: Delivery failure: what 550 5.1.1 means\n\n"
	"550 5.1.1 means the mailbox is unknown; ask anna.lee@example.net.\n",

	"From: Zhang Wei <postmaster@example.org>\n"
	"Subject: \xe7\xad\x94\xe5\xa4\x8d\xef\xbc\x9aUndeliverable: report\n\n"
	"Mail to li.na@example.net failed: 550 5.1.1 user unknown\n",

	"From: Tom Green <tom.green@example.org>\n"
	"Subject: Automatic reply: Returned mail: see transcript\n\n"
	"I am away; write to desk.cover@example.org, 552 thanks.\n",

	"From: Support <support@example.com>\n"
	"Subject: [Request #12345] Undelivered emails to customers\n\n"
	"You wrote: mail to anna@example.net fails with 550 5.1.1.\n",

	"From: Postmaster <postmaster@example.com>\n"
	"Subject: Weekly report of undeliverable mail\n\n"
	"This week 12 messages to outside addresses were undeliverable.\n"
	"Questions go to the help desk at help.desk@example.com.\n"
	"The top sender was newsletter@example.org with 7 messages.\n",

	"From: \"Spam Filter\" <postmaster@example.com>\n"
	"Subject: Quarantine report: 2 undelivered messages\n\n"
	"Messages held as spam (not delivered to you):\n\n"
	"  offers@example.net    \"Cheap watches\"\n"
	"  promo@example.org     \"You won\"\n",

	"From: System Administrator <postmaster@example.com>\n"
	"Subject: Warning: your mailbox is full - new mail will be undeliverable\n\n"
	"Your mailbox jane@example.org has exceeded its quota (mailbox full).\n"
	"Messages sent to you, for instance by bob@example.net, will be\n"
	"returned to their senders until you delete some mail.\n",
	NULL
};


/*
 * A report that names no address: the one address the returned message
 * was sent to is the recipient; with two, neither can be told to be it.
 */
#define ADDRESSEE_REPORT(to, message_id) \
"From: MAILER-DAEMON@gw.example.net\n" \
"To: jane.roe@example.com\n" \
"Subject: Returned mail: Mailbox full\n" \
"\n" \
"The recipient's mailbox is full and cannot accept messages now.\n" \
"\n" \
"----- Original message -----\n" \
"\n" \
"Received: from mail.example.com by gw.example.net; Mon, 14 Apr 2025\n" \
"From: Jane Roe <jane.roe@example.com>\n" \
"To: " to "\n" \
"Message-ID: <" message_id ">\n"

static const char plaintext_addressee[] =
ADDRESSEE_REPORT("Bob Miller <bob.miller@example.net>",
				 "q3-report-77@example.com");

static const char plaintext_two_addressees[] =
ADDRESSEE_REPORT("ann@example.net, Bob Miller <bob.miller@example.net>",
				 "q3-report-78@example.com");

/*
 * Each address's error ends where another address's begins, on the same
 * line or on a later one; an address named again (a server's answer
 * quoting it) keeps its words.
 */
static const char plaintext_neighbours[] =
"From: MAILER-DAEMON@gw.example.net\n"
"Subject: failure notice\n"
"\n"
"<alice@example.com>: 550 user unknown; <bob@example.com>: 552 mailbox full\n"
"<carol@example.net>:\n"
"Remote host said: 550 carol@example.net... No such user\n"
"<dave@example.net>:\n"
"host mx.example.net said:\n"
"452 4.2.2 mailbox over quota\n";

/* A delay notice from the mail system: the row is delayed, not failed. */
static const char plaintext_delay[] =
"From: postmaster@relay.example.com\n"
"Subject: Mail delivery warning\n"
"\n"
"Your message has not yet been delivered to the recipient below; we will\n"
"keep trying for four more days.\n"
"\n"
"  m.fischer@example.com\n"
"\n"
"--- Below this line is a copy of the message headers.\n"
"\n"
"Received: from mail.example.org by relay.example.com; Wed, 16 Apr 2025\n"
"From: news@example.org\n"
"Message-ID: <april-2025.mf@example.org>\n";

/* The prose bounce reader. */
static void
check_plaintext(void)
{
	static const misc_row rows[] = {
		{"t.weber@example.net", "5.0.0", 0, "mailboxfull", 0},
		{"no.such.person@example.net", "5.1.1", 0, "userunknown", 1},
		{"m.fischer@example.com", "5.7.1", 550, "spamdetected", 0}};
	static const misc_row gateway[] = {
		{"jane.doe@example.org", "5.7.1", 550, "policyviolation", 0}};
	static const misc_row addressee[] = {
		{"bob.miller@example.net", "5.0.0", 0, "mailboxfull", 0}};

	static const misc_row neighbours[] = {
		{"alice@example.com", "5.0.0", 550, "userunknown", 1},
		{"bob@example.com", "5.0.0", 552, "mailboxfull", 0},
		{"carol@example.net", "5.0.0", 550, "userunknown", 1},
		{"dave@example.net", "4.2.2", 452, "mailboxfull", 0}};
	bnc_result	res;
	int			i;

	check_message(plaintext_01, "plaintext", rows, 3);
	bnc_parse(plaintext_01, strlen(plaintext_01), unit_arena(), &res);
	CHECK_STR_EQ(res.original_message_id, "<ship-20417@example.org>");
	if (res.nrcpts == 3)
		CHECK_STR_EQ(res.rcpts[2].remote_mta, "mx.example.com");
	unit_arena_reset();

	CHECK_INT_EQ(bnc_parse(plaintext_reply, strlen(plaintext_reply),
						   unit_arena(), &res), BNC_PARSE_NOT_BOUNCE);
	CHECK_INT_EQ(res.nrcpts, 0);
	unit_arena_reset();

	CHECK_INT_EQ(bnc_parse(plaintext_parcel, strlen(plaintext_parcel),
						   unit_arena(), &res), BNC_PARSE_NOT_BOUNCE);
	unit_arena_reset();

	check_message(plaintext_gateway, "plaintext", gateway, 1);
	check_message(plaintext_addressee, "plaintext", addressee, 1);
	check_message(plaintext_neighbours, "plaintext", neighbours, 4);
	CHECK_INT_EQ(bnc_parse(plaintext_two_addressees,
						   strlen(plaintext_two_addressees), unit_arena(),
						   &res), BNC_PARSE_NOT_BOUNCE);
	unit_arena_reset();

	for (i = 0; plaintext_not[i] != NULL; i++)
	{
		CHECK_INT_EQ(bnc_parse(plaintext_not[i], strlen(plaintext_not[i]),
							   unit_arena(), &res), BNC_PARSE_NOT_BOUNCE);
		unit_arena_reset();
	}

	CHECK_INT_EQ(bnc_parse(plaintext_delay, strlen(plaintext_delay),
						   unit_arena(), &res), BNC_PARSE_OK);
	CHECK_STR_EQ(res.format, "plaintext");
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].recipient, "m.fischer@example.com");
		CHECK_INT_EQ(res.rcpts[0].action, BNC_ACTION_DELAYED);
		CHECK_STR_EQ(misc_status(&res.rcpts[0]), "4.0.0");
		CHECK_STR_EQ(bnc_reason_name(res.rcpts[0].reason), "expired");
	}
	unit_arena_reset();
}

/* Where the decoders take SMTP details from: commands, hosts, remarks. */
static void
check_details(void)
{
	bnc_result	res;

	bnc_parse(x3_01, strlen(x3_01), unit_arena(), &res);
	CHECK_INT_EQ(res.nrcpts, 2);
	if (res.nrcpts == 2)
	{
		CHECK_STR_EQ(res.rcpts[1].smtp_command, "RCPT");
		CHECK_STR_EQ(res.rcpts[1].remote_mta, "192.0.2.17");
		CHECK_STR_EQ(res.rcpts[1].diagnostic,
					 "552 5.2.2 <lena.v@example.com>... Mailbox full");
	}
	bnc_parse(x6_01, strlen(x6_01), unit_arena(), &res);
	CHECK_INT_EQ(res.nrcpts, 2);
	if (res.nrcpts == 2)
	{
		CHECK_STR_EQ(res.rcpts[0].remote_mta, "mx1.example.com");
		CHECK_STR_EQ(res.rcpts[0].diagnostic, "550 5.1.1 User unknown");
	}
	bnc_parse(mfilter_01, strlen(mfilter_01), unit_arena(), &res);
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
		CHECK_STR_EQ(res.rcpts[0].smtp_command, "RCPT");
	CHECK_STR_EQ(res.original_message_id,
				 "<notes.0320.1742450920@corp.example.com>");
	bnc_parse(x2_02, strlen(x2_02), unit_arena(), &res);
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].smtp_command, "DATA");
		CHECK_STR_EQ(res.rcpts[0].remote_mta, "203.0.113.25");
	}
	bnc_parse(fml_01, strlen(fml_01), unit_arena(), &res);
	CHECK_STR_EQ(res.original_message_id, "<seed.0322.mo@example.net>");
	bnc_parse(ezweb_02, strlen(ezweb_02), unit_arena(), &res);
	CHECK_INT_EQ(res.nrcpts, 2);
	if (res.nrcpts == 2)
		CHECK_STR_EQ(res.rcpts[1].diagnostic,
					 "The user(s) account is disabled.");
	unit_arena_reset();
}

/* Format-specific rules of the Exim, Sendmail and qmail decoders. */
static void
check_mta_rules(void)
{
	static const misc_row pipe[] = {
		{"tickets@example.net", "5.0.0", 0, "mailererror", 0}};
	static const misc_row local[] = {
		{"sales@example.org", "5.3.0", 554, "mailererror", 0}};
	bnc_result	res;

	check_message(exim_pipe, "exim", pipe, 1);
	check_message(sendmail_local, "sendmail", local, 1);

	bnc_parse(qmail_greeting, strlen(qmail_greeting), unit_arena(), &res);
	CHECK_INT_EQ(res.nrcpts, 1);
	if (res.nrcpts == 1)
	{
		CHECK_STR_EQ(res.rcpts[0].smtp_command, "CONNECT");
		CHECK_INT_EQ(res.rcpts[0].reply_code, 554);
		CHECK_STR_EQ(bnc_reason_name(res.rcpts[0].reason), "blocked");
	}
	unit_arena_reset();
}

/* Entry point listed in tests.def. */
void
test_decoder_misc(void)
{
	check_japanese();
	check_unnamed();
	check_plaintext();
	check_details();
	check_mta_rules();
}
