/*-------------------------------------------------------------------------
 *
 * rhost.c
 *		Rules of the big receiving mail providers: which of their own codes
 *		and fixed phrases name which reason, as one data table per provider.
 *
 * A provider is recognised from the host that refused the message, from a
 * marker that only its servers write into a reply ("gsmtp", a postmaster
 * URL, a code prefix), from the reporting host when the provider itself
 * judged the failure, or from the recipient's domain.  Its rules are then
 * tried in order: phrases (found in the normalised diagnostic, see
 * phrase.c), enhanced status codes, and vendor error numbers such as
 * Spectrum's "AUP#I-1310" or Orange's "OFR_416".  The first rule that
 * matches decides, ahead of the generic classifier: a provider's own code
 * means what the provider documents, whatever generic reading its status
 * code or wording would otherwise get.
 *
 * Phrases here are kept to each provider's fixed wording; wording that any
 * server may use belongs in phrase_table.h.
 *
 * src/core/rhost.c
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "explain.h"
#include "rhost.h"
#include "text.h"

#define R(name) BNC_R_##name

/* The SMTP stage a phrase rule is limited to. */
#define AT_ANY	0
#define AT_RCPT 1
#define AT_DATA 2

/* A fixed phrase, in normal form, and the reason it names. */
typedef struct rhost_phrase
{
	const char *text;
	unsigned char reason;
	unsigned char stage;		/* AT_ANY, AT_RCPT or AT_DATA */
} rhost_phrase;

/* A range of enhanced status codes and the reason they name. */
typedef struct rhost_code
{
	int			cls;			/* 4 or 5 */
	int			subject;
	int			lo;				/* detail range, inclusive */
	int			hi;
	bnc_reason	reason;
} rhost_code;

/* A range of vendor error numbers and the reason they name. */
typedef struct rhost_number
{
	int			lo;
	int			hi;
	bnc_reason	reason;
} rhost_number;

/* One provider: how to recognise it and what its codes mean. */
typedef struct rhost_provider
{
	const char *name;
	const char *const *hosts;	/* host name suffixes */
	const char *const *markers; /* text only its replies carry */
	const char *const *domains; /* recipient domains it receives for */
	const rhost_phrase *phrases;	/* ends with a NULL text */
	const rhost_code *codes;	/* ends with cls 0 */
	const char *const *number_after;	/* prefixes of its error numbers */
	const rhost_number *numbers;	/* ends with lo 0 */
} rhost_provider;

/* The provider and the rule of it that decided, for an explanation. */
typedef struct rhost_rule
{
	const char *provider;
	const char *phrase;			/* a phrase rule, or NULL */
	const rhost_code *code;		/* a code range rule, or NULL */
	const char *number_after;	/* prefix of a vendor number, or NULL */
	int			number;
} rhost_rule;

#define P_ANY(t, r) {t, R(r), AT_ANY}
#define P_RCPT(t, r) {t, R(r), AT_RCPT}
#define P_DATA(t, r) {t, R(r), AT_DATA}
#define P_END {NULL, 0, 0}

/* ---- Google (Gmail, Google Workspace) ---- */

static const char *const google_hosts[] = {"google.com", "googlemail.com",
"gmail.com", NULL};
static const char *const google_markers[] = {"gsmtp", NULL};
static const char *const google_domains[] = {"gmail.com", "googlemail.com",
NULL};
static const rhost_phrase google_phrases[] = {
	P_ANY("account that you tried to reach is disabled", suspend),
	P_ANY("account that you tried to reach is inactive", suspend),
	P_ANY("account that you tried to reach does not exist", userunknown),
	P_ANY("account that you tried to reach is over quota", mailboxfull),
	P_ANY("google's message size limits", mesgtoobig),
	P_ANY("receiving mail too quickly", speeding),
	P_ANY("receiving mail at a rate that", speeding),
	P_ANY("ip not in whitelist for rcpt domain", blocked),
	P_ANY("not authorized to send email directly to our servers", blocked),
	P_ANY("has a policy that prohibited the mail", policyviolation),
	P_ANY("likely unsolicited mail", spamdetected),
	P_ANY("very low reputation of the sending", badreputation),
	P_END
};

/* ---- Microsoft (Outlook.com, Hotmail, Exchange Online) ---- */

static const char *const microsoft_hosts[] = {"outlook.com", "hotmail.com",
"live.com", "msn.com", "office365.com", "microsoft.com", NULL};
static const char *const microsoft_markers[] = {"protection.outlook.com",
"prod.outlook.com", "mail.live.com", NULL};
static const char *const microsoft_domains[] = {"outlook.com", "hotmail.com",
"live.com", "msn.com", NULL};
static const rhost_phrase microsoft_phrases[] = {
	P_ANY("relay access denied", norelaying),
	/* directory-based edge blocking: no such recipient in the tenant */
	P_ANY("recipient address rejected: access denied", userunknown),
	P_ANY("requested action not taken: mailbox unavailable", userunknown),
	P_ANY("banned sending ip", blocked),
	P_ANY("on our block list", blocked),
	P_ANY("(s3113)", blocked),
	P_ANY("(s3114)", blocked),
	P_ANY("(s3115)", blocked),
	P_ANY("(s3140)", blocked),
	P_ANY("(s3150)", blocked),
	P_ANY("sc-001", blocked),
	P_ANY("sc-002", blocked),
	P_ANY("sc-003", blocked),
	P_ANY("sc-004", blocked),
	P_ANY("ou-001", blocked),
	P_ANY("dy-001", blocked),
	P_ANY("dy-002", blocked),
	P_ANY("rp-001", speeding),
	P_ANY("rp-002", speeding),
	P_ANY("rp-003", speeding),
	P_ANY("mismatches client ip", requireptr),
	P_ANY("required authentication level", authfailure),
	P_END
};
static const rhost_code microsoft_codes[] = {
	{5, 2, 121, 122, R(speeding)},	/* per-hour receive limit */
	{5, 4, 6, 6, R(networkerror)},	/* routing loop */
	{5, 4, 14, 14, R(networkerror)},	/* hop count exceeded */
	{5, 7, 124, 124, R(filtered)},	/* sender not in allowed list */
	{5, 7, 133, 136, R(filtered)},	/* group or mailbox: members only */
	{5, 7, 509, 509, R(authfailure)},	/* DMARC */
	{5, 7, 511, 511, R(rejected)},	/* banned sender */
	{5, 7, 512, 512, R(notcompliantrfc)},	/* From header not RFC 5322 */
	{5, 7, 513, 513, R(blocked)},	/* customer block list */
	{5, 7, 515, 515, R(authfailure)},	/* domain authentication level */
	{5, 7, 606, 649, R(blocked)},	/* banned sending IP */
	{4, 7, 650, 699, R(badreputation)},	/* rate limited by reputation */
	{5, 7, 705, 705, R(blocked)},	/* tenant over its threshold */
	{5, 7, 708, 708, R(blocked)},	/* traffic not accepted from IP */
	{0, 0, 0, 0, R(undefined)}
};

/* ---- Yahoo (and AOL mail hosted on its servers) ---- */

static const char *const yahoo_hosts[] = {"yahoodns.net", "yahoo.com",
"yahoo.net", NULL};
static const char *const yahoo_markers[] = {"postmaster.yahooinc.com",
"postmaster.verizonmedia.com", "postmaster.yahoo.com", "[ts0", "[tss",
NULL};
static const char *const yahoo_domains[] = {"yahoo.com", "ymail.com",
"rocketmail.com", NULL};
static const rhost_phrase yahoo_phrases[] = {
	P_ANY("[ts01]", badreputation),
	P_ANY("[ts02]", badreputation),
	P_ANY("[ts03]", blocked),
	P_ANY("[tss04]", badreputation),
	P_ANY("[tss09]", blocked),
	P_ANY("[bl21]", blocked),
	P_ANY("[bl22]", blocked),
	P_ANY("[bl23]", blocked),
	P_ANY("this mailbox is disabled", suspend),
	P_ANY("(554.30)", suspend),
	P_ANY("unresolvable rfc.5321 from domain", rejected),
	P_ANY("headers are not rfc compliant", notcompliantrfc),
	P_ANY("max message per connection exceeded", toomanyconn),
	P_END
};

/* ---- AOL ---- */

static const char *const aol_hosts[] = {"aol.com", NULL};
static const char *const aol_markers[] = {"x-outbound-mail-relay", NULL};
static const char *const aol_domains[] = {"aol.com", "aim.com", NULL};
static const rhost_phrase aol_phrases[] = {
	/* the destination publishes an MX that cannot be used */
	P_ANY("type=mx: malformed or unexpected name server reply", notaccept),
	P_ANY("rtr:bb", blocked),
	P_ANY("rtr:bl", blocked),
	P_ANY("rtr:du", blocked),
	P_ANY("dyn:t1", blocked),
	P_ANY("hvu:b1", blocked),
	P_ANY("rly:b1", blocked),
	P_ANY("rly:b2", blocked),
	P_ANY("rly:b3", blocked),
	P_ANY("rly:bd", requireptr),
	P_ANY("con:b1", blocked),
	P_END
};

/* ---- Apple (iCloud) ---- */

static const char *const apple_hosts[] = {"icloud.com", "apple.com",
"me.com", "mac.com", NULL};
static const char *const apple_markers[] = {"support.apple.com", NULL};
static const char *const apple_domains[] = {"icloud.com", "me.com",
"mac.com", NULL};
static const rhost_phrase apple_phrases[] = {
	P_ANY("[cs01]", policyviolation),
	P_ANY("[hm08]", policyviolation),
	P_ANY("deferred due to excessive volume", speeding),
	P_ANY("support.proofpoint.com/dnsbl", blocked),
	P_END
};

/* ---- Cox ---- */

static const char *const cox_hosts[] = {"cox.net", NULL};
static const char *const cox_markers[] = {"cox.net", NULL};
static const char *const cox_domains[] = {"cox.net", NULL};
static const rhost_phrase cox_phrases[] = {
	P_ANY("aup#cxbl", blocked),
	P_ANY("aup#cdrbl", blocked),
	P_ANY("ipbl0", blocked),
	P_ANY("ipbl1", blocked),
	P_ANY("aup#cxdns", requireptr),
	P_ANY("aup#cxsndr", rejected),
	P_ANY("aup#cxsmtp", syntaxerror),
	P_ANY("aup#cxcnct", toomanyconn),
	P_ANY("aup#cxmxrt", speeding),
	P_ANY("rrbl0", badreputation),
	P_ANY("urlbl", spamdetected),
	P_END
};

/* ---- GoDaddy ---- */

static const char *const godaddy_hosts[] = {"secureserver.net", NULL};
static const char *const godaddy_markers[] = {"secureserver.net",
"x.co/rlbounce", "x.co/irbounce", NULL};
static const rhost_phrase godaddy_phrases[] = {
	P_ANY("ib106", blocked),
	P_ANY("ib110", blocked),
	P_ANY("ib111", blocked),
	P_ANY("ib605", speeding),
	P_ANY("ib607", speeding),
	P_ANY("ib705", virusdetected),
	P_END
};

/* ---- Orange, Wanadoo and La Poste (France) ---- */

static const char *const orange_hosts[] = {"orange.fr", "wanadoo.fr",
"laposte.net", NULL};
static const char *const orange_markers[] = {"ofr_", "ofr0", "lpn0", NULL};
static const char *const orange_domains[] = {"orange.fr", "wanadoo.fr",
"laposte.net", NULL};
static const char *const orange_number_after[] = {"ofr", "lpn", NULL};
static const rhost_number orange_numbers[] = {
	{102, 102, R(blocked)},		/* source IP blocked for spam */
	{108, 108, R(blocked)},		/* service refused */
	{416, 416, R(userunknown)},	/* invalid recipient */
	{417, 417, R(mailboxfull)},	/* recipient's mailbox full */
	{426, 426, R(suspend)},		/* recipient's account blocked */
	{506, 506, R(spamdetected)},	/* message rejected */
	{999, 999, R(blocked)},		/* service refused */
	{0, 0, R(undefined)}
};

/* ---- Tencent (QQ Mail) ---- */

static const char *const tencent_hosts[] = {"qq.com", NULL};
static const char *const tencent_markers[] = {"mail.qq.com", NULL};
static const char *const tencent_domains[] = {"qq.com", "foxmail.com", NULL};
static const rhost_phrase tencent_phrases[] = {
	P_ANY("frequency limited", toomanyconn),
	P_ANY("mail content denied", spamdetected),
	P_ANY("mail is rejected by recipients", filtered),
	P_END
};

/* ---- NTT docomo ---- */

static const char *const docomo_hosts[] = {"docomo.ne.jp", NULL};
static const char *const docomo_domains[] = {"docomo.ne.jp", NULL};
static const rhost_phrase docomo_phrases[] = {
	/*
	 * docomo answers "550 Unknown user" at RCPT TO for an address that
	 * does not exist, and after DATA for a recipient whose reception
	 * settings refuse the sender.
	 */
	P_RCPT("unknown user", userunknown),
	P_DATA("unknown user", rejected),
	P_ANY("too much mail data", mesgtoobig),
	P_END
};

/* ---- KDDI (au) ---- */

static const char *const kddi_hosts[] = {"ezweb.ne.jp", "au.com", NULL};
static const char *const kddi_domains[] = {"ezweb.ne.jp", "au.com", NULL};
static const rhost_phrase kddi_phrases[] = {
	P_ANY("too much mail data", mesgtoobig),
	P_END
};

/* ---- I.UA ---- */

static const char *const iua_hosts[] = {"email.ua", "i.ua", NULL};
static const char *const iua_markers[] = {"mail.i.ua", NULL};
static const char *const iua_domains[] = {"i.ua", NULL};
static const rhost_phrase iua_phrases[] = {
	P_ANY("mailbox is frozen", suspend),
	P_END
};

/* ---- Spectrum (Charter) ---- */

static const char *const spectrum_hosts[] = {"charter.net", "spectrum.net",
NULL};
static const char *const spectrum_markers[] = {"spectrum.net", NULL};
static const char *const spectrum_domains[] = {"charter.net", "spectrum.net",
NULL};
static const char *const spectrum_number_after[] = {"aup#", NULL};
static const rhost_number spectrum_numbers[] = {
	{1000, 1000, R(blocked)},	/* IP blocked for suspicious activity */
	{1010, 1020, R(rejected)},	/* sending account blocked or limited */
	{1080, 1080, R(blocked)},	/* IP blocked for a while */
	{1090, 1090, R(systemerror)},	/* cannot be processed now */
	{1260, 1260, R(networkerror)},	/* IPv6 not served */
	{1300, 1330, R(toomanyconn)},	/* concurrent connection limits */
	{1530, 1530, R(mesgtoobig)},	/* over the size limit */
	{1540, 1550, R(toomanyconn)},	/* too many messages or recipients */
	{1580, 1590, R(speeding)},	/* too many in a short time */
	{0, 0, R(undefined)}
};

/* ---- Mimecast ---- */

static const char *const mimecast_hosts[] = {"mimecast.com", NULL};
static const char *const mimecast_markers[] = {"mimecast.com", NULL};
static const rhost_phrase mimecast_phrases[] = {
	P_ANY("anti-spoofing policy", rejected),
	P_ANY("envelope blocked", filtered),
	P_ANY("ip found in rbl", blocked),
	P_ANY("local ct ip reputation", badreputation),
	P_ANY("host network not allowed", policyviolation),
	P_END
};

/* ---- MessageLabs (Symantec Email Security.cloud) ---- */

static const char *const messagelabs_hosts[] = {"messagelabs.com", NULL};
static const char *const messagelabs_markers[] = {"messagelabs.com", NULL};
static const rhost_phrase messagelabs_phrases[] = {
	P_ANY("spf/all", authfailure),
	P_END
};

/* ---- Zoho ---- */

static const char *const zoho_hosts[] = {"zoho.com", "zohomail.com",
"zoho.eu", "zoho.in", NULL};
static const char *const zoho_domains[] = {"zoho.com", "zohomail.com", NULL};
static const rhost_phrase zoho_phrases[] = {
	P_ANY("relaying disallowed", norelaying),
	P_END
};

/* ---- Facebook ---- */

static const char *const facebook_hosts[] = {"facebook.com", NULL};
static const char *const facebook_markers[] = {"postmaster.facebook.com",
NULL};
static const rhost_phrase facebook_phrases[] = {
	P_ANY("rcp-p1", userunknown),
	P_END
};

/* ---- Cloudflare Email Routing ---- */

static const char *const cloudflare_hosts[] = {"cloudflare.net", NULL};
static const rhost_phrase cloudflare_phrases[] = {
	P_ANY("destination address is not verified", rejected),
	P_END
};

static const rhost_phrase no_phrases[] = {P_END};
static const rhost_code no_codes[] = {{0, 0, 0, 0, R(undefined)}};
static const rhost_number no_numbers[] = {{0, 0, R(undefined)}};

#define PROVIDER(name, hosts, markers, domains, phrases, codes, after, nums) \
	{name, hosts, markers, domains, phrases, codes, after, nums}

/* The providers, in the order they are tried at each stage of matching. */
static const rhost_provider providers[] = {
	PROVIDER("google", google_hosts, google_markers, google_domains,
			 google_phrases, no_codes, NULL, no_numbers),
	PROVIDER("microsoft", microsoft_hosts, microsoft_markers,
			 microsoft_domains, microsoft_phrases, microsoft_codes, NULL,
			 no_numbers),
	PROVIDER("yahoo", yahoo_hosts, yahoo_markers, yahoo_domains,
			 yahoo_phrases, no_codes, NULL, no_numbers),
	PROVIDER("aol", aol_hosts, aol_markers, aol_domains, aol_phrases,
			 no_codes, NULL, no_numbers),
	PROVIDER("apple", apple_hosts, apple_markers, apple_domains,
			 apple_phrases, no_codes, NULL, no_numbers),
	PROVIDER("cox", cox_hosts, cox_markers, cox_domains, cox_phrases,
			 no_codes, NULL, no_numbers),
	PROVIDER("godaddy", godaddy_hosts, godaddy_markers, NULL,
			 godaddy_phrases, no_codes, NULL, no_numbers),
	PROVIDER("orange", orange_hosts, orange_markers, orange_domains,
			 no_phrases, no_codes, orange_number_after, orange_numbers),
	PROVIDER("tencent", tencent_hosts, tencent_markers, tencent_domains,
			 tencent_phrases, no_codes, NULL, no_numbers),
	PROVIDER("docomo", docomo_hosts, NULL, docomo_domains, docomo_phrases,
			 no_codes, NULL, no_numbers),
	PROVIDER("kddi", kddi_hosts, NULL, kddi_domains, kddi_phrases,
			 no_codes, NULL, no_numbers),
	PROVIDER("iua", iua_hosts, iua_markers, iua_domains, iua_phrases,
			 no_codes, NULL, no_numbers),
	PROVIDER("spectrum", spectrum_hosts, spectrum_markers, spectrum_domains,
			 no_phrases, no_codes, spectrum_number_after, spectrum_numbers),
	PROVIDER("mimecast", mimecast_hosts, mimecast_markers, NULL,
			 mimecast_phrases, no_codes, NULL, no_numbers),
	PROVIDER("messagelabs", messagelabs_hosts, messagelabs_markers, NULL,
			 messagelabs_phrases, no_codes, NULL, no_numbers),
	PROVIDER("zoho", zoho_hosts, NULL, zoho_domains, zoho_phrases,
			 no_codes, NULL, no_numbers),
	PROVIDER("facebook", facebook_hosts, facebook_markers, NULL,
			 facebook_phrases, no_codes, NULL, no_numbers),
	PROVIDER("cloudflare", cloudflare_hosts, NULL, NULL, cloudflare_phrases,
			 no_codes, NULL, no_numbers),
};

#define NPROVIDERS (sizeof(providers) / sizeof(providers[0]))

/*
 * The host name at the start of an MTA field such as "mx.example.net.
 * (192.0.2.1, the server for ...)": its span without a trailing dot, or
 * an empty span when the field starts with an address literal.
 */
static bnc_span
host_of(const char *mta)
{
	bnc_span	h = {"", 0};
	size_t		n = 0;

	if (mta == NULL)
		return h;
	while (*mta == ' ' || *mta == '\t')
		mta++;
	while (mta[n] != '\0' && mta[n] != ' ' && mta[n] != '\t' &&
		   mta[n] != '(' && mta[n] != '[' && mta[n] != ';' && mta[n] != ':')
		n++;
	while (n > 0 && mta[n - 1] == '.')
		n--;
	h.p = mta;
	h.len = n;
	return h;
}

/* Is host equal to suffix, or a name under it, ignoring case? */
static int
host_under(bnc_span host, const char *suffix)
{
	size_t		n = strlen(suffix);
	const char *tail;

	if (host.len < n || n == 0)
		return 0;
	tail = host.p + host.len - n;
	/* the last bytes first: most suffixes differ there */
	if (BNC_LOWER((unsigned char) tail[n - 1]) !=
		BNC_LOWER((unsigned char) suffix[n - 1]) ||
		!bnc_ci_equal(tail, n, suffix))
		return 0;
	return host.len == n || tail[-1] == '.';
}

/* Is host under one of the suffixes of a NULL-terminated list? */
static int
host_in(bnc_span host, const char *const *list)
{
	int			i;

	for (i = 0; host.len > 0 && list != NULL && list[i] != NULL; i++)
	{
		if (host_under(host, list[i]))
			return 1;
	}
	return 0;
}

/*
 * The pairs of adjacent bytes (case folded) that occur in a text, hashed
 * into a set of bits.  A marker with a pair that is not in the set cannot
 * occur in the text, which spares most of the searches for the markers.
 */
typedef struct pair_set
{
	uint64_t	bits[16];
} pair_set;

/*
 * Bit of the pair (a, b) in a pair_set: the five low bits of each byte,
 * which are the same for a letter in either case (other bytes may share a
 * letter's bits, which only makes for more searches).
 */
static unsigned
pair_bit(unsigned char a, unsigned char b)
{
	return ((unsigned) a & 31u) << 5 | ((unsigned) b & 31u);
}

/* Fill ps with the pairs of text[0..len). */
static void
pair_set_fill(pair_set *ps, const char *text, size_t len)
{
	size_t		i;

	memset(ps, 0, sizeof(*ps));
	for (i = 0; i + 1 < len; i++)
	{
		unsigned	b = pair_bit((unsigned char) text[i],
								 (unsigned char) text[i + 1]);

		ps->bits[b >> 6] |= (uint64_t) 1 << (b & 63);
	}
}

/* Could s occur in the text ps was filled from? */
static int
pair_set_may_hold(const pair_set *ps, const char *s)
{
	size_t		i;

	for (i = 0; s[i] != '\0' && s[i + 1] != '\0'; i++)
	{
		unsigned	b = pair_bit((unsigned char) s[i],
								 (unsigned char) s[i + 1]);

		if ((ps->bits[b >> 6] & ((uint64_t) 1 << (b & 63))) == 0)
			return 0;
	}
	return 1;
}

/*
 * Does text[0..len) contain one of the markers, ignoring case?  ps holds
 * the pairs of the text.
 */
static int
text_has_marker(const char *text, size_t len, const pair_set *ps,
				const char *const *list)
{
	int			i;

	for (i = 0; text != NULL && list != NULL && list[i] != NULL; i++)
	{
		if (pair_set_may_hold(ps, list[i]) &&
			bnc_ci_find(text, len, list[i]) != NULL)
			return 1;
	}
	return 0;
}

/* Is domain exactly one of a NULL-terminated list? */
static int
domain_in(const char *domain, const char *const *list)
{
	int			i;

	for (i = 0; domain != NULL && list != NULL && list[i] != NULL; i++)
	{
		if (domain[0] == list[i][0] && strcmp(domain, list[i]) == 0)
			return 1;
	}
	return 0;
}

/* The provider whose rules apply, or NULL; see rhost.h. */
static const rhost_provider *
find_provider(const bnc_rhost_input *in)
{
	bnc_span	remote = host_of(in->remote_mta);
	bnc_span	reporting = host_of(in->reporting_mta);
	const char *text = in->ev->text;
	size_t		len = text != NULL ? in->ev->textlen : 0;
	pair_set	pairs;
	size_t		i;

	for (i = 0; i < NPROVIDERS; i++)
		if (host_in(remote, providers[i].hosts))
			return &providers[i];
	pair_set_fill(&pairs, text, len);
	for (i = 0; i < NPROVIDERS; i++)
		if (text_has_marker(text, len, &pairs, providers[i].markers))
			return &providers[i];
	for (i = 0; remote.len == 0 && i < NPROVIDERS; i++)
		if (host_in(reporting, providers[i].hosts))
			return &providers[i];
	for (i = 0; i < NPROVIDERS; i++)
		if (domain_in(in->rcpt_domain, providers[i].domains))
			return &providers[i];
	return NULL;
}

/* The provider's name, or NULL; see rhost.h. */
const char *
bnc_rhost_provider(const bnc_rhost_input *in)
{
	const rhost_provider *p = find_provider(in);

	return p != NULL ? p->name : NULL;
}

/* The SMTP stage a command names: AT_RCPT, AT_DATA or AT_ANY. */
static int
stage_of(const char *command)
{
	if (command == NULL)
		return AT_ANY;
	while (*command == ' ')
		command++;
	if (bnc_ci_prefix(command, strlen(command), "rcpt"))
		return AT_RCPT;
	if (bnc_ci_prefix(command, strlen(command), "data") ||
		bnc_ci_prefix(command, strlen(command), "bdat") ||
		bnc_ci_prefix(command, strlen(command), "end of data"))
		return AT_DATA;
	return AT_ANY;
}

/* The reason of the first phrase rule found in norm, or -1. */
static int
phrase_reason(const rhost_phrase *rules, const char *norm, int stage,
			  rhost_rule *rule)
{
	int			i;

	for (i = 0; rules[i].text != NULL; i++)
	{
		if (rules[i].stage != AT_ANY && rules[i].stage != stage)
			continue;
		if (strstr(norm, rules[i].text) != NULL)
		{
			rule->phrase = rules[i].text;
			return rules[i].reason;
		}
	}
	return -1;
}

/* The reason of the first code range holding st, or -1. */
static int
code_reason(const rhost_code *codes, const bnc_status *st, rhost_rule *rule)
{
	int			i;

	if (st == NULL || st->cls == 0)
		return -1;
	for (i = 0; codes[i].cls != 0; i++)
	{
		if (codes[i].cls == st->cls && codes[i].subject == st->subject &&
			st->detail >= codes[i].lo && st->detail <= codes[i].hi)
		{
			rule->code = &codes[i];
			return codes[i].reason;
		}
	}
	return -1;
}

/*
 * The vendor error number following prefix at p: letters, '-' and '_' are
 * skipped ("AUP#In-1310", "OFR_416"), and a group of digits ending in '_'
 * ("OFR006_102", "LPN007_426") leads to the number after it.  -1 when no
 * digits follow.
 */
static int
number_at(const char *p)
{
	int			n;
	int			k;

	for (;;)
	{
		while (BNC_IS_ALPHA(*p) || *p == '-' || *p == '_')
			p++;
		for (n = 0, k = 0; BNC_IS_DIGIT(p[k]) && k < 6; k++)
			n = n * 10 + (p[k] - '0');
		if (k == 0 || BNC_IS_DIGIT(p[k]))
			return -1;
		if (p[k] != '_')
			return n;
		p += k + 1;
	}
}

/* The reason a vendor error number names, or -1. */
static int
number_in_table(const rhost_number *numbers, int n)
{
	int			k;

	for (k = 0; n >= 0 && numbers[k].lo != 0; k++)
	{
		if (n >= numbers[k].lo && n <= numbers[k].hi)
			return numbers[k].reason;
	}
	return -1;
}

/* The reason of the first known vendor error number in norm, or -1. */
static int
number_reason(const rhost_provider *pv, const char *norm, rhost_rule *rule)
{
	int			i;

	for (i = 0; pv->number_after != NULL && pv->number_after[i] != NULL; i++)
	{
		size_t		plen = strlen(pv->number_after[i]);
		const char *m = norm;

		while ((m = strstr(m, pv->number_after[i])) != NULL)
		{
			int			num = number_at(m + plen);
			int			r = number_in_table(pv->numbers, num);

			if (r >= 0)
			{
				rule->number_after = pv->number_after[i];
				rule->number = num;
				return r;
			}
			m += plen;
		}
	}
	return -1;
}

/*
 * The provider's verdict on the failure, or -1, noting in *rule the
 * provider and the rule that gave it.
 */
static int
rhost_decide(const bnc_rhost_input *in, const bnc_alloc *alloc,
			 rhost_rule *rule)
{
	const rhost_provider *pv = find_provider(in);
	const bnc_evidence *ev = in->ev;
	char	   *norm = "";
	int			r = -1;

	memset(rule, 0, sizeof(*rule));
	if (pv == NULL)
		return -1;
	rule->provider = pv->name;
	if (ev->text != NULL && ev->textlen > 0)
	{
		norm = bnc_mem(alloc, ev->textlen + 1);
		bnc_phrase_normalize(ev->text, ev->textlen, norm);
	}
	if (pv->phrases != NULL)
		r = phrase_reason(pv->phrases, norm, stage_of(ev->command), rule);
	if (r < 0 && pv->codes != NULL && ev->status_given)
		r = code_reason(pv->codes, ev->status, rule);
	if (r < 0)
		r = number_reason(pv, norm, rule);
	return r;
}

/* The provider's verdict on the failure, or -1; see rhost.h. */
int
bnc_rhost_reason(const bnc_rhost_input *in, const bnc_alloc *alloc)
{
	rhost_rule	rule;

	return rhost_decide(in, alloc, &rule);
}

/* Write a code range rule as "c.s.lo" or "c.s.lo-hi". */
static void
code_rule_text(const rhost_code *c, char *out, size_t *n)
{
	bnc_explain_append_int(out, n, c->cls);
	bnc_explain_append(out, n, ".");
	bnc_explain_append_int(out, n, c->subject);
	bnc_explain_append(out, n, ".");
	bnc_explain_append_int(out, n, c->lo);
	if (c->hi != c->lo)
	{
		bnc_explain_append(out, n, "-");
		bnc_explain_append_int(out, n, c->hi);
	}
}

/* The provider's verdict, with its rule written to out; see rhost.h. */
int
bnc_rhost_explain(const bnc_rhost_input *in, const bnc_alloc *alloc,
				  char *out)
{
	rhost_rule	rule;
	size_t		n = 0;
	int			r = rhost_decide(in, alloc, &rule);

	out[0] = '\0';
	if (r < 0)
		return r;
	bnc_explain_append(out, &n, rule.provider);
	bnc_explain_append(out, &n, ": ");
	if (rule.phrase != NULL)
		bnc_explain_append(out, &n, rule.phrase);
	else if (rule.code != NULL)
		code_rule_text(rule.code, out, &n);
	else if (rule.number_after != NULL)
	{
		bnc_explain_append(out, &n, rule.number_after);
		bnc_explain_append_int(out, &n, rule.number);
	}
	return r;
}
