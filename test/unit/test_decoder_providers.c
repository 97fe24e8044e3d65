/*-------------------------------------------------------------------------
 *
 * test_decoder_providers.c
 *		Unit tests of the decoders for mail providers' own bounce formats:
 *		Yahoo! Mail, Zoho Mail, GMX and 1&1, OpenSMTPD, Amazon SES and
 *		WorkMail, Exchange Online, Google Groups, Gmail's notices and
 *		Verizon's gateway.
 *
 * The messages are those of test/fixtures, inlined so that the tests do
 * not depend on the working directory.
 *
 * test/unit/test_decoder_providers.c
 *
 *-------------------------------------------------------------------------
 */
#include "unit.h"
#include "decoder_check.h"

/* test/fixtures/yahoo-01-two-recipients.eml */
static const char yahoo_01[] =
"From: MAILER-DAEMON@mail.example.com\n"
"To: r.alvarez@example.com\n"
"Date: Mon, 10 Mar 2025 06:12:40 -0000\n"
"Subject: Failure Notice\n"
"\n"
"Sorry, we were unable to deliver your message to the following address.\n"
"\n"
"<t.bauer@example.org>:\n"
"Remote host said: 552 5.2.2 <t.bauer@example.org>... Mailbox over quota [RCPT_TO]\n"
"\n"
"<e.kowalski@example.net>:\n"
"Remote host said:\n"
"550 5.1.1 <e.kowalski@example.net>... No such user\n"
"[RCPT_TO]\n"
"\n"
"--- Below this line is a copy of the message.\n"
"\n"
"Received: from [192.0.2.77] by smtp.mail.example.com with NNFMP; 10 Mar 2025 06:12:38 -0000\n"
"From: Rosa Alvarez <r.alvarez@example.com>\n"
"To: t.bauer@example.org, e.kowalski@example.net\n"
"Subject: Choir rehearsal moved to Thursday\n"
"Message-ID: <choir.0310.ra.51c7@example.com>\n"
"Date: Mon, 10 Mar 2025 07:12:36 +0100\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n"
"Rehearsal is on Thursday this week, same time.\n";

/* test/fixtures/zoho-01-userunknown-expired.eml */
static const char zoho_01[] =
"Date: Tue, 11 Mar 2025 02:46:25 -0800\n"
"From: mailer-daemon@mail.example.com\n"
"To: p.novak@example.com\n"
"Message-ID: <195a1b5025.0a1b2c3d.77@mail.example.com>\n"
"Subject: Undelivered Mail Returned to Sender\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/mixed; boundary=\"----=_Part_41_2213.1741689985\"\n"
"\n"
"------=_Part_41_2213.1741689985\n"
"Content-Type: text/plain; charset=\"UTF-8\"\n"
"Content-Transfer-Encoding: quoted-printable\n"
"\n"
"This message was created automatically by mail delivery software.\n"
"A message that you sent could not be delivered to one or more of its recip=\n"
"ients. This is a permanent error.=20\n"
"\n"
"h.lindqvist@example.net Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.=\n"
"1 <h.lindqvist@example.net>... User unknown\n"
"orders@shop.example.org Error, ERROR_CODE :421, ERROR_CODE :, Host not reac=\n"
"hable.\n"
"\n"
"\n"
"Message-ID:<195a1b4b5a.9f3e.p.novak@example.com>\n"
"Date:Tue, 11 Mar 2025 10:44:02 +0000\n"
"From:Petr Novak <p.novak@example.com>\n"
"To:<h.lindqvist@example.net>, <orders@shop.example.org>\n"
"Subject:Spare parts list\n"
"Content-Type:text/plain; charset=3D\"UTF-8\"\n"
"------=_Part_41_2213.1741689985--\n";

/* test/fixtures/gmx-01-two-recipients.eml */
static const char gmx_01[] =
"Return-Path: <>\n"
"Date: Wed, 12 Mar 2025 18:00:14 +0100\n"
"From: MAILER-DAEMON@mail.example.net\n"
"To: m.weber@example.net\n"
"Subject: Mail delivery failed: returning message to sender\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=utf-8\n"
"Content-Transfer-Encoding: 8bit\n"
"\n"
"This message was created automatically by mail delivery software.\n"
"\n"
"A message that you sent could not be delivered to one or more of\n"
"its recipients. This is a permanent error. The following address\n"
"failed:\n"
"\n"
"\"c.dubois@example.org\":\n"
"SMTP error from remote server after RCPT command:\n"
"host: mx1.example.org\n"
"550 5.1.1 <c.dubois@example.org>: Recipient address rejected: User unknown\n"
"\"archive@example.com\":\n"
"SMTP error from remote server after RCPT command:\n"
"host: mx.example.com\n"
"552 5.2.2 <archive@example.com>: Mailbox full\n"
"\n"
"\n"
"--- The header of the original message is following. ---\n"
"\n"
"Message-ID: <ui-6d3c1f2e-1741798813@ws.example.net>\n"
"From: Martin Weber <m.weber@example.net>\n"
"To: c.dubois@example.org, archive@example.com\n"
"Subject: Invoice 2025-0312\n"
"Date: Wed, 12 Mar 2025 18:00:13 +0100\n";

/* test/fixtures/einsundeins-01-spam.eml */
static const char einsundeins_01[] =
"Return-Path: <>\n"
"From: \"Mail Delivery System\" <mailer-daemon@kundenserver.de>\n"
"To: shop@example.com\n"
"Subject: Mail delivery failed: returning message to sender\n"
"Date: Thu, 13 Mar 2025 12:54:28 +0100\n"
"Auto-Submitted: auto-replied\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=utf-8\n"
"Content-Transfer-Encoding: 8bit\n"
"\n"
"This message was created automatically by mail delivery software.\n"
"\n"
"A message that you sent could not be delivered to one or more of\n"
"its recipients. This is a permanent error. The following address(es)\n"
"failed:\n"
"\n"
"l.moretti@example.org:\n"
"SMTP error from remote server for TEXT command, host: mx2.example.org (203.0.113.25) reason: 550 5.7.1 Message rejected as spam by content filter\n"
"\n"
"\n"
"\n"
"--- The header of the original message is following. ---\n"
"\n"
"Message-Id: <spring-sale.1741866867@example.com>\n"
"From: <shop@example.com>\n"
"To: l.moretti@example.org\n"
"Subject: Spring sale starts today\n"
"Date: Thu, 13 Mar 2025 12:54:27 +0100\n"
"MIME-Version: 1.0\n";

/* test/fixtures/opensmtpd-01-two-recipients.eml */
static const char opensmtpd_01[] =
"Return-Path: <>\n"
"Subject: Delivery status notification: error\n"
"From: Mailer Daemon <MAILER-DAEMON@relay.example.com>\n"
"To: a.fischer@example.com\n"
"Date: Fri, 14 Mar 2025 11:20:14 +0000 (UTC)\n"
"Message-Id: <67d4109e.a1b2c3d4@relay.example.com>\n"
"\n"
"    Hi!\n"
"\n"
"    This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.\n"
"\n"
"    An error has occurred while attempting to deliver a message for\n"
"    the following list of recipients:\n"
"\n"
"j.horvat@example.net: 550 5.1.1 <j.horvat@example.net>: Recipient address rejected: User unknown in virtual mailbox table\n"
"info@gone.example.org: Domain does not exist\n"
"\n"
"    Below is a copy of the original message:\n"
"\n"
"Received: from ws.example.com (ws.example.com [192.0.2.40])\n"
"\tby relay.example.com (OpenSMTPD) with ESMTPSA id 1e2a9eaa;\n"
"\tFri, 14 Mar 2025 11:19:54 +0000 (UTC)\n"
"From: Anna Fischer <a.fischer@example.com>\n"
"To: j.horvat@example.net, info@gone.example.org\n"
"Subject: Board minutes\n"
"Message-Id: <minutes-0314.af@example.com>\n"
"Date: Fri, 14 Mar 2025 12:19:50 +0100\n"
"\n"
"Minutes attached.\n";

/* test/fixtures/opensmtpd-02-delayed-networkerror.eml */
static const char opensmtpd_02[] =
"Return-Path: <>\n"
"Subject: Delivery status notification: delayed\n"
"From: Mailer Daemon <MAILER-DAEMON@relay.example.com>\n"
"To: a.fischer@example.com\n"
"Date: Fri, 14 Mar 2025 15:30:45 +0000 (UTC)\n"
"Message-Id: <67d44b55.b2c3d4e5@relay.example.com>\n"
"\n"
"    Hi!\n"
"\n"
"    This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.\n"
"\n"
"    A message is delayed for more than 4 hours for the following\n"
"    list of recipients:\n"
"\n"
"s.ito@example.org: Network error on destination MXs\n"
"\n"
"    Please note that this is only a temporary failure report.\n"
"    The message is kept in the queue for up to 4 days.\n"
"    You DO NOT NEED to re-send the message to these recipients.\n"
"\n"
"    Below is a copy of the original message:\n"
"\n"
"Received: from ws.example.com (ws.example.com [192.0.2.40])\n"
"\tby relay.example.com (OpenSMTPD) with ESMTPSA id 74009b37;\n"
"\tFri, 14 Mar 2025 11:24:05 +0000 (UTC)\n"
"From: Anna Fischer <a.fischer@example.com>\n"
"To: s.ito@example.org\n"
"Subject: Visit in April\n"
"Message-Id: <visit-april.af@example.com>\n"
"Date: Fri, 14 Mar 2025 12:24:01 +0100\n"
"\n"
"Would the week of the 14th suit you?\n";

/* test/fixtures/amazonses-01-json-bounce.eml */
static const char amazonses_01[] =
"Date: Sat, 15 Mar 2025 00:06:40 +0000\n"
"From: Bounce Topic <no-reply@sns.amazonaws.com>\n"
"To: bounces@example.com\n"
"Message-ID: <0101019597a0da-4a7e.0001@email.amazonses.com>\n"
"Subject: AWS Notification Message\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 7bit\n"
"x-amz-sns-message-id: 9b2d8c4e-1f3a-5b6c-8d7e-0f1a2b3c4d5e\n"
"\n"
"{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\",\"bouncedRecipients\":[{\"emailAddress\":\"d.murphy@example.org\",\"action\":\"failed\",\"status\":\"5.1.1\",\"diagnosticCode\":\"smtp; 550 5.1.1 <d.murphy@example.org>: Recipient address rejected: User unknown\"},{\"emailAddress\":\"sales@example.net\",\"action\":\"failed\",\"status\":\"5.7.1\",\"diagnosticCode\":\"smtp; 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org\"}],\"timestamp\":\"2025-03-15T00:06:40.502Z\",\"feedbackId\":\"0101019597a03f-c7e9-000000\",\"reportingMTA\":\"dsn; a1-2.smtp-out.example.com\"},\"mail\":{\"timestamp\":\"2025-03-15T00:06:39.000Z\",\"source\":\"news@example.com\",\"messageId\":\"0101019597a09b-891e-000000\",\"destination\":[\"d.murphy@example.org\",\"sales@example.net\"]}}\n"
"\n"
"--\n"
"If you wish to stop receiving notifications from this topic, please unsubscribe.\n";

/* test/fixtures/amazonses-02-expired.eml */
static const char amazonses_02[] =
"From: MAILER-DAEMON@amazonses.com\n"
"To: alerts@example.com\n"
"Subject: Delivery Status Notification (Failure)\n"
"Date: Sun, 16 Mar 2025 08:42:10 +0000\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report; report-type=delivery-status;\n"
"\tboundary=\"=_ses_7f3a\"\n"
"X-SES-Outgoing: 2025.03.16-198.51.100.225\n"
"\n"
"--=_ses_7f3a\n"
"Content-Type: text/plain; charset=UTF-8\n"
"\n"
"An error occurred while trying to deliver the mail to the following recipients:\n"
"ops@slow.example.net\n"
"\n"
"--=_ses_7f3a\n"
"Content-Type: message/delivery-status\n"
"\n"
"Reporting-MTA: dns; a2-33.smtp-out.eu-west-1.amazonses.com\n"
"\n"
"Final-Recipient: rfc822; ops@slow.example.net\n"
"Action: failed\n"
"Status: 4.4.7\n"
"Diagnostic-Code: smtp; 554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>\n"
"\n"
"--=_ses_7f3a\n"
"Content-Type: text/rfc822-headers\n"
"\n"
"From: Alerts <alerts@example.com>\n"
"To: ops@slow.example.net\n"
"Subject: Disk usage above 90 percent\n"
"Message-ID: <alert.disk.1742050930@example.com>\n"
"Date: Sat, 15 Mar 2025 18:42:10 +0000\n"
"\n"
"--=_ses_7f3a--\n";

/* test/fixtures/amazonworkmail-01-mailboxfull.eml */
static const char amazonworkmail_01[] =
"From: MAILER-DAEMON@eu-west-1.amazonses.com\n"
"To: n.kaur@example.com\n"
"Subject: Delivery Status Notification (Failure)\n"
"Date: Mon, 17 Mar 2025 09:15:02 +0000\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/mixed; boundary=\"=_wm_b51c\"\n"
"X-Mailer: Amazon WorkMail\n"
"\n"
"This is a multi-part message in MIME format.\n"
"--=_wm_b51c\n"
"Content-Type: text/plain; charset=iso-8859-15\n"
"Content-Transfer-Encoding: quoted-printable\n"
"\n"
"An error occurred while trying to deliver the mail to the following recip=\n"
"ients:\n"
"o.berg@example.org\n"
"\n"
"Technical report:\n"
"\n"
"Reporting-MTA: dns; a3-44.smtp-out.eu-west-1.amazonses.com\n"
"\n"
"Action: failed\n"
"Final-Recipient: rfc822; o.berg@example.org\n"
"Diagnostic-Code: smtp; 552 5.2.2 <o.berg@example.org>... Mailbox full\n"
"Status: 5.2.2\n"
"\n"
"\n"
"--=_wm_b51c\n"
"Content-Type: message/rfc822\n"
"\n"
"From: Neha Kaur <n.kaur@example.com>\n"
"To: o.berg@example.org\n"
"Subject: Lab results\n"
"Message-ID: <lab.0317.nk.c2a1@example.com>\n"
"Date: Mon, 17 Mar 2025 09:14:58 +0000\n"
"\n"
"Results are in the shared folder.\n"
"--=_wm_b51c--\n";

/* test/fixtures/googlegroups-01-rejected.eml */
static const char googlegroups_01[] =
"Auto-Submitted: auto-replied\n"
"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
"To: v.rossi@example.com\n"
"Subject: Delivery Status Notification (Failure)\n"
"Date: Tue, 18 Mar 2025 03:12:44 -0700 (PDT)\n"
"X-Failed-Recipients: hiking-club@example.org\n"
"Content-Type: text/plain; charset=\"UTF-8\"\n"
"\n"
"Hello v.rossi@example.com,\n"
"\n"
"The group you wrote to (hiking-club) may not exist, or you may not be allowed to post to it.\n"
"\n"
" * The group's address may be misspelled.\n"
" * The group may have been deleted by its owner.\n"
" * You may need to join the group first.\n"
"\n"
"For help with this or any other Google group, visit https://groups.google.com/support/.\n"
"\n"
"Google Groups\n"
"\n"
"\n"
"\n"
"----- Original message -----\n"
"\n"
"From: Valeria Rossi <v.rossi@example.com>\n"
"To: hiking-club@example.org\n"
"Subject: Sunday route\n"
"Message-ID: <route.0318.vr@example.com>\n"
"Date: Tue, 18 Mar 2025 11:12:40 +0100\n"
"\n"
"Meeting at the station at eight.\n";

/* test/fixtures/googleworkspace-01-customfrom.eml */
static const char googleworkspace_01[] =
"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
"To: b.owusu@example.com\n"
"Subject: Delivery Status Notification (Failure)\n"
"Date: Wed, 19 Mar 2025 05:40:31 -0700 (PDT)\n"
"Auto-Submitted: auto-replied\n"
"X-Failed-Recipients: board@lists.example.net\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report; boundary=\"0000000000a1b2c3\"; report-type=delivery-status\n"
"\n"
"--0000000000a1b2c3\n"
"Content-Type: text/plain; charset=\"UTF-8\"\n"
"\n"
"\n"
"** Message not delivered **\n"
"\n"
"The \"Send mail as\" address you used is set up with an outgoing server that refused it. Check the settings of that address and send again.\n"
"\n"
"Learn more here: https://support.google.com/mail/?p=CustomFromDenied\n"
"\n"
"The response was:\n"
"\n"
"Unspecified Error (SENT_SECOND_EHLO): Smtp server does not advertise AUTH capability\n"
"\n"
"--0000000000a1b2c3\n"
"Content-Type: message/delivery-status\n"
"\n"
"\n"
"--0000000000a1b2c3\n"
"Content-Type: message/rfc822\n"
"\n"
"From: Ben Owusu <ben@alias.example.com>\n"
"To: board@lists.example.net\n"
"Subject: Agenda for Friday\n"
"Message-ID: <agenda.0319.bo@alias.example.com>\n"
"Date: Wed, 19 Mar 2025 13:40:28 +0100\n"
"\n"
"Agenda attached.\n"
"\n"
"--0000000000a1b2c3--\n";

/* test/fixtures/verizon-01-userunknown.eml */
static const char verizon_01[] =
"From: post_master@gateway.example.net\n"
"To: w.tan@example.com\n"
"Subject: Re: Pickup time\n"
"Message-ID: <00000000.191919.1742431111111.gw@gateway.example.net>\n"
"Date: 20 Mar 2025 00:38:31 -0000\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"Content-Transfer-Encoding: 7bit\n"
"\n"
"Error: Invalid user address\n"
"\n"
"Error message below:\n"
"550 - Requested action not taken: no such user here\n"
"\n"
"Message details:\n"
"  Subject: Pickup time\n"
"  Sent date: Thu Mar 20 00:38:30 GMT 2025\n"
"  MAIL FROM: w.tan@example.com\n"
"  RCPT TO: 5550100@gateway.example.net\n"
"  From: w.tan@example.com\n"
"  Size (in bytes): 412\n"
"  Number of lines: 3\n";

/* test/fixtures/gmail-03-connect-expired.eml */
static const char gmail_03[] =
"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
"To: i.petrov@example.com\n"
"X-Failed-Recipients: frontdesk@hotel.example.net\n"
"Subject: Delivery Status Notification (Failure)\n"
"Message-ID: <67dc3a11.5e6f.GMR@mx.google.com>\n"
"Date: Fri, 21 Mar 2025 08:43:00 -0700 (PDT)\n"
"Content-Type: text/plain; charset=UTF-8\n"
"\n"
"Delivery to the following recipient failed permanently:\n"
"\n"
"     frontdesk@hotel.example.net\n"
"\n"
"Technical details of permanent failure:\n"
"The recipient server did not accept our requests to connect. Learn more at https://support.google.com/mail/answer/7720\n"
"[hotel.example.net 203.0.113.80: timed out]\n"
"\n"
"----- Original message -----\n"
"\n"
"From: Ivan Petrov <i.petrov@example.com>\n"
"To: frontdesk@hotel.example.net\n"
"Subject: Late arrival\n"
"Message-ID: <CAJk2mZr8Qw1Lx5Tn3Vb7Hc0Pe9Sf4Ud6Yg2Ka8Mj1Nz@mail.example.com>\n"
"Date: Tue, 18 Mar 2025 09:12:30 +0100\n"
"\n"
"We will arrive after midnight.\n";

/* test/fixtures/office365-01-recipientnotfound.eml */
static const char office365_01[] =
"From: Microsoft Outlook <postmaster@tenant.example.com>\n"
"To: <g.silva@example.com>\n"
"Date: Sat, 22 Mar 2025 04:18:31 +0000\n"
"Subject: Undeliverable: Quarterly figures\n"
"Content-Type: multipart/report; report-type=delivery-status;\n"
"\tboundary=\"b1d2e3f4-0a1b-4c5d-8e9f-001122334455\"\n"
"X-MS-Exchange-Message-Is-Ndr:\n"
"Message-ID: <ndr.7c1e2f3a-9b8d@tenant.example.com>\n"
"MIME-Version: 1.0\n"
"X-MS-Exchange-CrossTenant-OriginalArrivalTime: 22 Mar 2025 04:18:31.0000 (UTC)\n"
"X-MS-Exchange-CrossTenant-FromEntityHeader: Hosted\n"
"\n"
"--b1d2e3f4-0a1b-4c5d-8e9f-001122334455\n"
"Content-Type: text/plain; charset=\"us-ascii\"\n"
"\n"
"Delivery has failed to these recipients or groups:\n"
"\n"
"m.keller@example.org\n"
"The email address you entered couldn't be found. Check the address and try sending again.\n"
"\n"
"Diagnostic information for administrators:\n"
"\n"
"Generating server: AM0PR01MB0001.eurprd01.prod.example.com\n"
"\n"
"m.keller@example.org\n"
"Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'\n"
"\n"
"--b1d2e3f4-0a1b-4c5d-8e9f-001122334455\n"
"Content-Type: message/delivery-status\n"
"\n"
"Reporting-MTA: dns;AM0PR01MB0001.eurprd01.prod.example.com\n"
"Received-From-MTA: dns;AM0PR01MB0002.eurprd01.prod.example.com\n"
"Arrival-Date: Sat, 22 Mar 2025 04:18:30 +0000\n"
"\n"
"Final-Recipient: rfc822;m.keller@example.org\n"
"Action: failed\n"
"Status: 5.1.10\n"
"Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup\n"
"\n"
"--b1d2e3f4-0a1b-4c5d-8e9f-001122334455\n"
"Content-Type: text/rfc822-headers\n"
"\n"
"From: Gabriel Silva <g.silva@example.com>\n"
"To: <m.keller@example.org>\n"
"Subject: Quarterly figures\n"
"Date: Sat, 22 Mar 2025 04:18:25 +0000\n"
"Message-ID: <q1-figures.gs.8a71@example.com>\n"
"\n"
"--b1d2e3f4-0a1b-4c5d-8e9f-001122334455--\n";

/* Parse msg and compare every row with want[0..n), and the format. */
static void
check_message(const char *msg, const char *format, const decoder_row *want,
			  int n, const char *message_id)
{
	bnc_result	res;

	CHECK_INT_EQ(bnc_parse(msg, strlen(msg), unit_arena(), &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, n);
	CHECK_STR_EQ(res.format, format);
	if (message_id)
		CHECK_STR_EQ(res.original_message_id, message_id);
	decoder_check_rows(&res, want, n);
	unit_arena_reset();
}

/* Yahoo!, Zoho, GMX and 1&1 plain-text notices. */
static void
check_webmail(void)
{
	static const decoder_row yahoo[] = {
		{"t.bauer@example.org", "failed", "5.2.2", 552, "mailboxfull", 0,
		"RCPT", NULL},
		{"e.kowalski@example.net", "failed", "5.1.1", 550, "userunknown", 1,
		"RCPT", NULL}
	};
	static const decoder_row zoho[] = {
		{"h.lindqvist@example.net", "failed", "5.1.1", 550, "userunknown", 1,
		NULL, NULL},
		{"orders@shop.example.org", "failed", "4.0.0", 421, "expired", 0,
		NULL, NULL}
	};
	static const decoder_row gmx[] = {
		{"c.dubois@example.org", "failed", "5.1.1", 550, "userunknown", 1,
		"RCPT", "mx1.example.org"},
		{"archive@example.com", "failed", "5.2.2", 552, "mailboxfull", 0,
		"RCPT", "mx.example.com"}
	};
	static const decoder_row einsundeins[] = {
		{"l.moretti@example.org", "failed", "5.7.1", 550, "spamdetected", 0,
		"DATA", "mx2.example.org"}
	};

	check_message(yahoo_01, "yahoo", yahoo, 2, "<choir.0310.ra.51c7@example.com>");
	check_message(zoho_01, "zoho", zoho, 2,
				  "<195a1b4b5a.9f3e.p.novak@example.com>");
	check_message(gmx_01, "gmx", gmx, 2, "<ui-6d3c1f2e-1741798813@ws.example.net>");
	check_message(einsundeins_01, "einsundeins", einsundeins, 1,
				  "<spring-sale.1741866867@example.com>");
}

/* OpenSMTPD's failure and delay notices. */
static void
check_opensmtpd(void)
{
	static const decoder_row failed[] = {
		{"j.horvat@example.net", "failed", "5.1.1", 550, "userunknown", 1,
		NULL, NULL},
		{"info@gone.example.org", "failed", "5.0.0", 0, "hostunknown", 1,
		NULL, NULL}
	};
	static const decoder_row delayed[] = {
		{"s.ito@example.org", "delayed", "4.0.0", 0, "networkerror", 0,
		NULL, NULL}
	};

	check_message(opensmtpd_01, "opensmtpd", failed, 2,
				  "<minutes-0314.af@example.com>");
	check_message(opensmtpd_02, "opensmtpd", delayed, 1,
				  "<visit-april.af@example.com>");
}

/* Amazon SES notifications and reports, Amazon WorkMail reports. */
static void
check_amazon(void)
{
	static const decoder_row json[] = {
		{"d.murphy@example.org", "failed", "5.1.1", 550, "userunknown", 1,
		NULL, NULL},
		{"sales@example.net", "failed", "5.7.1", 554, "blocked", 0,
		NULL, NULL}
	};
	static const decoder_row expired[] = {
		{"ops@slow.example.net", "failed", "4.4.2", 421, "expired", 0,
		NULL, NULL}
	};
	static const decoder_row workmail[] = {
		{"o.berg@example.org", "failed", "5.2.2", 552, "mailboxfull", 0,
		NULL, NULL}
	};

	check_message(amazonses_01, "amazonses", json, 2, NULL);
	check_message(amazonses_02, "amazonses", expired, 1,
				  "<alert.disk.1742050930@example.com>");
	check_message(amazonworkmail_01, "amazonworkmail", workmail, 1,
				  "<lab.0317.nk.c2a1@example.com>");
}

/* Exchange Online's reports. */
static void
check_office365(void)
{
	static const decoder_row notfound[] = {
		{"m.keller@example.org", "failed", "5.1.10", 550, "userunknown", 1,
		NULL, NULL}
	};

	check_message(office365_01, "office365", notfound, 1,
				  "<q1-figures.gs.8a71@example.com>");
}

/* The other kinds of SES notification: complaints and deliveries. */
static void
check_amazon_other_kinds(void)
{
	static const char complaint[] =
	"From: Feedback Topic <no-reply@sns.amazonaws.com>\n"
	"To: feedback@example.com\n"
	"Subject: AWS Notification Message\n"
	"Content-Type: text/plain; charset=UTF-8\n"
	"\n"
	"{\"notificationType\":\"Complaint\",\"complaint\":{\"complainedRecipients\":"
	"[{\"emailAddress\":\"reader@example.org\"}],\"complaintFeedbackType\":"
	"\"abuse\"},\"mail\":{\"source\":\"news@example.com\"}}\n";
	static const char delivery[] =
	"From: Delivery Topic <no-reply@sns.amazonaws.com>\n"
	"To: feedback@example.com\n"
	"Subject: AWS Notification Message\n"
	"Content-Type: text/plain; charset=UTF-8\n"
	"\n"
	"{\"notificationType\" : \"Delivery\", \"delivery\" : {\"recipients\" :"
	" [\"a@example.org\", \"b@example.net\"], \"smtpResponse\" :"
	" \"250 2.0.0 OK\"}}\n";
	bnc_result	res;

	CHECK_INT_EQ(bnc_parse(complaint, strlen(complaint), unit_arena(), &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	CHECK_STR_EQ(res.rcpts[0].recipient, "reader@example.org");
	CHECK_STR_EQ(bnc_reason_name(res.rcpts[0].reason), "feedback");
	CHECK_STR_EQ(res.rcpts[0].feedback_type, "abuse");
	unit_arena_reset();

	CHECK_INT_EQ(bnc_parse(delivery, strlen(delivery), unit_arena(), &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 2);
	CHECK_STR_EQ(res.rcpts[1].recipient, "b@example.net");
	CHECK_STR_EQ(bnc_action_name(res.rcpts[1].action), "delivered");
	CHECK_STR_EQ(bnc_reason_name(res.rcpts[1].reason), "delivered");
	CHECK_INT_EQ(res.rcpts[1].reply_code, 250);
	unit_arena_reset();
}

/* Google Groups, Gmail's notices, Verizon's gateway. */
static void
check_google_verizon(void)
{
	static const decoder_row groups[] = {
		{"hiking-club@example.org", "failed", "5.0.0", 0, "rejected", 0,
		NULL, NULL}
	};
	static const decoder_row customfrom[] = {
		{"board@lists.example.net", "failed", "5.0.0", 0, "rejected", 0,
		NULL, NULL}
	};
	static const decoder_row connect[] = {
		{"frontdesk@hotel.example.net", "failed", "5.0.0", 0, "expired", 0,
		NULL, NULL}
	};
	static const decoder_row verizon[] = {
		{"5550100@gateway.example.net", "failed", "5.0.0", 550,
		"userunknown", 1, NULL, NULL}
	};

	check_message(googlegroups_01, "googlegroups", groups, 1,
				  "<route.0318.vr@example.com>");
	check_message(googleworkspace_01, "gmail", customfrom, 1,
				  "<agenda.0319.bo@alias.example.com>");
	check_message(gmail_03, "gmail", connect, 1,
				  "<CAJk2mZr8Qw1Lx5Tn3Vb7Hc0Pe9Sf4Ud6Yg2Ka8Mj1Nz@mail.example.com>");
	check_message(verizon_01, "verizon", verizon, 1, NULL);
}

/* Entry point: the provider decoders. */
void
test_decoder_providers(void)
{
	check_webmail();
	check_opensmtpd();
	check_amazon();
	check_amazon_other_kinds();
	check_office365();
	check_google_verizon();
}
