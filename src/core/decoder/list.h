/*-------------------------------------------------------------------------
 *
 * list.h
 *		The decoders, in the order the parse driver tries them.
 *
 * Include this file after defining DECODER(name) and SHAPE_DECODER(name).
 * Feedback reports come first (they are multipart/report too), then the
 * vendor decoders, which recognise their own wording and hand standard
 * reports to the shared RFC 3464 reader under their own format name, then
 * the generic RFC 3464 reader; these look for their marks in the notice
 * (bnc_view_notice).  Last come the decoders that read a message by its
 * shape (SHAPE_DECODER): the reader of prose bounces of no known format,
 * and the auto-reply decoder, which must only see messages that are
 * clearly not bounces.
 *
 * src/core/decoder/list.h
 *
 *-------------------------------------------------------------------------
 */
DECODER(arf)
DECODER(postfix)
DECODER(activehunter)
DECODER(sendmail)
DECODER(x3)
DECODER(gmail)
DECODER(zoho)
DECODER(gmx)
DECODER(googlegroups)
DECODER(mxlogic)
DECODER(exim)
DECODER(qmail)
DECODER(dragonfly)
DECODER(yahoo)
DECODER(opensmtpd)
DECODER(apachejames)
DECODER(verizon)
DECODER(amazonses)
DECODER(ezweb)
DECODER(kddi)
DECODER(biglobe)
DECODER(mfilter)
DECODER(fml)
DECODER(x1)
DECODER(x2)
DECODER(x5)
DECODER(x6)
DECODER(exchange2003)
DECODER(exchange2007)
DECODER(notes)
DECODER(domino)
DECODER(imailserver)
DECODER(trendmicro)
DECODER(mcafee)
DECODER(messagingserver)
DECODER(mailfoundry)
DECODER(powermta)
DECODER(office365)
DECODER(rfc3464)
SHAPE_DECODER(plaintext)
SHAPE_DECODER(rfc3834)
