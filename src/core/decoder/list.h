/*-------------------------------------------------------------------------
 *
 * list.h
 *		The decoders, in the order the parse driver tries them.
 *
 * Include this file after defining DECODER(name).  Feedback reports come
 * first (they are multipart/report too), then the vendor decoders, which
 * recognise their own wording and hand standard reports to the shared
 * RFC 3464 reader under their own format name, then the generic RFC 3464
 * reader, and last the auto-reply decoder, which must only see messages
 * that are clearly not bounces.
 *
 * src/core/decoder/list.h
 *
 *-------------------------------------------------------------------------
 */
DECODER(arf)
DECODER(postfix)
DECODER(sendmail)
DECODER(gmail)
DECODER(exim)
DECODER(qmail)
DECODER(dragonfly)
DECODER(rfc3464)
DECODER(rfc3834)
