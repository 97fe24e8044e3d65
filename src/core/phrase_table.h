/*-------------------------------------------------------------------------
 *
 * phrase_table.h
 *		The phrases that point to each bounce reason, as data.
 *
 * Included by phrase.c only.  Each entry is a lower-case phrase with single
 * spaces, the reason it points to and how strong a hint it is (see
 * bnc_tier in phrase.h).  Phrases are matched as plain substrings of the
 * normalised diagnostic text, so they are chosen to be distinctive; when two
 * phrases of the same tier point to different reasons the classifier's
 * priority order decides.  PH_U marks wording that says only that a user
 * is unknown, whose meaning depends on the SMTP stage (see classify.c).
 * The unit tests check that every phrase is in normal form.
 *
 * src/core/phrase_table.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_PHRASE_TABLE_H
#define BNC_PHRASE_TABLE_H

#include "phrase.h"

#define PH_S(r, p) {p, sizeof(p) - 1, BNC_R_##r, BNC_TIER_STRONG}
#define PH_N(r, p) {p, sizeof(p) - 1, BNC_R_##r, BNC_TIER_NORMAL}
#define PH_W(r, p) {p, sizeof(p) - 1, BNC_R_##r, BNC_TIER_WEAK}
#define PH_U(p) {p, sizeof(p) - 1, BNC_PHRASE_UNKNOWN_USER, BNC_TIER_NORMAL}

static const bnc_phrase phrase_table[] = {
	/* authfailure: SPF, DKIM or DMARC said no */
	PH_N(authfailure, "dmarc policy"),
	PH_N(authfailure, "dmarc verification"),
	PH_N(authfailure, "dmarc check"),
	PH_N(authfailure, "dmarc validation"),
	PH_N(authfailure, "failed dmarc"),
	PH_N(authfailure, "fails dmarc"),
	PH_N(authfailure, "not pass dmarc"),
	PH_N(authfailure, "dkim signature"),
	PH_N(authfailure, "dkim verification"),
	PH_N(authfailure, "dkim check"),
	PH_N(authfailure, "dkim validation"),
	PH_N(authfailure, "failed dkim"),
	PH_N(authfailure, "fails dkim"),
	PH_N(authfailure, "spf check"),
	PH_N(authfailure, "spf validation"),
	PH_N(authfailure, "spf record"),
	PH_N(authfailure, "spf fail"),
	PH_N(authfailure, "spf softfail"),
	PH_N(authfailure, "spf policy"),
	PH_N(authfailure, "failed spf"),
	PH_N(authfailure, "fails spf"),
	PH_N(authfailure, "fails to pass spf"),
	PH_N(authfailure, "not pass spf"),
	PH_N(authfailure, "sender policy framework"),
	PH_N(authfailure, "does not designate"),
	PH_N(authfailure, "as permitted sender"),
	PH_N(authfailure, "unauthenticated email"),
	PH_N(authfailure, "sender is unauthenticated"),
	PH_N(authfailure, "authentication checks failed"),
	PH_N(authfailure, "arc validation"),
	PH_N(authfailure, "authentication information"),

	/* badreputation: the sender's standing is poor */
	PH_N(badreputation, "low reputation"),
	PH_N(badreputation, "poor reputation"),
	PH_N(badreputation, "bad reputation"),
	PH_N(badreputation, "ip reputation"),
	PH_N(badreputation, "sender reputation"),
	PH_N(badreputation, "sending reputation"),
	PH_N(badreputation, "domain reputation"),
	PH_N(badreputation, "reputation of the sending"),
	PH_N(badreputation, "reputation is too low"),
	PH_N(badreputation, "user complaints"),

	/* blocked: the sending host or address was refused */
	PH_N(blocked, "blocked using"),
	PH_N(blocked, "listed in"),
	PH_N(blocked, "listed on"),
	PH_N(blocked, "blacklisted"),
	PH_N(blocked, "blocklisted"),
	PH_N(blocked, "blacklist"),
	PH_N(blocked, "blocklist"),
	PH_N(blocked, "black list"),
	PH_N(blocked, "block list"),
	PH_N(blocked, "dnsbl"),
	PH_N(blocked, "spamhaus"),
	PH_N(blocked, "spamcop"),
	PH_N(blocked, "sorbs.net"),
	PH_N(blocked, "abuseat.org"),
	PH_N(blocked, "barracudacentral"),
	PH_N(blocked, "client host rejected"),
	PH_N(blocked, "client host blocked"),
	PH_N(blocked, "host blocked"),
	PH_N(blocked, "ip blocked"),
	PH_N(blocked, "blocked ip"),
	PH_N(blocked, "ip address blocked"),
	PH_N(blocked, "ip is blocked"),
	PH_N(blocked, "ip address is blocked"),
	PH_N(blocked, "ip address has been blocked"),
	PH_N(blocked, "invalid ip"),
	PH_N(blocked, "dynamic ip"),
	PH_N(blocked, "dial-up"),
	PH_N(blocked, "dialup"),
	PH_N(blocked, "residential ip"),
	PH_N(blocked, "open relay"),
	PH_N(blocked, "no access from mail server"),
	PH_N(blocked, "service refused"),
	PH_N(blocked, "refused to talk to me"),
	PH_N(blocked, "connection rejected"),
	PH_N(blocked, "rejected at connection"),
	PH_W(blocked, "blocked"),

	/* contenterror: malformed content */
	PH_N(contenterror, "improper use of 8-bit"),
	PH_N(contenterror, "8-bit data"),
	PH_N(contenterror, "invalid mime"),
	PH_N(contenterror, "mime header"),
	PH_N(contenterror, "mime structure"),
	PH_N(contenterror, "mime complexity"),
	PH_N(contenterror, "binary content"),
	PH_N(contenterror, "unnecessary base64"),

	/* exceedlimit: over the recipient's own size limit */
	PH_N(exceedlimit, "set by recipient"),
	PH_N(exceedlimit, "too large for this recipient"),
	PH_N(exceedlimit, "recipsizelimit"),
	PH_N(exceedlimit, "administrative limit"),

	/* expired: the sending side gave up retrying */
	PH_S(expired, "message expired"),
	PH_S(expired, "queue.expired"),
	PH_S(expired, "envelope expired"),
	PH_S(expired, "delivery expired"),
	PH_S(expired, "delivery time expired"),
	PH_S(expired, "retry timeout exceeded"),
	PH_S(expired, "retry time exceeded"),
	PH_S(expired, "after a long failure period"),
	PH_S(expired, "failing for a long time"),
	PH_S(expired, "could not be delivered for"),
	PH_S(expired, "could not deliver for"),
	PH_S(expired, "undeliverable for"),
	PH_S(expired, "unable to deliver in"),
	PH_N(expired, "after multiple retries"),
	PH_N(expired, "after repeated retries"),
	PH_N(expired, "retries exhausted"),
	PH_N(expired, "in the queue too long"),
	PH_N(expired, "too long in the queue"),
	PH_S(expired, "was aborted after"),
	PH_N(expired, "did not accept our requests to connect"),
	PH_W(expired, "been delayed"),
	PH_W(expired, "delivery delayed"),
	PH_W(expired, "will continue trying"),
	PH_W(expired, "will keep trying"),
	PH_W(expired, "will be retried"),
	PH_W(expired, "not yet been delivered"),
	PH_W(expired, "not yet received"),

	/* failedstarttls: no encrypted session */
	PH_N(failedstarttls, "starttls"),
	PH_N(failedstarttls, "support tls"),
	PH_N(failedstarttls, "tls required"),
	PH_N(failedstarttls, "requiretls"),
	PH_N(failedstarttls, "tls negotiation"),
	PH_N(failedstarttls, "tls handshake"),

	/* filtered: a rule of the recipient refused the message */
	PH_N(filtered, "message filtered"),
	PH_N(filtered, "only accepting mail from"),
	PH_N(filtered, "only accepts mail from"),
	PH_N(filtered, "recipient preferences"),
	PH_N(filtered, "refuse to receive"),
	PH_N(filtered, "rejected by recipient"),
	PH_N(filtered, "blocked by recipient"),
	PH_N(filtered, "blocked by the recipient"),

	/* hasmoved: the address is gone, with somewhere else to go */
	PH_N(hasmoved, "has been replaced by"),
	PH_N(hasmoved, "no longer on server"),
	PH_N(hasmoved, "not our customer"),
	PH_N(hasmoved, "user not local"),
	PH_N(hasmoved, "has moved"),
	PH_N(hasmoved, "address has changed"),
	PH_N(hasmoved, "owner has changed"),

	/* hostunknown: the recipient's domain has no mail host */
	PH_N(hostunknown, "host unknown"),
	PH_N(hostunknown, "unknown host"),
	PH_N(hostunknown, "host not found"),
	PH_N(hostunknown, "no such host"),
	PH_N(hostunknown, "domain not found"),
	PH_N(hostunknown, "domain name not found"),
	PH_N(hostunknown, "no such domain"),
	PH_N(hostunknown, "domain does not exist"),
	PH_N(hostunknown, "domain doesn't exist"),
	PH_N(hostunknown, "unknown domain"),
	PH_N(hostunknown, "invalid domain"),
	PH_N(hostunknown, "domain is not reachable"),
	PH_N(hostunknown, "name or service not known"),
	PH_N(hostunknown, "nxdomain"),
	PH_N(hostunknown, "dns lookup failure"),
	PH_N(hostunknown, "unrouteable address"),
	PH_N(hostunknown, "unrouteable mail domain"),
	PH_N(hostunknown, "unroutable domain"),
	PH_N(hostunknown, "host name lookup failure"),
	PH_N(hostunknown, "no mx or a record"),

	/* mailboxfull: the recipient's mailbox is over its quota */
	PH_S(mailboxfull, "mailbox full"),
	PH_S(mailboxfull, "mailbox is full"),
	PH_S(mailboxfull, "mailbox has exceeded"),
	PH_S(mailboxfull, "mailbox exceeded"),
	PH_S(mailboxfull, "mailbox exceeds"),
	PH_S(mailboxfull, "mailbox size limit"),
	PH_S(mailboxfull, "mailbox quota"),
	PH_S(mailboxfull, "mailbox is over"),
	PH_S(mailboxfull, "full mailbox"),
	PH_S(mailboxfull, "inbox is full"),
	PH_S(mailboxfull, "mailfolder is full"),
	PH_S(mailboxfull, "mail folder is full"),
	PH_S(mailboxfull, "inbox full"),
	PH_S(mailboxfull, "account is full"),
	PH_S(mailboxfull, "over quota"),
	PH_S(mailboxfull, "over its quota"),
	PH_S(mailboxfull, "over the quota"),
	PH_S(mailboxfull, "quota exceeded"),
	PH_S(mailboxfull, "quota exceed"),
	PH_S(mailboxfull, "exceeded quota"),
	PH_S(mailboxfull, "exceeded its quota"),
	PH_S(mailboxfull, "quota full"),
	PH_S(mailboxfull, "quota violation"),
	PH_S(mailboxfull, "storage quota"),
	PH_S(mailboxfull, "disk quota"),
	PH_S(mailboxfull, "exceeded storage"),
	PH_S(mailboxfull, "storage allocation"),
	PH_S(mailboxfull, "too much mail"),
	PH_W(mailboxfull, "quota"),

	/* mailererror: the local delivery program failed */
	PH_S(mailererror, "procmail"),
	PH_N(mailererror, "mail.local"),
	PH_S(mailererror, "pipe to |"),
	PH_S(mailererror, "command died"),
	PH_S(mailererror, "child process"),
	PH_N(mailererror, "x-unix"),
	PH_N(mailererror, "mailer error"),
	/*
	 * Postfix quoting what a delivery command printed: weak, as the
	 * command's own words ("user unknown. Command output: ...") say more
	 */
	PH_W(mailererror, "command output"),

	/* mesgtoobig: larger than the server accepts */
	PH_N(mesgtoobig, "message too big"),
	PH_N(mesgtoobig, "message too large"),
	PH_N(mesgtoobig, "message is too big"),
	PH_N(mesgtoobig, "message is too large"),
	PH_N(mesgtoobig, "message size exceeds"),
	PH_N(mesgtoobig, "message length exceeds"),
	PH_N(mesgtoobig, "maximum message size"),
	PH_N(mesgtoobig, "max message size"),
	PH_N(mesgtoobig, "exceeds size limit"),
	PH_N(mesgtoobig, "size limit exceeded"),
	PH_N(mesgtoobig, "message size exceeded"),
	/* a cap on the number of lines ("line too long" is a syntax error) */
	PH_N(mesgtoobig, "line limit exceeded"),
	PH_W(mesgtoobig, "too large"),
	PH_W(mesgtoobig, "too big"),

	/* networkerror: DNS or transport trouble on the way */
	PH_S(networkerror, "malformed or unexpected name server reply"),
	PH_N(networkerror, "name service error"),
	/* a DNS answer to try again later is no proof that the host is unknown */
	PH_S(networkerror, "host not found, try again"),
	PH_N(networkerror, "dns error"),
	PH_N(networkerror, "dns failure"),
	PH_N(networkerror, "network error"),
	PH_N(networkerror, "lost connection"),
	PH_N(networkerror, "connection reset"),
	PH_N(networkerror, "connection refused"),
	PH_N(networkerror, "connection timed out"),
	PH_S(networkerror, "no route to host"),
	PH_S(networkerror, "network is unreachable"),
	PH_S(networkerror, "network unreachable"),
	PH_N(networkerror, "host unreachable"),
	PH_N(networkerror, "host not reachable"),
	PH_N(networkerror, "routing loop"),
	PH_N(networkerror, "mail loop"),
	PH_N(networkerror, "message looping"),
	PH_N(networkerror, "loops back to myself"),
	PH_N(networkerror, "too many hops"),
	PH_N(networkerror, "too many received"),
	PH_N(networkerror, "hop count exceeded"),
	PH_N(networkerror, "unable to connect"),
	PH_N(networkerror, "could not connect"),
	PH_N(networkerror, "couldn't connect"),
	PH_N(networkerror, "failed to connect"),
	PH_S(networkerror, "able to establish"),
	PH_N(networkerror, "could not find a gateway"),
	PH_W(networkerror, "timed out"),

	/* norelaying: the server would not relay for the destination */
	PH_N(norelaying, "relay access denied"),
	PH_N(norelaying, "relaying denied"),
	PH_N(norelaying, "relay denied"),
	PH_N(norelaying, "relay not permitted"),
	PH_N(norelaying, "relaying not permitted"),
	PH_N(norelaying, "relay not allowed"),
	PH_N(norelaying, "relaying not allowed"),
	PH_N(norelaying, "not permitted to relay"),
	PH_N(norelaying, "not allowed to relay"),
	PH_N(norelaying, "not configured to relay"),
	PH_N(norelaying, "unable to relay"),
	PH_N(norelaying, "cannot relay"),
	PH_N(norelaying, "we do not relay"),
	PH_N(norelaying, "relay prohibited"),
	PH_N(norelaying, "relaying prohibited"),
	PH_N(norelaying, "insecure mail relay"),
	PH_N(norelaying, "address is not verified"),
	/*
	 * "trying to use me [host] as a relay, but I have not been configured
	 * to let you do this" (not "listed as a relay of spam"); qmail's
	 * "allowed rcpthosts"
	 */
	PH_N(norelaying, "me as a relay"),
	PH_N(norelaying, "configured to let you"),
	PH_N(norelaying, "rcpthosts"),

	/* notaccept: the destination takes no mail at all */
	PH_S(notaccept, "null mx"),
	PH_N(notaccept, "not accept mail"),
	PH_N(notaccept, "n't accept mail"),
	PH_N(notaccept, "not accept email"),
	PH_N(notaccept, "n't accept email"),
	PH_N(notaccept, "not receive email"),
	PH_N(notaccept, "n't receive email"),
	PH_W(notaccept, "no mx"),
	PH_N(notaccept, "no smtp service"),

	/* notcompliantrfc: the message breaks a format rule */
	PH_N(notcompliantrfc, "duplicate header"),
	PH_N(notcompliantrfc, "duplicated header"),
	PH_N(notcompliantrfc, "multiple addresses in from"),
	PH_N(notcompliantrfc, "addresses in from: header"),
	PH_N(notcompliantrfc, "rfc 5322"),
	PH_N(notcompliantrfc, "rfc5322"),
	PH_N(notcompliantrfc, "rfc 2822"),
	PH_N(notcompliantrfc, "rfc2822"),
	PH_N(notcompliantrfc, "rfc compliant"),
	PH_N(notcompliantrfc, "rfc-compliant"),
	PH_N(notcompliantrfc, "not compliant with rfc"),

	/* policyviolation: a local policy of the receiving site */
	PH_N(policyviolation, "policy reasons"),
	PH_N(policyviolation, "local policy"),
	PH_N(policyviolation, "policy violation"),
	PH_N(policyviolation, "violates our"),
	PH_N(policyviolation, "violation of our"),
	PH_N(policyviolation, "against our policy"),
	PH_N(policyviolation, "rejected by policy"),
	PH_N(policyviolation, "due to policy"),
	PH_N(policyviolation, "network not allowed"),
	PH_N(policyviolation, "potential security issue"),
	PH_N(policyviolation, "because its content"),
	PH_N(policyviolation, "due to its content"),
	PH_N(policyviolation, "prohibited attachment"),
	PH_W(policyviolation, "policy"),

	/* rejected: the envelope sender was refused */
	PH_N(rejected, "sender address rejected"),
	PH_N(rejected, "sender rejected"),
	PH_N(rejected, "sender denied"),
	PH_N(rejected, "sender not allowed"),
	PH_N(rejected, "sender is not allowed"),
	PH_N(rejected, "domain of sender address"),
	PH_N(rejected, "sender domain"),
	PH_N(rejected, "sender verify failed"),
	PH_N(rejected, "sender verification"),
	PH_N(rejected, "invalid sender"),
	PH_N(rejected, "bad sender"),
	PH_N(rejected, "unverified sender"),
	PH_N(rejected, "send mail as"),
	PH_N(rejected, "permission to post"),
	PH_N(rejected, "an address that has been blacklisted"),
	PH_N(rejected, "sender address is blacklisted"),
	PH_N(rejected, "sender address has been blacklisted"),
	PH_N(rejected, "sender is blacklisted"),
	PH_N(rejected, "sender blacklisted"),

	/* requireptr: no valid reverse DNS for the sending IP address */
	PH_N(requireptr, "reverse dns"),
	PH_N(requireptr, "ptr record"),
	PH_N(requireptr, "no ptr"),
	PH_N(requireptr, "rdns"),
	PH_N(requireptr, "reverse lookup"),
	PH_N(requireptr, "reverse hostname"),
	PH_N(requireptr, "no reverse"),
	PH_N(requireptr, "cannot find your hostname"),
	PH_N(requireptr, "cannot find your reverse"),
	PH_N(requireptr, "mismatches client ip"),

	/* securityerror: authentication or security on the connection */
	PH_N(securityerror, "authentication required"),
	PH_N(securityerror, "authentication is required"),
	PH_N(securityerror, "must authenticate"),
	PH_N(securityerror, "must issue a starttls command first"),
	PH_N(securityerror, "smtp auth"),
	PH_N(securityerror, "delivery not authorized"),
	PH_N(securityerror, "encryption required"),
	PH_W(securityerror, "authentication failed"),
	PH_W(securityerror, "not authorized"),
	PH_W(securityerror, "access denied"),

	/* spamdetected: the content was judged to be spam */
	PH_N(spamdetected, "as spam"),
	PH_N(spamdetected, "spam detected"),
	PH_N(spamdetected, "detected spam"),
	PH_N(spamdetected, "spam message"),
	PH_N(spamdetected, "spam content"),
	PH_N(spamdetected, "spam score"),
	PH_N(spamdetected, "suspected spam"),
	PH_N(spamdetected, "looks like spam"),
	PH_N(spamdetected, "spam-like"),
	PH_N(spamdetected, "spammy"),
	PH_N(spamdetected, "junk mail"),
	PH_N(spamdetected, "unsolicited"),
	PH_N(spamdetected, "content rejected"),
	PH_N(spamdetected, "blacklisted url"),
	PH_N(spamdetected, "url in message"),
	PH_N(spamdetected, "uribl"),
	PH_N(spamdetected, "surbl"),
	PH_N(spamdetected, "spamassassin"),
	PH_N(spamdetected, "spam reject"),
	PH_N(spamdetected, "spamreject"),
	PH_N(spamdetected, "considered spam"),
	PH_N(spamdetected, "due to spam"),
	PH_N(spamdetected, "spamming"),
	PH_N(spamdetected, "dspam"),
	PH_N(spamdetected, "bulk mail"),
	PH_N(spamdetected, "bulk email"),
	PH_N(spamdetected, "mass mailer"),
	PH_N(spamdetected, "mass mailing"),
	/* and, apart from this table, the word "spam" as a weak hint */

	/* speeding: sending too fast */
	PH_S(speeding, "rate limit"),
	PH_S(speeding, "rate-limit"),
	PH_S(speeding, "ratelimit"),
	PH_S(speeding, "too fast"),
	PH_S(speeding, "slow down"),
	PH_S(speeding, "receiving mail at a rate"),
	PH_S(speeding, "sending rate"),
	PH_S(speeding, "message rate"),
	PH_S(speeding, "this hour"),
	PH_S(speeding, "per hour"),
	PH_S(speeding, "per minute"),
	PH_S(speeding, "sending quota exceeded"),

	/* suspend: the mailbox exists but is disabled */
	PH_S(suspend, "account disabled"),
	PH_S(suspend, "account is disabled"),
	PH_S(suspend, "account has been disabled"),
	PH_S(suspend, "mailbox disabled"),
	PH_S(suspend, "mailbox is disabled"),
	PH_S(suspend, "mailbox has been disabled"),
	PH_S(suspend, "disabled recipient"),
	PH_S(suspend, "is inactive"),
	PH_S(suspend, "inactive account"),
	PH_S(suspend, "inactive mailbox"),
	PH_S(suspend, "is frozen"),
	PH_S(suspend, "account locked"),
	PH_S(suspend, "account is locked"),
	PH_S(suspend, "account has been locked"),
	PH_S(suspend, "temporarily locked"),
	PH_S(suspend, "temporary locked"),
	PH_S(suspend, "account suspended"),
	PH_S(suspend, "account is suspended"),
	PH_S(suspend, "account has been suspended"),
	PH_S(suspend, "mailbox suspended"),
	PH_S(suspend, "mailbox is suspended"),
	PH_S(suspend, "mailbox has been suspended"),
	PH_S(suspend, "mailbox currently suspended"),
	PH_S(suspend, "account currently suspended"),
	PH_S(suspend, "account is blocked"),
	PH_S(suspend, "account has expired"),
	PH_S(suspend, "deactivated mailbox"),
	PH_S(suspend, "mailbox is deactivated"),
	PH_S(suspend, "mailbox has been deactivated"),
	PH_S(suspend, "deactivated account"),
	PH_S(suspend, "account is deactivated"),
	PH_S(suspend, "account has been deactivated"),
	PH_S(suspend, "account is expired"),

	/* syntaxerror: a malformed or misplaced SMTP command */
	PH_N(syntaxerror, "syntax error"),
	PH_N(syntaxerror, "improper sequence"),
	PH_N(syntaxerror, "bad sequence"),
	PH_N(syntaxerror, "command unrecognized"),
	PH_N(syntaxerror, "unrecognized command"),
	PH_N(syntaxerror, "command not recognized"),
	PH_N(syntaxerror, "command not implemented"),
	PH_N(syntaxerror, "invalid command"),
	PH_N(syntaxerror, "line too long"),
	PH_N(syntaxerror, "malformed address"),

	/* systemerror: trouble inside the receiving system */
	PH_N(systemerror, "system error"),
	PH_N(systemerror, "internal error"),
	PH_N(systemerror, "internal server error"),
	PH_N(systemerror, "server error"),
	PH_N(systemerror, "local error"),
	PH_N(systemerror, "configuration error"),
	PH_N(systemerror, "service currently unavailable"),
	PH_N(systemerror, "ldap server"),
	PH_N(systemerror, "directory server"),
	PH_W(systemerror, "service unavailable"),
	PH_W(systemerror, "transaction failed"),
	PH_W(systemerror, "mail system problem"),

	/* systemfull: the receiving server is out of space */
	PH_N(systemfull, "insufficient system storage"),
	PH_N(systemfull, "insufficient system resources"),
	PH_N(systemfull, "disk space"),
	PH_N(systemfull, "disk full"),
	PH_N(systemfull, "disk is full"),
	PH_N(systemfull, "no space left"),
	PH_N(systemfull, "system full"),

	/* toomanyconn: too many connections or recipients at once */
	PH_S(toomanyconn, "too many connections"),
	PH_S(toomanyconn, "too many concurrent"),
	PH_S(toomanyconn, "concurrent connections"),
	PH_S(toomanyconn, "simultaneous connections"),
	PH_S(toomanyconn, "connection limit"),
	PH_S(toomanyconn, "too many sessions"),
	PH_S(toomanyconn, "too many smtp sessions"),
	PH_S(toomanyconn, "frequency limited"),
	PH_S(toomanyconn, "too many recipients"),
	PH_S(toomanyconn, "too many messages"),

	/* userunknown: no such mailbox */
	PH_S(userunknown, "recipnotfound"),
	PH_S(userunknown, "recipientnotfound"),
	PH_S(userunknown, "this user doesn't have a"),
	PH_S(userunknown, "address couldn't be found"),
	PH_S(userunknown, "account that you tried to reach does not exist"),
	PH_U("user unknown"),
	PH_U("unknown user"),
	PH_U("no such user"),
	PH_U("user not found"),
	PH_U("user does not exist"),
	PH_U("user doesn't exist"),
	PH_U("not a known user"),
	PH_U("not a valid user"),
	PH_N(userunknown, "no such recipient"),
	PH_N(userunknown, "no such mailbox"),
	PH_N(userunknown, "no such account"),
	PH_N(userunknown, "no such address"),
	PH_N(userunknown, "no mailbox"),
	PH_N(userunknown, "no mail box"),
	PH_N(userunknown, "not an active address"),
	PH_N(userunknown, "mailbox not found"),
	PH_N(userunknown, "mail-box not found"),
	PH_N(userunknown, "mailbox unknown"),
	PH_N(userunknown, "mailbox does not exist"),
	PH_N(userunknown, "mailbox doesn't exist"),
	PH_N(userunknown, "user doesn't have"),
	PH_N(userunknown, "address does not exist"),
	PH_N(userunknown, "address doesn't exist"),
	PH_N(userunknown, "account does not exist"),
	PH_N(userunknown, "recipient does not exist"),
	PH_N(userunknown, "recipient not found"),
	PH_N(userunknown, "recipient unknown"),
	PH_N(userunknown, "unknown recipient"),
	PH_N(userunknown, "invalid recipient"),
	PH_N(userunknown, "invalid mailbox"),
	PH_N(userunknown, "invalid address"),
	PH_N(userunknown, "address not found"),
	PH_N(userunknown, "not a valid mailbox"),
	PH_N(userunknown, "not a valid recipient"),
	PH_N(userunknown, "unknown local part"),
	PH_N(userunknown, "unknown local-part"),
	PH_N(userunknown, "illegal user"),
	PH_N(userunknown, "not listed in"),
	PH_N(userunknown, "name is not recognized"),
	PH_W(userunknown, "does not exist"),
	PH_W(userunknown, "recipient address rejected"),
	PH_W(userunknown, "recipient rejected"),
	PH_W(userunknown, "rejected recipient"),
	PH_W(userunknown, "address rejected"),
	PH_W(userunknown, "mailbox unavailable"),

	/* virusdetected: malware in the message */
	PH_N(virusdetected, "virus detected"),
	PH_N(virusdetected, "virus found"),
	PH_N(virusdetected, "contains a virus"),
	PH_N(virusdetected, "contains virus"),
	PH_N(virusdetected, "virus infected"),
	PH_N(virusdetected, "infected with"),
	PH_N(virusdetected, "malware"),

	/*
	 * Other languages, in UTF-8.  Phrases written in ASCII also match text
	 * in any Latin charset.  A diagnostic in ISO-8859-1, -2, -5 or -15,
	 * windows-1250, -1251 or -1252, KOI8-R, KOI8-U or IBM866 is converted
	 * to UTF-8 before it is scanned (charset.c), so these phrases match it
	 * too; Chinese phrases are listed in their GBK or Big5 bytes as well,
	 * Japanese ones in EUC-JP and Shift_JIS (below).
	 *
	 * XXX a diagnostic in EUC-KR, or in a charset the message does not
	 * declare, is classified from its status code and ASCII words alone.
	 */

	/* French */
	PH_N(userunknown, "utilisateur inconnu"),
	PH_N(userunknown, "destinataire inconnu"),
	PH_N(userunknown, "adresse inexistante"),
	PH_N(mailboxfull, "boîte pleine"),
	PH_N(mailboxfull, "boîte aux lettres pleine"),
	PH_N(suspend, "compte désactivé"),
	PH_N(hostunknown, "domaine inexistant"),
	PH_N(spamdetected, "considéré comme spam"),

	/* German */
	PH_N(userunknown, "unbekannter empfänger"),
	PH_N(userunknown, "benutzer unbekannt"),
	PH_N(userunknown, "empfänger unbekannt"),
	PH_N(mailboxfull, "postfach voll"),
	PH_N(mailboxfull, "postfach ist voll"),
	PH_N(suspend, "konto gesperrt"),
	PH_N(hostunknown, "domain existiert nicht"),
	PH_N(spamdetected, "als spam eingestuft"),

	/* Spanish */
	PH_N(userunknown, "usuario desconocido"),
	PH_W(userunknown, "no existe"),
	PH_N(mailboxfull, "buzón lleno"),
	PH_N(mailboxfull, "buzón está lleno"),
	PH_N(suspend, "cuenta desactivada"),
	PH_N(spamdetected, "detectado como spam"),

	/* Portuguese */
	PH_N(userunknown, "usuário desconhecido"),
	PH_N(userunknown, "utilizador desconhecido"),
	PH_N(mailboxfull, "caixa cheia"),
	PH_N(mailboxfull, "caixa postal cheia"),
	PH_N(suspend, "conta desativada"),

	/* Italian */
	PH_N(userunknown, "utente sconosciuto"),
	PH_N(userunknown, "utente inesistente"),
	PH_N(mailboxfull, "casella piena"),
	PH_N(suspend, "account disabilitato"),
	PH_N(blocked, "indirizzo ip bloccato"),

	/* Russian */
	/*
	 * XXX the normaliser folds ASCII letters only, so a Cyrillic phrase
	 * that opens a sentence is listed capitalised as well.
	 */
	PH_N(userunknown, "пользователь не найден"),
	PH_N(userunknown, "Пользователь не найден"),
	PH_N(userunknown, "Нет такого пользователя"),
	PH_N(userunknown, "Адрес не существует"),
	PH_N(userunknown, "нет такого пользователя"),
	PH_N(userunknown, "адрес не существует"),
	PH_N(mailboxfull, "ящик переполнен"),
	PH_N(mailboxfull, "ящик заполнен"),
	PH_N(suspend, "ящик заблокирован"),
	PH_N(spamdetected, "похоже на спам"),

	/* Chinese */
	PH_N(userunknown, "用户不存在"),
	PH_N(userunknown, "收件人不存在"),
	PH_N(mailboxfull, "邮箱已满"),
	PH_N(mailboxfull, "邮箱空间不足"),
	PH_N(hostunknown, "域名不存在"),
	PH_N(spamdetected, "垃圾邮件"),
	PH_N(blocked, "ip被封禁"),

	/*
	 * The same Chinese phrases in GBK (and so GB2312) bytes, stored as the
	 * normaliser reads them: ASCII capitals among the second bytes folded
	 * to lower case.
	 */
	PH_N(userunknown, "\xd3\xc3\xbb\xa7\xb2\xbb\xb4\xe6\xd4\xda"),	/* 用户不存在 */
	PH_N(userunknown, "\xca\xd5\xbc\xfe\xc8\xcb\xb2\xbb\xb4\xe6\xd4\xda"),	/* 收件人不存在 */
	PH_N(mailboxfull, "\xd3\xca\xcf\xe4\xd2\xd1\xc2\xfa"),	/* 邮箱已满 */
	PH_N(mailboxfull, "\xd3\xca\xcf\xe4\xbf\xd5\xbc\xe4\xb2\xbb\xd7\xe3"),	/* 邮箱空间不足 */
	PH_N(hostunknown, "\xd3\xf2\xc3\xfb\xb2\xbb\xb4\xe6\xd4\xda"),	/* 域名不存在 */
	PH_N(spamdetected, "\xc0\xac\xbb\xf8\xd3\xca\xbc\xfe"),	/* 垃圾邮件 */
	PH_N(blocked, "ip\xb1\xbb\xb7\xe2\xbd\xfb"),	/* ip被封禁 */

	/*
	 * Traditional Chinese, in UTF-8 and in Big5 bytes (stored as the
	 * normaliser reads them, like the GBK ones); 收件人不存在 is written
	 * alike in both scripts.
	 */
	PH_N(userunknown, "用戶不存在"),
	PH_N(userunknown, "\xa5\xce\xa4\xe1\xa4\xa3\xa6s\xa6" "b"),	/* 用戶不存在 */
	PH_N(userunknown, "\xa6\xac\xa5\xf3\xa4h\xa4\xa3\xa6s\xa6" "b"),	/* 收件人不存在 */
	PH_N(mailboxfull, "信箱已滿"),
	PH_N(mailboxfull, "\xabh\xbd" "c\xa4w\xba\xa1"),	/* 信箱已滿 */
	PH_N(mailboxfull, "郵箱已滿"),
	PH_N(mailboxfull, "\xb6l\xbd" "c\xa4w\xba\xa1"),	/* 郵箱已滿 */
	PH_N(spamdetected, "垃圾郵件"),
	PH_N(spamdetected, "\xa9u\xa7\xa3\xb6l\xa5\xf3"),	/* 垃圾郵件 */

	/*
	 * Japanese, in UTF-8, EUC-JP and Shift_JIS byte forms.  The core does not
	 * transcode Japanese to UTF-8 (that needs the JIS tables); it shifts
	 * ISO-2022-JP to EUC-JP only (charset.c), so each phrase is listed in
	 * the three forms a diagnostic may arrive in.  Shift_JIS forms are
	 * stored as the normaliser reads them: ASCII capitals among the second
	 * bytes folded to lower case.
	 *
	 * XXX only these few Japanese phrases have the legacy byte forms.
	 */
	PH_N(userunknown, "宛先不明"),
	PH_N(userunknown, "\xb0\xb8\xc0\xe8\xc9\xd4\xcc\xc0"),	/* 宛先不明, EUC-JP */
	PH_N(userunknown, "\x88\xb6\x90\xe6\x95s\x96\xbe"),	/* 宛先不明, Shift_JIS */
	PH_N(userunknown, "存在しないアドレス"),
	PH_N(userunknown, "\xc2\xb8\xba\xdf\xa4\xb7\xa4\xca\xa4\xa4\xa5\xa2\xa5\xc9\xa5\xec\xa5\xb9"),	/* 存在しないアドレス, EUC-JP */
	PH_N(userunknown, "\x91\xb6\x8d\xdd\x82\xb5\x82\xc8\x82\xa2\x83" "a\x83h\x83\x8c\x83x"),	/* 存在しないアドレス, Shift_JIS */
	PH_N(mailboxfull, "容量オーバー"),
	PH_N(mailboxfull, "\xcd\xc6\xce\xcc\xa5\xaa\xa1\xbc\xa5\xd0\xa1\xbc"),	/* 容量オーバー, EUC-JP */
	PH_N(mailboxfull, "\x97" "e\x97\xca\x83i\x81[\x83o\x81["),	/* 容量オーバー, Shift_JIS */
	PH_N(mailboxfull, "メールボックスが一杯"),
	PH_N(mailboxfull, "\xa5\xe1\xa1\xbc\xa5\xeb\xa5\xdc\xa5\xc3\xa5\xaf\xa5\xb9\xa4\xac\xb0\xec\xc7\xd5"),	/* メールボックスが一杯, EUC-JP */
	PH_N(mailboxfull, "\x83\x81\x81[\x83\x8b\x83{\x83" "b\x83n\x83x\x82\xaa\x88\xea\x94t"),	/* メールボックスが一杯, Shift_JIS */
	PH_N(hostunknown, "ドメインが存在しません"),
	PH_N(hostunknown, "\xa5\xc9\xa5\xe1\xa5\xa4\xa5\xf3\xa4\xac\xc2\xb8\xba\xdf\xa4\xb7\xa4\xde\xa4\xbb\xa4\xf3"),	/* ドメインが存在しません, EUC-JP */
	PH_N(hostunknown, "\x83h\x83\x81\x83" "c\x83\x93\x82\xaa\x91\xb6\x8d\xdd\x82\xb5\x82\xdc\x82\xb9\x82\xf1"),	/* ドメインが存在しません, Shift_JIS */

};

#undef PH_S
#undef PH_N
#undef PH_W
#undef PH_U

#endif							/* BNC_PHRASE_TABLE_H */
