/*-------------------------------------------------------------------------
 *
 * test_decoder_enterprise.c
 *		Unit tests of the decoders for enterprise mail servers and gateways:
 *		Microsoft Exchange, Lotus Notes and Domino, IMail, InterScan MSS,
 *		MX Logic, McAfee, Oracle Messaging Server, Apache James,
 *		MailFoundry, Active!hunter and PowerMTA.
 *
 * The first messages are those of test/fixtures, inlined so that the tests
 * do not depend on the working directory; the short ones after them cover
 * the other forms the decoders read.
 *
 * test/unit/test_decoder_enterprise.c
 *
 *-------------------------------------------------------------------------
 */
#include "unit.h"
#include "decoder_check.h"

/* test/fixtures/exchange2003-01-userunknown.eml */
static const char exchange2003_01[] =
"Return-Path: <>\n"
"Received: from gw.example.org (gw.example.org [198.51.100.14])\n"
"\tby mx1.notify.example.com (Postfix) with ESMTP id 4F2A1C0B7D\n"
"\tfor <orders@notify.example.com>; Tue, 11 Mar 2025 08:14:52 +0000 (UTC)\n"
"Received: by gw.example.org with Internet Mail Service (5.5.2657.72)\n"
"\tid <GW0311AB>; Tue, 11 Mar 2025 08:14:51 +0000\n"
"Message-ID: <D4F0A1B2C3D4E5F6A7B8C9D0E1F2A3B4@gw.example.org>\n"
"From: System Administrator <postmaster@example.org>\n"
"To: orders@notify.example.com\n"
"Subject: Undeliverable: Your order 20250311-0442 has shipped\n"
"Date: Tue, 11 Mar 2025 08:14:51 +0000\n"
"MIME-Version: 1.0\n"
"X-Mailer: Internet Mail Service (5.5.2657.72)\n"
"X-MS-Embedded-Report:\n"
"Content-Type: multipart/mixed;\n"
"\tboundary=\"----_=_NextPart_000_01C2A4B7.5E3F9A20\"\n"
"\n"
"------_=_NextPart_000_01C2A4B7.5E3F9A20\n"
"Content-Type: text/plain;\n"
"\tcharset=\"iso-8859-1\"\n"
"\n"
"Your message\n"
"\n"
"  To:      p.hughes@example.org; store@example.org\n"
"  Subject: Your order 20250311-0442 has shipped\n"
"  Sent:    Tue, 11 Mar 2025 08:14:47 +0000\n"
"\n"
"did not reach the following recipient(s):\n"
"\n"
"p.hughes@example.org on Tue, 11 Mar 2025 08:14:50 +0000\n"
"    The recipient name is not recognized\n"
"\tThe MTS-ID of the original message is: c=us;a= ;p=example\n"
";l=GW0311AB0250311081447Z-41\n"
"    MSEXCH:IMS:Example:Main:GW 0 (000C05A6) Unknown Recipient\n"
"store@example.org on Tue, 11 Mar 2025 08:14:50 +0000\n"
"    The recipient name is not recognized\n"
"\tThe MTS-ID of the original message is: c=us;a= ;p=example\n"
";l=GW0311AB0250311081447Z-41\n"
"    MSEXCH:IMS:Example:Main:GW 0 (000C05A6) Unknown Recipient\n"
"\n"
"\n"
"\n"
"------_=_NextPart_000_01C2A4B7.5E3F9A20\n"
"Content-Type: message/rfc822\n"
"\n"
"Message-ID: <ship.20250311-0442.6d1e@notify.example.com>\n"
"From: Example Store <orders@notify.example.com>\n"
"To: p.hughes@example.org, store@example.org\n"
"Subject: Your order 20250311-0442 has shipped\n"
"Date: Tue, 11 Mar 2025 08:14:47 +0000\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n"
"Your parcel left our warehouse this morning.\n"
"\n"
"------_=_NextPart_000_01C2A4B7.5E3F9A20--\n";

/* test/fixtures/exchange2007-01-plain-two-recipients.eml */
static const char exchange2007_01[] =
"Return-Path: <>\n"
"Received: from EXCH01.corp.example.com (203.0.113.20) by\n"
" edge.corp.example.com (203.0.113.21) with Microsoft SMTP Server id\n"
" 14.3.498.0; Wed, 12 Mar 2025 15:02:31 +0100\n"
"From: Microsoft Exchange <postmaster@corp.example.com>\n"
"To: <r.dubois@corp.example.com>\n"
"Date: Wed, 12 Mar 2025 15:02:31 +0100\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=\"us-ascii\"\n"
"Content-Transfer-Encoding: 7bit\n"
"Subject: Undeliverable: Q1 figures\n"
"Message-ID: <a7c1e0d2-3b44-4f85-9e6a-1d2c3b4a5f60@EXCH01.corp.example.com>\n"
"Auto-Submitted: auto-replied\n"
"\n"
"Delivery has failed to these recipients or groups:\n"
"\n"
"k.olsen@example.net\n"
"The e-mail address you entered couldn't be found. Please check the\n"
"recipient's e-mail address and try to resend the message.\n"
"\n"
"archive@corp.example.com\n"
"The message is too large for this recipient.\n"
"\n"
"Diagnostic information for administrators:\n"
"\n"
"Generating server: EXCH01.corp.example.com\n"
"\n"
"k.olsen@example.net\n"
"mx.example.net #550 5.1.1 <k.olsen@example.net>: Recipient address rejected: User unknown in local recipient table ##\n"
"\n"
"archive@corp.example.com\n"
"#550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient ##\n"
"\n"
"Original message headers:\n"
"\n"
"Received: from WS-RD.corp.example.com (203.0.113.57) by\n"
" EXCH01.corp.example.com (203.0.113.20) with Microsoft SMTP Server id\n"
" 14.3.498.0; Wed, 12 Mar 2025 15:02:29 +0100\n"
"From: Remi Dubois <r.dubois@corp.example.com>\n"
"To: <k.olsen@example.net>, <archive@corp.example.com>\n"
"Subject: Q1 figures\n"
"Date: Wed, 12 Mar 2025 15:02:27 +0100\n"
"Message-ID: <5E1D9B7C2A40F3D8@WS-RD.corp.example.com>\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/mixed; boundary=\"_004_5E1D9B7C2A40F3D8_\"\n";

/* test/fixtures/notes-01-userunknown.eml */
static const char notes_01[] =
"Return-Path: <>\n"
"Received: from notesgw.example.com (notesgw.example.com [192.0.2.61])\n"
"\tby mx1.notify.example.com (Postfix) with ESMTP id 8C0E23A119\n"
"\tfor <alerts@notify.example.com>; Thu, 13 Mar 2025 02:40:18 +0000 (UTC)\n"
"From: POSTMASTER@notesgw.example.com\n"
"To: alerts@notify.example.com\n"
"Date: Thu, 13 Mar 2025 02:40:16 +0000\n"
"Subject: Undeliverable message\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=ISO-8859-1\n"
"Message-Id: <2025031302401600.NOTESGW1@notesgw.example.com>\n"
"\n"
"------- Failure Reasons  --------\n"
"\n"
"User not listed in public Name & Address Book\n"
"d.fischer@example.com\n"
"\n"
"\n"
"------- Returned Message --------\n"
"Received: from mx1.notify.example.com ([203.0.113.46]) by\n"
"    notesgw.example.com (Lotus SMTP MTA v4.6.7 (934.1 12-30-1999))\n"
"    with SMTP id 00256C4F.000E8A12; Thu, 13 Mar 2025 02:40:16 +0000\n"
"From: Example Notify <alerts@notify.example.com>\n"
"To: d.fischer@example.com\n"
"Subject: Disk usage above 90% on db2\n"
"Date: Thu, 13 Mar 2025 02:40:12 +0000\n"
"Message-ID: <monitor.db2.1741833612@notify.example.com>\n"
"\n"
"Volume /srv on db2 is 91% full.\n";

/* test/fixtures/domino-01-userunknown.eml */
static const char domino_01[] =
"Return-Path: <>\n"
"Received: from domino1.example.org (domino1.example.org [198.51.100.33])\n"
"\tby mx1.notify.example.com (Postfix) with ESMTP id 1D77B4C2E0\n"
"\tfor <news@notify.example.com>; Fri, 14 Mar 2025 10:21:44 +0000 (UTC)\n"
"Date: Fri, 14 Mar 2025 11:21:43 +0100\n"
"MIME-Version: 1.0\n"
"From: Postmaster@example.org\n"
"To: news@notify.example.com\n"
"Subject: DELIVERY FAILURE: User Jana Novak (j.novak@example.org) not listed\n"
" in Domino Directory\n"
"Message-ID: <OF1A2B3C4D.5E6F7A8B-ONC1258C4E.0034D2F1@example.org>\n"
"Content-Type: text/plain; charset=us-ascii\n"
"Content-Transfer-Encoding: 7bit\n"
"\n"
"Your message\n"
"\n"
"  Subject: March newsletter\n"
"\n"
"was not delivered to:\n"
"\n"
"  j.novak@example.org\n"
"\n"
"because:\n"
"\n"
"  User Jana Novak (j.novak@example.org) not listed in Domino Directory\n"
"\n";

/* test/fixtures/imailserver-01-mailboxfull.eml */
static const char imailserver_01[] =
"Return-Path: <>\n"
"Received: from mail.example.net (mail.example.net [198.51.100.71])\n"
"\tby mx1.notify.example.com (Postfix) with ESMTP id 6B3F0D21A4\n"
"\tfor <billing@notify.example.com>; Sat, 15 Mar 2025 16:05:12 +0000 (UTC)\n"
"Date:     Sat, 15 Mar 2025 16:05:11 +0000\n"
"Message-Id: <20250315160511.0051A2F0@mail.example.net>\n"
"Mime-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"From:     \"Postmaster\" <postmaster@mail.example.net>\n"
"Sender:   <postmaster@mail.example.net>\n"
"To:       billing@notify.example.com\n"
"Subject:  Undeliverable Mail\n"
"X-Mailer: <SMTP32 v12.5>\n"
"\n"
"User mailbox exceeds allowed size: p.ng@example.net\n"
"\n"
"\n"
"Original message follows.\n"
"\n"
"Received: from mx1.notify.example.com [203.0.113.46] by mail.example.net\n"
"  (SMTPD32-12.5) id 0051A2F0; Sat, 15 Mar 2025 16:05:11 +0000\n"
"Date: Sat, 15 Mar 2025 16:05:09 +0000\n"
"From: Example Billing <billing@notify.example.com>\n"
"To: p.ng@example.net\n"
"Subject: Invoice 2025-0315 is available\n"
"Message-ID: <invoice.20250315.pn.3c77@notify.example.com>\n"
"\n"
"Your invoice for March is ready.\n";

/* test/fixtures/trendmicro-01-userunknown.eml */
static const char trendmicro_01[] =
"Return-Path: <postmaster@example.com>\n"
"Received: from imss.example.com (imss.example.com [192.0.2.88])\n"
"\tby mx1.notify.example.com (Postfix) with ESMTP id 9E4B21F0C3\n"
"\tfor <alerts@notify.example.com>; Sun, 16 Mar 2025 07:33:02 +0000 (UTC)\n"
"Message-Id: <202503160733.52F1C0A9E4B2@imss.example.com>\n"
"Date: Sun, 16 Mar 2025 07:33:01 +0000\n"
"From: \"InterScan MSS\" <postmaster@example.com>\n"
"To: <alerts@notify.example.com>\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/mixed;\n"
" boundary=\"------------InterScan_NT_MIME_Boundary\"\n"
"Subject: Mail could not be delivered\n"
"\n"
"--------------InterScan_NT_MIME_Boundary\n"
"Content-type: text/plain\n"
"\n"
"The message could not be delivered to the next mail server.\n"
"\n"
"Sent <<< RCPT TO:<t.berg@example.com>\n"
"Received >>> 550 5.1.1 <t.berg@example.com>... User unknown\n"
"\n"
"************************     End of message     **********************\n"
"\n"
"--------------InterScan_NT_MIME_Boundary\n"
"Content-type: message/rfc822\n"
"\n"
"Received: from mx1.notify.example.com ([203.0.113.46]) by imss.example.com\n"
"    with ESMTP id 52F1C0A9E4B2; Sun, 16 Mar 2025 07:33:00 +0000\n"
"Message-ID: <login.alert.1742110378.tb@notify.example.com>\n"
"Date: Sun, 16 Mar 2025 07:32:58 +0000\n"
"From: Example Notify <alerts@notify.example.com>\n"
"To: t.berg@example.com\n"
"Subject: New sign-in to your account\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n"
"A new device signed in to your account.\n"
"\n"
"--------------InterScan_NT_MIME_Boundary--\n";

/* test/fixtures/mxlogic-01-userunknown.eml */
static const char mxlogic_01[] =
"Return-Path: <>\n"
"Received: from relay4.filter.example.net (relay4.filter.example.net [198.51.100.90])\n"
"\tby mx1.notify.example.com (Postfix) with ESMTP id 0C4D8E11F2\n"
"\tfor <news@notify.example.com>; Mon, 17 Mar 2025 12:10:33 +0000 (UTC)\n"
"Received: FROM queue-bounce BY relay4.filter.example.net WITH local;\n"
"\tMon, 17 Mar 2025 12:10:32 +0000\n"
"Date: Mon, 17 Mar 2025 12:10:32 +0000\n"
"From: Mail Delivery System <MAILER-DAEMON@relay4.filter.example.net>\n"
"To: news@notify.example.com\n"
"Subject: Mail delivery failed\n"
"Message-Id: <mxl~4b2e.71a0.0c9d@relay4.filter.example.net>\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain\n"
"X-MX-Bounce: mta/src/queue/bounce\n"
"\n"
"This message was created automatically by mail delivery software.\n"
"\n"
"A message that you have sent could not be delivered to one or more\n"
"recipients.  This is a permanent error.  The following address failed:\n"
"\n"
"  <s.kowalski@example.org>: 550 5.1.1 <s.kowalski@example.org>: Recipient address rejected: User unknown\n"
"\n"
"\n"
"\n"
"Included is a copy of the message header:\n"
"-----------------------------------------\n"
"Received: from mx1.notify.example.com [203.0.113.46] (EHLO mx1.notify.example.com)\n"
"\tby relay4.filter.example.net with ESMTP id 71a00c9d;\n"
"\tMon, 17 Mar 2025 12:10:31 +0000\n"
"Message-ID: <news-2025-03.sk.5a90e1@notify.example.com>\n"
"From: Example News <news@notify.example.com>\n"
"To: s.kowalski@example.org\n"
"Subject: What's new in March\n"
"Date: Mon, 17 Mar 2025 12:10:29 +0000\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n";

/* test/fixtures/mcafee-01-userunknown.eml */
static const char mcafee_01[] =
"Return-Path: <>\n"
"Received: from meg.example.net (meg.example.net [192.0.2.140])\n"
"\tby mx1.notify.example.com (Postfix) with ESMTP id 3A9F61B7D0\n"
"\tfor <support@notify.example.com>; Tue, 18 Mar 2025 09:47:25 +0000 (UTC)\n"
"Date: Tue, 18 Mar 2025 09:47:24 +0000\n"
"To: <support@notify.example.com>\n"
"From: <postmaster@example.net>\n"
"MIME-Version: 1.0\n"
"Content-Type: Multipart/Mixed;\n"
"  boundary=\"------------Boundary-00=_7QKD0L1V1H2M8XYZ0000\"\n"
"X-NAI-Header: Modified by McAfee Email Gateway (5500)\n"
"Subject: Delivery Status\n"
"Message-Id: <20250318094724.3A9F61B7D0@meg.example.net>\n"
"\n"
"--------------Boundary-00=_7QKD0L1V1H2M8XYZ0000\n"
"Content-Type: text/plain; name=\"deliveryproblems.txt\"\n"
"\n"
"    --- The following addresses had delivery problems ---\n"
"\n"
"<l.moreno@example.net>   (5.1.1 <l.moreno@example.net>... User unknown)\n"
"\n"
"--------------Boundary-00=_7QKD0L1V1H2M8XYZ0000\n"
"Content-Type: message/delivery-status; name=\"deliverystatus.txt\"\n"
"\n"
"Original-Recipient: <l.moreno@example.net>\n"
"Action: failed\n"
"Diagnostic-Code: smtp; 550 5.1.1 <l.moreno@example.net>... User unknown\n"
"Remote-MTA: 192.0.2.141\n"
"\n"
"\n"
"--------------Boundary-00=_7QKD0L1V1H2M8XYZ0000\n"
"Content-Type: message/rfc822\n"
"Content-Disposition: attachment\n"
"\n"
"Received: from mx1.notify.example.com (mx1.notify.example.com [203.0.113.46])\n"
"\tby meg.example.net with ESMTP; Tue, 18 Mar 2025 09:47:23 +0000\n"
"Message-ID: <ticket.48213.reply.2@notify.example.com>\n"
"From: Example Support <support@notify.example.com>\n"
"To: l.moreno@example.net\n"
"Subject: [#48213] Your request has been answered\n"
"Date: Tue, 18 Mar 2025 09:47:20 +0000\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n"
"We have replied to your request.\n"
"\n"
"--------------Boundary-00=_7QKD0L1V1H2M8XYZ0000--\n";

/* test/fixtures/messagingserver-01-userunknown.eml */
static const char messagingserver_01[] =
"Return-path: <>\n"
"Received: from ms.example.org (ms.example.org [198.51.100.120])\n"
"\tby mx1.notify.example.com (Postfix) with ESMTP id 7F02C9A3E1\n"
"\tfor <alerts@notify.example.com>; Wed, 19 Mar 2025 21:16:09 +0000 (UTC)\n"
"Date: Wed, 19 Mar 2025 21:16:08 +0000 (GMT)\n"
"From: Internet Mail Delivery <postmaster@example.org>\n"
"Subject: Delivery Notification: Delivery has failed\n"
"To: alerts@notify.example.com\n"
"Message-id: <0SQ2E0F0X1A2B300@ms.example.org>\n"
"MIME-version: 1.0\n"
"Content-type: multipart/report; report-type=delivery-status;\n"
" boundary=\"Boundary_(ID_9pQz0rT1uV2wX3yZ4aB5cD)\"\n"
"\n"
"--Boundary_(ID_9pQz0rT1uV2wX3yZ4aB5cD)\n"
"Content-type: text/plain; charset=us-ascii\n"
"Content-language: en-US\n"
"\n"
"This report relates to a message you sent with the following header fields:\n"
"\n"
"  Message-id: <backup.job.1742418964@notify.example.com>\n"
"  Date: Wed, 19 Mar 2025 21:16:04 +0000\n"
"  From: Example Notify <alerts@notify.example.com>\n"
"  To: m.rossi@example.org\n"
"  Subject: Nightly backup finished\n"
"\n"
"Your message cannot be delivered to the following recipients:\n"
"\n"
"  Recipient address: m.rossi@example.org\n"
"  Reason: Remote SMTP server has rejected address\n"
"  Diagnostic code: smtp;550 5.1.1 <m.rossi@example.org>... User unknown\n"
"  Remote system: dns;store2.example.org (TCP|198.51.100.120|40112|198.51.100.121|25) (store2.example.org ESMTP)\n"
"\n"
"\n"
"--Boundary_(ID_9pQz0rT1uV2wX3yZ4aB5cD)\n"
"Content-type: message/delivery-status\n"
"\n"
"Original-envelope-id: 0SQ2E0F0X1A2B300@ms.example.org\n"
"Reporting-MTA: dns;ms.example.org (tcp_intranet-daemon)\n"
"\n"
"Action: failed\n"
"Status: 5.1.1 (Remote SMTP server has rejected address)\n"
"Original-recipient: rfc822;m.rossi@example.org\n"
"Final-recipient: rfc822;m.rossi@example.org\n"
"Remote-MTA: dns;store2.example.org (TCP|198.51.100.120|40112|198.51.100.121|25)\n"
" (store2.example.org ESMTP)\n"
"Diagnostic-code: smtp;550 5.1.1 <m.rossi@example.org>... User unknown\n"
"\n"
"--Boundary_(ID_9pQz0rT1uV2wX3yZ4aB5cD)\n"
"Content-type: message/rfc822\n"
"\n"
"Return-path: <alerts@notify.example.com>\n"
"Received: from mx1.notify.example.com ([203.0.113.46])\n"
" by ms.example.org with ESMTP; Wed, 19 Mar 2025 21:16:06 +0000 (GMT)\n"
"Date: Wed, 19 Mar 2025 21:16:04 +0000\n"
"From: Example Notify <alerts@notify.example.com>\n"
"To: m.rossi@example.org\n"
"Subject: Nightly backup finished\n"
"Message-id: <backup.job.1742418964@notify.example.com>\n"
"MIME-version: 1.0\n"
"Content-type: text/plain; charset=us-ascii\n"
"\n"
"The backup of db2 completed in 14 minutes.\n"
"\n"
"--Boundary_(ID_9pQz0rT1uV2wX3yZ4aB5cD)--\n";

/* test/fixtures/apachejames-01-userunknown.eml */
static const char apachejames_01[] =
"Return-Path: <>\n"
"Received: from james.example.com (james.example.com [192.0.2.150])\n"
"\tby mx1.notify.example.com (Postfix) with ESMTP id 5D1B7E3A02\n"
"\tfor <events@notify.example.com>; Thu, 20 Mar 2025 13:55:48 +0000 (UTC)\n"
"From: postmaster@james.example.com\n"
"To: events@notify.example.com\n"
"Message-ID: <1742478947.412.1742478947655.JavaMail.james@james.example.com>\n"
"Subject: [BOUNCE] Webinar starts in one hour\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"Content-Transfer-Encoding: 7bit\n"
"Date: Thu, 20 Mar 2025 13:55:47 +0000\n"
"\n"
"Error: The recipient could not be reached\n"
"\n"
"Error message below:\n"
"550 5.1.1 <a.jovanovic@example.com>: Recipient address rejected: User unknown\n"
"\n"
"Message details:\n"
"  Subject: Webinar starts in one hour\n"
"  Sent date: Thu Mar 20 13:55:44 UTC 2025\n"
"  MAIL FROM: events@notify.example.com\n"
"  RCPT TO: a.jovanovic@example.com\n"
"  From: Example Events <events@notify.example.com>\n"
"  To: a.jovanovic@example.com\n"
"  Size (in bytes): 1204\n"
"  Number of lines: 19\n";

/* test/fixtures/mailfoundry-01-userunknown.eml */
static const char mailfoundry_01[] =
"Return-Path: <>\n"
"Received: from mf.example.net (mf.example.net [198.51.100.160])\n"
"\tby mx1.notify.example.com (Postfix) with ESMTP id 2E8C04D7B1\n"
"\tfor <orders@notify.example.com>; Fri, 21 Mar 2025 18:30:22 +0000 (UTC)\n"
"From: MAILER-DAEMON@mf.example.net\n"
"To: orders@notify.example.com\n"
"Mime-Version: 1.0\n"
"Content-Type: multipart/mixed; boundary=\"==_=b7e19c04d2a6f3e1=_==\"\n"
"Content-Transfer-Encoding: 7bit\n"
"Date: Fri, 21 Mar 2025 18:30:21 -0000 (GMT)\n"
"Subject: Message delivery has failed\n"
"\n"
"This is a MIME encoded message\n"
"\n"
"--==_=b7e19c04d2a6f3e1=_==\n"
"Content-Type: text/plain\n"
"\n"
"Unable to deliver message to: <h.tanaka@example.net>\n"
"Delivery failed for the following reason:\n"
"Server mx2.example.net[198.51.100.161] failed with: 550 5.1.1 <h.tanaka@example.net> Mailbox does not exist\n"
"\n"
"This has been a permanent failure.  No further delivery attempts will be made.\n"
"\n"
"--==_=b7e19c04d2a6f3e1=_==\n"
"Content-Type: message/rfc822\n"
"Content-Disposition: inline\n"
"\n"
"Received: from mx1.notify.example.com (203.0.113.46) by mf.example.net\n"
"    (MAILFOUNDRY) id 7f31a2c4e5b60d18; Fri, 21 Mar 2025 18:30:20 -0000 (GMT)\n"
"Message-ID: <ship.20250321-1187.ht@notify.example.com>\n"
"Date: Fri, 21 Mar 2025 18:30:18 +0000\n"
"From: Example Store <orders@notify.example.com>\n"
"To: h.tanaka@example.net\n"
"Subject: Your order 20250321-1187 has shipped\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n"
"Your parcel is on its way.\n"
"\n"
"--==_=b7e19c04d2a6f3e1=_==--\n";

/* test/fixtures/activehunter-01-userunknown.eml */
static const char activehunter_01[] =
"Return-Path: <>\n"
"Received: from ah.example.org (ah.example.org [192.0.2.170])\n"
"\tby mx1.notify.example.com (Postfix) with SMTP id 6C3E0A1D94\n"
"\tfor <news@notify.example.com>; Sat, 22 Mar 2025 05:12:40 +0900 (JST)\n"
"From: \"MAILER-DAEMON\" <MAILER-DAEMON@example.org>\n"
"To: <news@notify.example.com>\n"
"Subject: FAILURE NOTICE : Spring catalogue\n"
"Date: Sat, 22 Mar 2025 05:12:39 +0900\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report; report-type=delivery-status;\n"
"\tboundary=\"----=_Active!Hunter_20250322T051239+0900-04412-0007\"\n"
"X-AHMAILID: 20250322T051239+0900-04412-0007-ff\n"
"\n"
"This is a MIME-encapsulated message\n"
"\n"
"------=_Active!Hunter_20250322T051239+0900-04412-0007\n"
"Content-Type: text/plain\n"
"Content-Transfer-Encoding: 7bit\n"
"\n"
"The original message was received at Sat, 22 Mar 2025 05:12:38 +0900\n"
"from mx1.notify.example.com\n"
"\n"
"  ----- The following addresses had permanent fatal errors -----\n"
"\n"
">>> y.sato@example.org <y.sato@example.org>\n"
"\n"
"  ----- Transcript of session follows -----\n"
"550 5.1.1 <y.sato@example.org>: Recipient address rejected: User unknown in local recipient table\n"
"\n"
"\n"
"------=_Active!Hunter_20250322T051239+0900-04412-0007\n"
"Content-type: message/rfc822\n"
"\n"
"Received: from mx1.notify.example.com ([203.0.113.46])\n"
"    (envelope sender: <news@notify.example.com>) by ah.example.org\n"
"    with Active!Hunter esmtp server; Sat, 22 Mar 2025 05:12:38 +0900\n"
"Message-ID: <catalogue-2025s.ys.0e4b71@notify.example.com>\n"
"Date: Sat, 22 Mar 2025 05:12:35 +0900\n"
"To: y.sato@example.org\n"
"Subject: Spring catalogue\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=us-ascii\n"
"From: Example News <news@notify.example.com>\n"
"\n"
"Our spring catalogue is out.\n"
"\n"
"------=_Active!Hunter_20250322T051239+0900-04412-0007--\n";

/* test/fixtures/powermta-01-two-recipients.eml */
static const char powermta_01[] =
"Return-Path: <>\n"
"Received: from pmta1.mailer.example.com (pmta1.mailer.example.com [203.0.113.80])\n"
"\tby mx1.notify.example.com (Postfix) with ESMTP id 0A7D3F55C2\n"
"\tfor <bounces@notify.example.com>; Sun, 23 Mar 2025 10:04:19 +0000 (UTC)\n"
"Subject: Delivery report\n"
"From: \"Mail Delivery Subsystem\" <mailer-daemon@pmta1.mailer.example.com>\n"
"To: bounces@notify.example.com\n"
"Date: Sun, 23 Mar 2025 10:04:18 +0000\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report; report-type=delivery-status;\n"
"    boundary=\"report7C1E0F2A@pmta1.mailer.example.com\"\n"
"Message-Id: <20250323100418.7C1E0F2A@pmta1.mailer.example.com>\n"
"\n"
"--report7C1E0F2A@pmta1.mailer.example.com\n"
"\n"
"Hello, this is the mail server on pmta1.mailer.example.com.\n"
"\n"
"I am sending you this message to inform you on the delivery status of a\n"
"message you previously sent.  Immediately below you will find a list of\n"
"the affected recipients;  also attached is a Delivery Status Notification\n"
"(DSN) report in standard format, as well as the headers of the original\n"
"message.\n"
"\n"
"  <c.lima@example.com>  delivery failed; will not continue trying\n"
"  <w.zhang@example.org>  delivery failed; will not continue trying\n"
"\n"
"--report7C1E0F2A@pmta1.mailer.example.com\n"
"Content-Type: message/delivery-status\n"
"\n"
"Reporting-MTA: dns;pmta1.mailer.example.com\n"
"X-PowerMTA-VirtualMTA: pool-a\n"
"Received-From-MTA: dns;app1.mailer.example.com (203.0.113.81)\n"
"Arrival-Date: Sun, 23 Mar 2025 10:04:11 +0000\n"
"\n"
"Final-Recipient: rfc822;c.lima@example.com\n"
"Action: failed\n"
"Status: 5.2.1 (mailbox disabled, not accepting messages)\n"
"Remote-MTA: dns;mx.example.com (192.0.2.200)\n"
"Diagnostic-Code: smtp;550 5.2.1 <c.lima@example.com>... Mailbox unavailable\n"
"X-PowerMTA-BounceCategory: inactive-mailbox\n"
"\n"
"Final-Recipient: rfc822;w.zhang@example.org\n"
"Action: failed\n"
"Status: 5.0.0 (undefined status)\n"
"Remote-MTA: dns;mx.example.org (198.51.100.210)\n"
"Diagnostic-Code: smtp;554 delivery error: not possible for this address\n"
"X-PowerMTA-BounceCategory: bad-mailbox\n"
"\n"
"--report7C1E0F2A@pmta1.mailer.example.com\n"
"Content-Type: text/rfc822-headers\n"
"\n"
"Received: from app1.mailer.example.com (203.0.113.81) by pmta1.mailer.example.com\n"
"    id 4h2k0a1b2c3d for <c.lima@example.com>; Sun, 23 Mar 2025 10:04:11 +0000\n"
"Subject: Spring sale starts today\n"
"From: \"Example Shop\" <offers@mailer.example.com>\n"
"To: <c.lima@example.com>\n"
"Date: Sun, 23 Mar 2025 10:04:10 +0000\n"
"Message-ID: <sale-2025s.cl.61e0a3@mailer.example.com>\n"
"\n"
"--report7C1E0F2A@pmta1.mailer.example.com--\n";

/* InterScan's short notice, without a transcript. */
static const char trendmicro_unable[] =
"From: postmaster@example.com (\"InterScan Postmaster\")\n"
"To: <alerts@notify.example.com>\n"
"Subject: Mail could not be delivered\n"
"Date: Sun, 16 Mar 2025 07:40:00 +0000\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/mixed;\n"
" boundary=\"------------InterScan_NT_MIME_Boundary\"\n"
"\n"
"--------------InterScan_NT_MIME_Boundary\n"
"Content-type: text/plain\n"
"\n"
"****** Message from InterScan Messaging Security Suite ******\n"
"\n"
"The following mail could not be delivered.\n"
"Reason:  Unable to deliver message to <q.adams@example.com> (and other recipients in the same domain).\n"
"\n"
"--------------InterScan_NT_MIME_Boundary--\n";

/* IMail quoting the remote server's multi-line reply. */
static const char imail_response[] =
"From: \"Postmaster\" <postmaster@mail.example.net>\n"
"To: billing@notify.example.com\n"
"Subject: Undeliverable Mail\n"
"Date: Sat, 15 Mar 2025 16:20:00 +0000\n"
"X-Mailer: <SMTP32 v12.5>\n"
"\n"
"undeliverable to e.white@example.org\n"
"\n"
"Body of message generated response:\n"
"552-5.2.2 The mailbox of\n"
"552 5.2.2 this user is full\n"
"\n"
"Original message follows.\n"
"\n"
"From: Example Billing <billing@notify.example.com>\n"
"To: e.white@example.org\n"
"Subject: Receipt\n"
"\n"
"Thank you.\n";

/* McAfee's list with no delivery-status part. */
static const char mcafee_text[] =
"From: <postmaster@example.net>\n"
"To: <support@notify.example.com>\n"
"Subject: Delivery Status\n"
"Date: Tue, 18 Mar 2025 10:00:00 +0000\n"
"X-NAI-Header: Modified by McAfee Email Gateway (5500)\n"
"\n"
"    --- The following addresses had delivery problems ---\n"
"\n"
"<u.kim@example.net>   (552 5.2.2 <u.kim@example.net>... Mailbox full)\n";

/* Messaging Server's report with no delivery-status part. */
static const char messagingserver_text[] =
"From: Internet Mail Delivery <postmaster@example.org>\n"
"To: alerts@notify.example.com\n"
"Subject: Delivery Notification: Delivery has failed\n"
"Date: Wed, 19 Mar 2025 22:00:00 +0000 (GMT)\n"
"Content-type: text/plain; charset=us-ascii\n"
"\n"
"This report relates to a message you sent with the following header fields:\n"
"\n"
"  Subject: Nightly backup finished\n"
"\n"
"Your message cannot be delivered to the following recipients:\n"
"\n"
"  Recipient address: f.costa@example.org\n"
"  Reason: Remote SMTP server has rejected address\n"
"  Diagnostic code: smtp;550 5.1.1 <f.costa@example.org>... User unknown\n"
"  Remote system: dns;mx.example.org (TCP|198.51.100.120|40112|198.51.100.122|25) (mx.example.org ESMTP)\n";

/* An Exchange Online report: same wording, left to another decoder. */
static const char exchange_online[] =
"From: Microsoft Outlook <postmaster@example.onmicrosoft.com>\n"
"To: <r.dubois@example.com>\n"
"Subject: Undeliverable: Q1 figures\n"
"Date: Wed, 12 Mar 2025 15:10:00 +0000\n"
"X-MS-Exchange-CrossTenant-Id: 00000000-0000-0000-0000-000000000000\n"
"MIME-Version: 1.0\n"
"Content-Type: multipart/report; report-type=delivery-status;\n"
"\tboundary=\"b1\"\n"
"\n"
"--b1\n"
"Content-Type: text/plain; charset=us-ascii\n"
"\n"
"Delivery has failed to these recipients or groups:\n"
"\n"
"Diagnostic information for administrators:\n"
"\n"
"--b1\n"
"Content-Type: message/delivery-status\n"
"\n"
"Reporting-MTA: dns;example.onmicrosoft.com\n"
"\n"
"Final-Recipient: rfc822;v.ortiz@example.net\n"
"Action: failed\n"
"Status: 5.1.1\n"
"Diagnostic-Code: smtp;550 5.1.1 RESOLVER.ADR.RecipNotFound; not found\n"
"\n"
"--b1--\n";

/*
 * Parse msg and compare its rows with want[0..n), its format, and the
 * Message-ID of the returned message (NULL: none must be found).
 */
static void
check_message(const char *msg, const char *format, const decoder_row *want,
			  int n, const char *message_id)
{
	bnc_result	res;

	CHECK_INT_EQ(bnc_parse(msg, strlen(msg), unit_arena(), &res),
				 BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, n);
	CHECK_STR_EQ(res.format, format);
	CHECK_STR_EQ(res.original_message_id, message_id);
	decoder_check_rows(&res, want, n);
	unit_arena_reset();
}

/* Exchange 2003 and older, Exchange 2007 and later, Exchange Online. */
static void
check_exchange(void)
{
	static const decoder_row ex2003[] = {
		{"p.hughes@example.org", "failed", "5.0.0", 0, "userunknown", 1,
		NULL, NULL},
		{"store@example.org", "failed", "5.0.0", 0, "userunknown", 1,
		NULL, NULL}
	};
	static const decoder_row ex2007[] = {
		{"k.olsen@example.net", "failed", "5.1.1", 550, "userunknown", 1,
		NULL, NULL},
		{"archive@corp.example.com", "failed", "5.2.3", 550, "exceedlimit", 0,
		NULL, NULL}
	};
	bnc_result	res;

	check_message(exchange2003_01, "exchange2003", ex2003, 2,
				  "<ship.20250311-0442.6d1e@notify.example.com>");
	check_message(exchange2007_01, "exchange2007", ex2007, 2,
				  "<5E1D9B7C2A40F3D8@WS-RD.corp.example.com>");

	/* the hosted service's reports are not taken for on-premises ones */
	CHECK_INT_EQ(bnc_parse(exchange_online, strlen(exchange_online),
						   unit_arena(), &res), BNC_PARSE_OK);
	CHECK_INT_EQ(res.nrcpts, 1);
	CHECK(res.format != NULL && strcmp(res.format, "exchange2007") != 0);
	unit_arena_reset();
}

/* Lotus Notes and Domino. */
static void
check_notes_domino(void)
{
	static const decoder_row notes[] = {
		{"d.fischer@example.com", "failed", "5.0.0", 0, "userunknown", 1,
		NULL, NULL}
	};
	static const decoder_row domino[] = {
		{"j.novak@example.org", "failed", "5.0.0", 0, "userunknown", 1,
		NULL, NULL}
	};

	check_message(notes_01, "notes", notes, 1,
				  "<monitor.db2.1741833612@notify.example.com>");
	check_message(domino_01, "domino", domino, 1, NULL);
}

/* Gateways and filtering services. */
static void
check_gateways(void)
{
	static const decoder_row interscan[] = {
		{"t.berg@example.com", "failed", "5.1.1", 550, "userunknown", 1,
		"RCPT", NULL}
	};
	static const decoder_row unable[] = {
		{"q.adams@example.com", "failed", "5.0.0", 0, "userunknown", 1,
		NULL, NULL}
	};
	static const decoder_row mxlogic[] = {
		{"s.kowalski@example.org", "failed", "5.1.1", 550, "userunknown", 1,
		NULL, NULL}
	};
	static const decoder_row mcafee[] = {
		{"l.moreno@example.net", "failed", "5.1.1", 550, "userunknown", 1,
		NULL, "192.0.2.141"}
	};
	static const decoder_row mcafee_plain[] = {
		{"u.kim@example.net", "failed", "5.2.2", 552, "mailboxfull", 0,
		NULL, NULL}
	};
	static const decoder_row mailfoundry[] = {
		{"h.tanaka@example.net", "failed", "5.1.1", 550, "userunknown", 1,
		NULL, "mx2.example.net"}
	};
	static const decoder_row activehunter[] = {
		{"y.sato@example.org", "failed", "5.1.1", 550, "userunknown", 1,
		NULL, NULL}
	};

	check_message(trendmicro_01, "trendmicro", interscan, 1,
				  "<login.alert.1742110378.tb@notify.example.com>");
	check_message(trendmicro_unable, "trendmicro", unable, 1, NULL);
	check_message(mxlogic_01, "mxlogic", mxlogic, 1,
				  "<news-2025-03.sk.5a90e1@notify.example.com>");
	check_message(mcafee_01, "mcafee", mcafee, 1,
				  "<ticket.48213.reply.2@notify.example.com>");
	check_message(mcafee_text, "mcafee", mcafee_plain, 1, NULL);
	check_message(mailfoundry_01, "mailfoundry", mailfoundry, 1,
				  "<ship.20250321-1187.ht@notify.example.com>");
	check_message(activehunter_01, "activehunter", activehunter, 1,
				  "<catalogue-2025s.ys.0e4b71@notify.example.com>");
}

/* Mail servers: IMail, Messaging Server, James, PowerMTA. */
static void
check_servers(void)
{
	static const decoder_row imail[] = {
		{"p.ng@example.net", "failed", "5.0.0", 0, "mailboxfull", 0,
		NULL, NULL}
	};
	static const decoder_row imail_reply[] = {
		{"e.white@example.org", "failed", "5.2.2", 552, "mailboxfull", 0,
		NULL, NULL}
	};
	static const decoder_row messaging[] = {
		{"m.rossi@example.org", "failed", "5.1.1", 550, "userunknown", 1,
		NULL, "store2.example.org"}
	};
	static const decoder_row messaging_plain[] = {
		{"f.costa@example.org", "failed", "5.1.1", 550, "userunknown", 1,
		NULL, "mx.example.org"}
	};
	static const decoder_row james[] = {
		{"a.jovanovic@example.com", "failed", "5.1.1", 550, "userunknown", 1,
		NULL, NULL}
	};
	static const decoder_row pmta[] = {
		{"c.lima@example.com", "failed", "5.2.1", 550, "suspend", 0,
		NULL, NULL},
		{"w.zhang@example.org", "failed", "5.0.0", 554, "userunknown", 1,
		NULL, NULL}
	};

	check_message(imailserver_01, "imailserver", imail, 1,
				  "<invoice.20250315.pn.3c77@notify.example.com>");
	check_message(imail_response, "imailserver", imail_reply, 1, NULL);
	check_message(messagingserver_01, "messagingserver", messaging, 1,
				  "<backup.job.1742418964@notify.example.com>");
	check_message(messagingserver_text, "messagingserver", messaging_plain, 1,
				  NULL);
	check_message(apachejames_01, "apachejames", james, 1, NULL);
	check_message(powermta_01, "powermta", pmta, 2,
				  "<sale-2025s.cl.61e0a3@mailer.example.com>");
}

/* The decoders for enterprise servers and gateways. */
void
test_decoder_enterprise(void)
{
	check_exchange();
	check_notes_domino();
	check_gateways();
	check_servers();
}
