/*-------------------------------------------------------------------------
 *
 * gen.c
 *		Deterministic generator of a synthetic corpus of bounce messages for
 *		the benchmarks: DSNs as Postfix, Sendmail and Exchange write them,
 *		a generic gateway DSN, and the plain-text bounces of Exim, qmail,
 *		Gmail and Postfix, with realistic sizes, recipient domains and SMTP
 *		responses.
 *
 * Usage: gen [-n COUNT] [-s SEED] [-c FILE.copy] [-b FILE.blob]
 *			  [-m FILE.meta] [-e DIR -E COUNT] [-d FILE -D LINES]
 *			  [-w big|line|rcpts [-z BYTES] [-r RECIPIENTS]]
 *
 * The COPY file has one row per message, "id<TAB>raw" in PostgreSQL's COPY
 * text format; the blob file holds the same messages, each a 4-byte
 * little-endian length followed by its bytes; the meta file tells, per
 * message, the format, the number of recipients and the reason each was
 * drawn for.  -e writes the first messages as DIR/NNNNNN.eml files (DIR
 * must exist), -d
 * writes diagnostic lines (one SMTP response a line), and -w writes a
 * single worst-case message instead of a corpus.  Message i depends only
 * on the seed and i, so a smaller corpus is a prefix of a larger one.
 *
 * bench/gen.c
 *
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NDOMAINS	3000
#define MAXRCPTS	20000
#define KB			1024.0

/* A growable byte buffer. */
typedef struct gbuf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} gbuf;

/* State of the splitmix64 generator. */
typedef struct rng
{
	uint64_t	s;
} rng;

/*
 * An SMTP response or local error, as a template: %R recipient, %D its
 * domain, %H the remote MX host, %I its address, %C the sending client's
 * address, %S the sender's domain.  local marks errors the sending MTA
 * found itself (no remote reply); cmd is the SMTP command that failed.
 */
typedef struct diag
{
	const char *reason;			/* what the generator meant it to be */
	int			weight;
	int			reply;			/* SMTP reply code, 0 for a local error */
	const char *status;
	const char *cmd;			/* RCPT, DATA, MAIL or CONN */
	int			local;
	const char *text;
} diag;

/* One recipient of a generated bounce. */
typedef struct rcpt
{
	char		addr[96];
	char		domain[48];
	char		mx[64];
	char		ip[20];
	const diag *d;
	char		diagtext[512];	/* d->text expanded */
} rcpt;

/* What every format writer needs to know about the message it writes. */
typedef struct msgctx
{
	rng			r;
	int			id;
	char		sender[96];
	char		sdomain[48];
	char		mta[64];		/* the reporting MTA */
	char		client_ip[20];
	char		date[40];
	char		odate[40];		/* date of the original message */
	char		qid[16];
	const char *subject;
	int			delayed;		/* a delay notice, not a failure */
	int			nr;
	rcpt	   *rc;
	size_t		target;			/* wanted size of the whole message */
	int			headers_only;	/* return only the original's headers */
	int			b64;			/* original carries a base64 attachment */
	size_t		longline;		/* worst case: diagnostic of this length */
} msgctx;

/* The formats, with the share of the corpus each gets (per mille). */
typedef void (*format_fn) (msgctx *m, gbuf *b);
static void fmt_postfix(msgctx *m, gbuf *b);
static void fmt_postfix_plain(msgctx *m, gbuf *b);
static void fmt_sendmail(msgctx *m, gbuf *b);
static void fmt_exchange(msgctx *m, gbuf *b);
static void fmt_gateway(msgctx *m, gbuf *b);
static void fmt_exim(msgctx *m, gbuf *b);
static void fmt_qmail(msgctx *m, gbuf *b);
static void fmt_gmail(msgctx *m, gbuf *b);

static const struct
{
	const char *name;
	format_fn	fn;
	int			permille;
	int			multi;			/* may report several recipients */
	int			delays;			/* may be a delay notice */
	int			crlf;			/* per mille written with CRLF */
	int			headers;		/* may return only the original's headers */
}			formats[] =
{
	{"postfix", fmt_postfix, 290, 1, 1, 30, 1},
	{"sendmail", fmt_sendmail, 120, 1, 1, 30, 1},
	{"exchange", fmt_exchange, 100, 1, 0, 1000, 1},
	{"gateway", fmt_gateway, 50, 1, 0, 100, 1},
	{"exim", fmt_exim, 150, 1, 0, 20, 0},
	{"qmail", fmt_qmail, 80, 1, 0, 20, 0},
	{"gmail", fmt_gmail, 110, 0, 1, 50, 0},
	{"postfix-plain", fmt_postfix_plain, 100, 1, 0, 30, 0}
};
#define NFORMATS (int) (sizeof(formats) / sizeof(formats[0]))

static const diag diags[] = {
	{"userunknown", 300, 550, "5.1.1", "RCPT", 0,
	"5.1.1 <%R>: Recipient address rejected: User unknown in local recipient table"},
	{"userunknown", 120, 550, "5.1.1", "RCPT", 0,
	"5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces."},
	{"userunknown", 80, 550, "5.1.1", "RCPT", 0,
	"5.1.1 <%R>... User unknown"},
	{"userunknown", 60, 550, "5.1.10", "RCPT", 0,
	"5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient %R not found by SMTP address lookup"},
	{"userunknown", 40, 550, "5.1.1", "RCPT", 0,
	"Requested action not taken: mailbox unavailable (no such user %R)"},
	{"userunknown", 40, 554, "5.7.1", "RCPT", 0,
	"5.7.1 <%R>: Recipient address rejected: Access denied, no such account"},
	{"mailboxfull", 70, 552, "5.2.2", "RCPT", 0,
	"5.2.2 <%R>: Recipient address rejected: Mailbox full"},
	{"mailboxfull", 50, 452, "4.2.2", "RCPT", 0,
	"4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to the help pages on storage."},
	{"mailboxfull", 30, 552, "5.2.2", "DATA", 0,
	"5.2.2 Quota exceeded (mailbox for user is full)"},
	{"suspend", 40, 550, "5.2.1", "RCPT", 0,
	"5.2.1 The email account that you tried to reach is disabled."},
	{"userunknown", 20, 554, "5.2.1", "RCPT", 0,
	"delivery error: dd This user doesn't have a %D account (%R) [0] - mta1093.%D"},
	{"blocked", 70, 554, "5.7.1", "RCPT", 0,
	"5.7.1 Service unavailable; Client host [%C] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/%C"},
	{"blocked", 30, 550, "5.7.1", "CONN", 0,
	"5.7.1 Connection refused: your IP %C is listed on a block list, see https://www.spamhaus.org/query/ip/%C"},
	{"blocked", 20, 554, "", "CONN", 0,
	"%H ESMTP not accepting messages from %C, client host rejected"},
	{"badreputation", 20, 421, "4.7.0", "DATA", 0,
	"4.7.0 [%C] Our system has detected that this message is suspicious due to the very low reputation of the sending IP address."},
	{"spamdetected", 50, 550, "5.7.1", "DATA", 0,
	"5.7.1 Message rejected as spam by content filtering (score 14.2, required 5.0)"},
	{"spamdetected", 20, 554, "5.7.1", "DATA", 0,
	"5.7.1 Rejected: message looks like spam, please contact postmaster@%D"},
	{"authfailure", 40, 550, "5.7.26", "DATA", 0,
	"5.7.26 Unauthenticated email from %S is not accepted due to the domain's DMARC policy. Please contact the administrator of %S."},
	{"authfailure", 20, 550, "5.7.23", "DATA", 0,
	"5.7.23 The message was rejected because of Sender Policy Framework violation: %S does not designate %C as permitted sender"},
	{"policyviolation", 30, 550, "5.7.0", "DATA", 0,
	"5.7.0 Message rejected because it violates the mail policy of %D"},
	{"speeding", 40, 450, "4.7.1", "RCPT", 0,
	"4.7.1 <%R>: Recipient address rejected: Rate limited, too many messages from %C, try again later"},
	{"speeding", 30, 421, "4.7.28", "DATA", 0,
	"4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited."},
	{"toomanyconn", 30, 421, "4.7.0", "CONN", 0,
	"4.7.0 Too many concurrent SMTP connections from this IP address; please try again later"},
	{"hostunknown", 80, 0, "5.4.4", "", 1,
	"Host or domain name not found. Name service error for name=%D type=A: Host not found"},
	{"hostunknown", 20, 0, "5.1.2", "", 1,
	"Domain %D does not exist (no MX and no A record)"},
	{"notaccept", 20, 556, "5.1.10", "RCPT", 0,
	"5.1.10 Recipient address rejected: the domain %D does not accept mail (null MX)"},
	{"networkerror", 30, 0, "4.4.1", "", 1,
	"connect to %H[%I]:25: Connection timed out"},
	{"expired", 30, 0, "4.4.7", "", 1,
	"delivery temporarily suspended: connect to %H[%I]:25: Connection refused"},
	{"norelaying", 20, 554, "5.7.1", "RCPT", 0,
	"5.7.1 <%R>: Relay access denied"},
	{"requireptr", 15, 550, "5.7.25", "CONN", 0,
	"5.7.25 The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP."},
	{"mesgtoobig", 25, 552, "5.3.4", "DATA", 0,
	"5.3.4 Message size exceeds fixed maximum message size of 10485760 bytes"},
	{"systemerror", 15, 451, "4.3.0", "DATA", 0,
	"4.3.0 Temporary local problem, please try again later"},
	{"systemfull", 10, 452, "4.3.1", "RCPT", 0,
	"4.3.1 Insufficient system storage"},
	{"virusdetected", 10, 554, "5.7.0", "DATA", 0,
	"5.7.0 Message rejected: a virus was found in an attachment (Eicar-Test-Signature)"},
	{"rejected", 20, 553, "5.1.8", "MAIL", 0,
	"5.1.8 <bounces@%S>: Sender address rejected: Domain not found"},
	{"hasmoved", 5, 551, "5.1.6", "RCPT", 0,
	"5.1.6 User has moved; please try <new.%R>"},
	{"filtered", 15, 550, "5.2.1", "RCPT", 0,
	"5.2.1 <%R>... Mailbox unavailable, message filtered by recipient's rule"},
	{"securityerror", 10, 530, "5.7.0", "MAIL", 0,
	"5.7.0 Must issue a STARTTLS command first"},
	{"contenterror", 10, 554, "5.6.0", "DATA", 0,
	"5.6.0 Message contains invalid header lines, rejected"},
	{"syntaxerror", 5, 501, "5.5.4", "RCPT", 0,
	"5.5.4 Syntax error in parameters or arguments"}
};
#define NDIAGS (int) (sizeof(diags) / sizeof(diags[0]))

static const char *const words[] = {
	"the", "of", "and", "to", "in", "is", "you", "that", "it", "for",
	"was", "on", "are", "with", "as", "his", "they", "be", "at", "one",
	"have", "this", "from", "or", "had", "by", "word", "but", "what",
	"some", "we", "can", "out", "other", "were", "all", "there", "when",
	"up", "use", "your", "how", "said", "an", "each", "she", "which", "do",
	"their", "time", "if", "will", "way", "about", "many", "then", "them",
	"write", "would", "like", "so", "these", "her", "long", "make", "thing",
	"see", "him", "two", "has", "look", "more", "day", "could", "go",
	"come", "did", "number", "sound", "no", "most", "people", "my", "over",
	"know", "water", "than", "call", "first", "who", "may", "down", "side",
	"been", "now", "find", "invoice", "order", "shipment", "meeting",
	"schedule", "account", "report", "quarter", "update", "please", "team",
	"customer", "delivery", "payment", "product", "release", "review"
};
#define NWORDS (int) (sizeof(words) / sizeof(words[0]))

static const char *const firsts[] = {
	"anna", "ben", "chloe", "david", "emma", "farid", "grace", "hiro",
	"ines", "jonas", "kim", "lucas", "maria", "noah", "olga", "pedro",
	"quinn", "rosa", "sam", "tariq", "uma", "victor", "wen", "yusuf", "zoe"
};
static const char *const lasts[] = {
	"adams", "berg", "costa", "diaz", "evans", "fischer", "garcia", "hall",
	"ito", "jensen", "khan", "lopez", "moreau", "novak", "okafor", "park",
	"rossi", "silva", "taylor", "ueda", "vargas", "weber", "xu", "young"
};
static const char *const subjects[] = {
	"Your order has shipped", "Invoice for March", "Weekly newsletter",
	"Password reset request", "Meeting notes", "Your account statement",
	"Welcome to Example", "Reminder: appointment tomorrow",
	"Quarterly report", "New comment on your post", "Shipping schedule",
	"Your receipt", "Security alert: new sign-in", "Team calendar update"
};
static const char *const senders[] = {
	"notify.example.com", "mailer.example.net", "news.example.org",
	"shop.example.com", "billing.example.net", "alerts.example.org"
};
static const char *const providers[] = {
	"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com",
	"icloud.com", "gmx.de", "web.de", "yandex.ru", "orange.fr"
};
#define NPROVIDERS (int) (sizeof(providers) / sizeof(providers[0]))

static const char *const b64chars =
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static double zipf_cdf[NDOMAINS];
static int	diag_total;

#define NELEM(a) (int) (sizeof(a) / sizeof((a)[0]))

/* Next 64 random bits (splitmix64). */
static uint64_t
rng_next(rng *r)
{
	uint64_t	z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A uniform double in [0, 1). */
static double
rng_unit(rng *r)
{
	return (rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* A uniform integer in [lo, hi]. */
static int
rng_range(rng *r, int lo, int hi)
{
	return lo + (int) (rng_next(r) % (uint64_t) (hi - lo + 1));
}

/* A standard normal deviate (Box-Muller). */
static double
rng_normal(rng *r)
{
	double		u = rng_unit(r);
	double		v = rng_unit(r);

	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* Exit with a message on an allocation or I/O failure. */
static void
fail(const char *what)
{
	fprintf(stderr, "gen: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Make room for extra more bytes. */
static void
buf_reserve(gbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	while (b->len + extra + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 8192;
	b->data = realloc(b->data, b->cap);
	if (b->data == NULL)
		fail("realloc");
}

/* Append n bytes. */
static void
buf_put(gbuf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Append a NUL-terminated string. */
static void
buf_puts(gbuf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

/* Append formatted text. */
static void
buf_printf(gbuf *b, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf_reserve(b, (size_t) n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
}

/* Build the cumulative Zipf(1) distribution over the domain ranks. */
static void
init_tables(void)
{
	double		sum = 0;
	int			i;

	for (i = 0; i < NDOMAINS; i++)
	{
		sum += 1.0 / (i + 1.0);
		zipf_cdf[i] = sum;
	}
	for (i = 0; i < NDOMAINS; i++)
		zipf_cdf[i] /= sum;
	for (i = 0; i < NDIAGS; i++)
		diag_total += diags[i].weight;
}

/* Name of the domain of a rank drawn from the Zipf distribution. */
static void
pick_domain(rng *r, char *out, size_t size)
{
	double		u = rng_unit(r);
	int			lo = 0;
	int			hi = NDOMAINS - 1;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (zipf_cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < NPROVIDERS)
		snprintf(out, size, "%s", providers[lo]);
	else
		snprintf(out, size, "example-%d.%s", lo,
				 lo % 3 == 0 ? "com" : lo % 3 == 1 ? "net" : "org");
}

/* A diagnostic drawn by weight; only temporary ones when temp is set. */
static const diag *
pick_diag(rng *r, int temp)
{
	for (;;)
	{
		int			w = rng_range(r, 0, diag_total - 1);
		int			i;

		for (i = 0; i < NDIAGS - 1 && w >= diags[i].weight; i++)
			w -= diags[i].weight;
		if (!temp || diags[i].status[0] == '4')
			return &diags[i];
	}
}

/* One of the three documentation address ranges, as text. */
static void
pick_ip(rng *r, char *out)
{
	static const char *const nets[] = {"192.0.2", "198.51.100", "203.0.113"};

	sprintf(out, "%s.%d", nets[rng_range(r, 0, 2)], rng_range(r, 1, 254));
}

/* Expand a diagnostic template for recipient rc of message m. */
static void
expand_diag(const msgctx *m, rcpt *rc)
{
	const char *t = rc->d->text;
	char	   *o = rc->diagtext;
	char	   *end = rc->diagtext + sizeof(rc->diagtext) - 1;

	for (; *t && o < end; t++)
	{
		const char *v = NULL;

		if (*t == '%' && t[1])
		{
			t++;
			v = *t == 'R' ? rc->addr : *t == 'D' ? rc->domain :
				*t == 'H' ? rc->mx : *t == 'I' ? rc->ip :
				*t == 'C' ? m->client_ip : *t == 'S' ? m->sdomain : "";
			while (*v && o < end)
				*o++ = *v++;
		}
		else
			*o++ = *t;
	}
	*o = '\0';
}

/* Fill recipient rc with an address, its MX and a diagnostic. */
static void
make_rcpt(msgctx *m, rcpt *rc, int temp)
{
	rng		   *r = &m->r;
	const char *f = firsts[rng_range(r, 0, NELEM(firsts) - 1)];
	const char *l = lasts[rng_range(r, 0, NELEM(lasts) - 1)];

	pick_domain(r, rc->domain, sizeof(rc->domain));
	switch (rng_range(r, 0, 3))
	{
		case 0:
			snprintf(rc->addr, sizeof(rc->addr), "%s.%s@%s", f, l, rc->domain);
			break;
		case 1:
			snprintf(rc->addr, sizeof(rc->addr), "%c%s@%s", f[0], l, rc->domain);
			break;
		case 2:
			snprintf(rc->addr, sizeof(rc->addr), "%s_%s%d@%s", f, l,
					 rng_range(r, 1, 99), rc->domain);
			break;
		default:
			snprintf(rc->addr, sizeof(rc->addr), "%s%d@%s", f,
					 rng_range(r, 1970, 2010), rc->domain);
			break;
	}
	snprintf(rc->mx, sizeof(rc->mx), "mx%d.%s", rng_range(r, 1, 3), rc->domain);
	pick_ip(r, rc->ip);
	rc->d = pick_diag(r, temp);
	expand_diag(m, rc);
}

/* Format seconds since 1970 as an RFC 5322 date with a +0000 zone. */
static void
format_date(int64_t t, char *out)
{
	static const char *const wd[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int64_t		days = t / 86400;
	int			secs = (int) (t % 86400);
	int64_t		z = days + 719468;
	int64_t		era = z / 146097;
	int			doe = (int) (z - era * 146097);
	int			yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int			doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int			mp = (5 * doy + 2) / 153;
	int			d = doy - (153 * mp + 2) / 5 + 1;
	int			mo = mp < 10 ? mp + 3 : mp - 9;
	int64_t		y = yoe + era * 400 + (mo <= 2);

	sprintf(out, "%s, %02d %s %d %02d:%02d:%02d +0000",
			wd[days % 7], d, mon[mo - 1], (int) y,
			secs / 3600, secs / 60 % 60, secs % 60);
}

/* Random hexadecimal digits, n of them. */
static void
hex_id(rng *r, char *out, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		out[i] = "0123456789ABCDEF"[rng_next(r) & 15];
	out[n] = '\0';
}

/*
 * Append text word-wrapped: lines at most width columns, continuation
 * lines starting with indent; col is the column the text starts at.
 */
static void
put_wrapped(gbuf *b, const char *text, int col, int width, const char *indent)
{
	const char *p = text;

	while (*p)
	{
		const char *w = p;
		int			n;

		while (*p && *p != ' ')
			p++;
		n = (int) (p - w);
		if (w != text && col + 1 + n > width)
		{
			buf_puts(b, "\n");
			buf_puts(b, indent);
			col = (int) strlen(indent);
		}
		else if (w != text)
		{
			buf_puts(b, " ");
			col++;
		}
		buf_put(b, w, n);
		col += n;
		while (*p == ' ')
			p++;
	}
}

/* Append about n bytes of random words in lines of at most 72 columns. */
static void
put_words(gbuf *b, rng *r, size_t n, int newlines)
{
	size_t		start = b->len;
	int			col = 0;

	while (b->len - start < n)
	{
		const char *w = words[rng_range(r, 0, NWORDS - 1)];
		int			wl = (int) strlen(w);

		if (col > 0 && newlines && col + 1 + wl > 72)
		{
			buf_puts(b, rng_range(r, 0, 9) == 0 ? ".\n\n" : "\n");
			col = 0;
		}
		else if (col > 0)
		{
			buf_puts(b, " ");
			col++;
		}
		buf_put(b, w, wl);
		col += wl;
	}
	if (newlines)
		buf_puts(b, ".\n");
}

/* Append n base64 characters (a multiple of 4) in lines of 76. */
static void
put_base64(gbuf *b, rng *r, size_t n)
{
	size_t		i;
	uint64_t	bits = 0;
	int			avail = 0;

	n -= n % 4;
	buf_reserve(b, n + n / 76 + 2);
	for (i = 0; i < n; i++)
	{
		if (avail < 6)
		{
			bits = rng_next(r);
			avail = 64;
		}
		b->data[b->len++] = b64chars[bits & 63];
		bits >>= 6;
		avail -= 6;
		if (i % 76 == 75)
			b->data[b->len++] = '\n';
	}
	b->data[b->len++] = '\n';
	b->data[b->len] = '\0';
}

/* The To: header of the original message. */
static void
put_to(msgctx *m, gbuf *b)
{
	int			i;

	if (m->nr > 20)
	{
		buf_puts(b, "To: undisclosed-recipients:;\n");
		return;
	}
	buf_puts(b, "To: ");
	for (i = 0; i < m->nr; i++)
		buf_printf(b, "%s%s", i ? ",\n\t" : "", m->rc[i].addr);
	buf_puts(b, "\n");
}

/*
 * Append the returned original message.  Its body is sized so that the
 * whole bounce (b, plus tail bytes still to come) reaches m->target.
 */
static void
put_original(msgctx *m, gbuf *b, size_t tail)
{
	size_t		body;
	char		bnd[24];

	buf_printf(b, "Return-Path: <%s>\n", m->sender);
	buf_printf(b, "Received: from app%d.%s (app.%s [%s])\n\tby %s with ESMTPS id %s;\n\t%s\n",
			   rng_range(&m->r, 1, 9), m->sdomain, m->sdomain, m->client_ip,
			   m->mta, m->qid, m->odate);
	buf_printf(b, "Date: %s\nFrom: Example Service <%s>\n", m->odate, m->sender);
	put_to(m, b);
	buf_printf(b, "Subject: %s\nMessage-ID: <%s.%d@%s>\nMIME-Version: 1.0\n",
			   m->subject, m->qid, m->id, m->sdomain);
	if (!m->b64)
		buf_puts(b, "Content-Type: text/plain; charset=us-ascii\n"
				 "Content-Transfer-Encoding: 7bit\n");
	else
	{
		hex_id(&m->r, bnd, 20);
		buf_printf(b, "Content-Type: multipart/mixed; boundary=\"=_%s\"\n", bnd);
	}
	if (m->headers_only)
		return;
	buf_puts(b, "\n");
	body = m->target > b->len + tail + 200 ? m->target - b->len - tail - 200 : 0;
	if (!m->b64)
	{
		put_words(b, &m->r, body > 64 ? body : 64, 1);
		return;
	}
	buf_printf(b, "--=_%s\nContent-Type: text/plain; charset=us-ascii\n\n", bnd);
	put_words(b, &m->r, 300, 1);
	buf_printf(b, "\n--=_%s\nContent-Type: application/pdf; name=\"document.pdf\"\n"
			   "Content-Disposition: attachment; filename=\"document.pdf\"\n"
			   "Content-Transfer-Encoding: base64\n\n", bnd);
	put_base64(b, &m->r, body > 700 ? body - 600 : 100);
	buf_printf(b, "\n--=_%s--\n", bnd);
}

/* Postfix's words for the SMTP command a diagnostic answered. */
static const char *
postfix_cmd(const diag *d)
{
	if (strcmp(d->cmd, "RCPT") == 0)
		return "RCPT TO";
	if (strcmp(d->cmd, "MAIL") == 0)
		return "MAIL FROM";
	if (strcmp(d->cmd, "DATA") == 0)
		return "end of DATA";
	return "initial greeting";
}

/* The remote reply as a server writes it: "550 5.1.1 text". */
static void
reply_text(const rcpt *rc, char *out, size_t size)
{
	if (rc->d->reply == 0)
		snprintf(out, size, "%s", rc->diagtext);
	else
		snprintf(out, size, "%d %s", rc->d->reply, rc->diagtext);
}

/* Headers common to the DSN formats, up to the multipart boundary. */
static void
put_dsn_headers(msgctx *m, gbuf *b, const char *from, const char *subject,
				const char *ctype, const char *bnd)
{
	int			postfix = strncmp(from, "MAILER-DAEMON@", 14) == 0;

	buf_printf(b, "Return-Path: <>\nX-Original-To: %s\nDelivered-To: %s\n",
			   m->sender, m->sender);
	if (postfix)
		buf_printf(b, "Received: by %s (Postfix)\n\tid %s; %s\n",
				   m->mta, m->qid, m->date);
	else
		buf_printf(b, "Received: from localhost (localhost)\n\tby %s (8.17.1/8.17.1)"
				   " id %s;\n\t%s\n", m->mta, m->qid, m->date);
	buf_printf(b, "Date: %s\nFrom: %s\nSubject: %s\nTo: %s\n",
			   m->date, from, subject, m->sender);
	buf_printf(b, "Auto-Submitted: auto-replied\nMIME-Version: 1.0\n"
			   "Content-Type: %s;\n\tboundary=\"%s\"\n"
			   "Message-Id: <%s.%d@%s>\n\n", ctype, bnd, m->qid, m->id, m->mta);
}

/* The message/delivery-status part: per-message then per-recipient fields. */
static void
put_status_part(msgctx *m, gbuf *b, const char *bnd, const char *dns)
{
	int			i;
	char		reply[600];

	buf_printf(b, "--%s\nContent-Description: Delivery report\n"
			   "Content-Type: message/delivery-status\n\n", bnd);
	buf_printf(b, "Reporting-MTA: %s; %s\nArrival-Date: %s\n", dns, m->mta, m->odate);
	for (i = 0; i < m->nr; i++)
	{
		rcpt	   *rc = &m->rc[i];

		buf_printf(b, "\nFinal-Recipient: rfc822; %s\nOriginal-Recipient: rfc822;%s\n"
				   "Action: %s\nStatus: %s\n", rc->addr, rc->addr,
				   m->delayed ? "delayed" : "failed",
				   rc->d->status[0] ? rc->d->status :
				   rc->d->reply / 100 == 4 ? "4.0.0" : "5.0.0");
		if (!rc->d->local)
			buf_printf(b, "Remote-MTA: %s; %s\n", dns, rc->mx);
		if (m->longline)
		{
			buf_puts(b, "Diagnostic-Code: smtp; 550 5.7.1 ");
			put_words(b, &m->r, m->longline, 0);
			buf_puts(b, "\n");
			continue;
		}
		reply_text(rc, reply, sizeof(reply));
		buf_printf(b, "Diagnostic-Code: %s; ", rc->d->local ? "X-Postfix" : "smtp");
		put_wrapped(b, reply, 23, 76, "    ");
		buf_puts(b, "\n");
	}
	buf_puts(b, "\n");
}

/* Postfix's human-readable notification, one paragraph per recipient. */
static void
put_postfix_notice(msgctx *m, gbuf *b)
{
	int			i;
	char		line[1024];
	char		reply[600];

	buf_printf(b, "This is the mail system at host %s.\n\n", m->mta);
	if (m->delayed)
		buf_puts(b, "####################################################################\n"
				 "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n"
				 "####################################################################\n\n"
				 "Your message could not be delivered for more than 4 hour(s).\n"
				 "It will be retried until it is 5 day(s) old.\n\n");
	else
		buf_puts(b, "I'm sorry to have to inform you that your message could not\n"
				 "be delivered to one or more recipients. It's attached below.\n\n"
				 "For further assistance, please send mail to postmaster.\n\n"
				 "If you do so, please include this problem report. You can\n"
				 "delete your own text from the attached returned message.\n\n");
	buf_puts(b, "                   The mail system\n\n");
	for (i = 0; i < m->nr; i++)
	{
		rcpt	   *rc = &m->rc[i];

		reply_text(rc, reply, sizeof(reply));
		if (rc->d->local)
			snprintf(line, sizeof(line), "<%s>: %s", rc->addr, reply);
		else
			snprintf(line, sizeof(line), "<%s>: host %s[%s] said: %s (in reply to %s command)",
					 rc->addr, rc->mx, rc->ip, reply, postfix_cmd(rc->d));
		put_wrapped(b, line, 0, 78, "    ");
		buf_puts(b, "\n\n");
	}
}

/* A Postfix multipart/report DSN. */
static void
fmt_postfix(msgctx *m, gbuf *b)
{
	char		bnd[96];
	char		from[128];

	snprintf(bnd, sizeof(bnd), "%s.%d/%s", m->qid, 1740000000 + m->id, m->mta);
	snprintf(from, sizeof(from), "MAILER-DAEMON@%s (Mail Delivery System)", m->mta);
	put_dsn_headers(m, b, from, m->delayed ? "Delayed Mail (still being retried)" :
					"Undelivered Mail Returned to Sender",
					"multipart/report; report-type=delivery-status", bnd);
	buf_printf(b, "This is a MIME-encapsulated message.\n\n--%s\n"
			   "Content-Description: Notification\n"
			   "Content-Type: text/plain; charset=us-ascii\n\n", bnd);
	put_postfix_notice(m, b);
	put_status_part(m, b, bnd, "dns");
	buf_printf(b, "--%s\nContent-Description: Undelivered Message%s\n"
			   "Content-Type: %s\n\n", bnd, m->headers_only ? " Headers" : "",
			   m->headers_only ? "text/rfc822-headers" : "message/rfc822");
	put_original(m, b, strlen(bnd) + 8);
	buf_printf(b, "\n--%s--\n", bnd);
}

/* A Postfix bounce without the machine-readable part (multipart/mixed). */
static void
fmt_postfix_plain(msgctx *m, gbuf *b)
{
	char		bnd[96];
	char		from[128];

	snprintf(bnd, sizeof(bnd), "%s.%d/%s", m->qid, 1740000000 + m->id, m->mta);
	snprintf(from, sizeof(from), "MAILER-DAEMON@%s (Mail Delivery System)", m->mta);
	put_dsn_headers(m, b, from, "Undelivered Mail Returned to Sender",
					"multipart/mixed", bnd);
	buf_printf(b, "This is a MIME-encapsulated message.\n\n--%s\n"
			   "Content-Description: Notification\n"
			   "Content-Type: text/plain\n\n", bnd);
	put_postfix_notice(m, b);
	buf_printf(b, "--%s\nContent-Description: Undelivered Message\n"
			   "Content-Type: message/rfc822\n\n", bnd);
	put_original(m, b, strlen(bnd) + 8);
	buf_printf(b, "\n--%s--\n", bnd);
}

/* Sendmail's notification: the failed addresses and a session transcript. */
static void
put_sendmail_notice(msgctx *m, gbuf *b)
{
	int			i;
	char		reply[600];

	buf_printf(b, "The original message was received at %s\nfrom app.%s [%s]\n\n",
			   m->odate, m->sdomain, m->client_ip);
	buf_printf(b, "   ----- The following addresses had %s -----\n",
			   m->delayed ? "transient non-fatal errors" : "permanent fatal errors");
	for (i = 0; i < m->nr; i++)
	{
		reply_text(&m->rc[i], reply, sizeof(reply));
		buf_printf(b, "<%s>\n    (reason: ", m->rc[i].addr);
		put_wrapped(b, reply, 14, 78, "     ");
		buf_puts(b, ")\n");
	}
	buf_puts(b, "\n   ----- Transcript of session follows -----\n");
	for (i = 0; i < m->nr; i++)
	{
		rcpt	   *rc = &m->rc[i];

		reply_text(rc, reply, sizeof(reply));
		if (rc->d->local)
		{
			buf_printf(b, "%s... %s\n", rc->addr, reply);
			continue;
		}
		if (strcmp(rc->d->cmd, "DATA") == 0)
			buf_printf(b, "... while talking to %s.:\n>>> DATA\n<<< %s\n",
					   rc->mx, reply);
		else
			buf_printf(b, "... while talking to %s.:\n>>> RCPT To:<%s>\n<<< %s\n",
					   rc->mx, rc->addr, reply);
		buf_printf(b, "%d %s %s... %s\n", rc->d->reply ? rc->d->reply : 550,
				   rc->d->status[0] ? rc->d->status : "5.0.0", rc->addr,
				   m->delayed ? "Deferred" : "Service unavailable");
	}
	buf_puts(b, "\n");
}

/* A Sendmail multipart/report DSN. */
static void
fmt_sendmail(msgctx *m, gbuf *b)
{
	char		bnd[96];
	char		from[128];

	snprintf(bnd, sizeof(bnd), "%s.%d/%s", m->qid, 1740000000 + m->id, m->mta);
	snprintf(from, sizeof(from), "Mail Delivery Subsystem <MAILER-DAEMON@%s>", m->mta);
	put_dsn_headers(m, b, from, m->delayed ?
					"Warning: could not send message for past 4 hours" :
					"Returned mail: see transcript for details",
					"multipart/report; report-type=delivery-status", bnd);
	buf_printf(b, "This is a MIME-encapsulated message\n\n--%s\n\n", bnd);
	put_sendmail_notice(m, b);
	put_status_part(m, b, bnd, "DNS");
	buf_printf(b, "--%s\nContent-Type: %s\n\n", bnd,
			   m->headers_only ? "text/rfc822-headers" : "message/rfc822");
	put_original(m, b, strlen(bnd) + 8);
	buf_printf(b, "\n--%s--\n", bnd);
}

/* The remote reply with each '=' written as quoted-printable "=3D". */
static void
qp_equals(const rcpt *rc, char *out, size_t size)
{
	char		reply[600];
	const char *p = reply;
	size_t		n = 0;

	reply_text(rc, reply, sizeof(reply));
	for (; *p && n + 4 < size; p++)
	{
		if (*p == '=')
		{
			memcpy(out + n, "=3D", 3);
			n += 3;
		}
		else
			out[n++] = *p;
	}
	out[n] = '\0';
}

/* Exchange's plain-text explanation, quoted-printable, with diagnostics. */
static void
put_exchange_text(msgctx *m, gbuf *b)
{
	int			i;
	char		reply[600];

	buf_puts(b, "Delivery has failed to these recipients or groups:\n\n");
	for (i = 0; i < m->nr; i++)
		buf_printf(b, "%s (%s)<mailto:%s>\nThe recipient's mail server rejected =\n"
				   "the message. Please check the address and try to send the mes=\n"
				   "sage again.\n\n", m->rc[i].addr, m->rc[i].addr, m->rc[i].addr);
	buf_printf(b, "\n\n\nDiagnostic information for administrators:\n\n"
			   "Generating server: %s\n\n", m->mta);
	for (i = 0; i < m->nr; i++)
	{
		qp_equals(&m->rc[i], reply, sizeof(reply));
		buf_printf(b, "%s\nRemote Server returned '", m->rc[i].addr);
		put_wrapped(b, reply, 24, 75, "");
		buf_puts(b, "'\n\n");
	}
	buf_puts(b, "Original message headers:\n\n");
	buf_printf(b, "Received: from app.%s (%s) by %s with Microsoft SMTP Server\n"
			   " id 15.2.1258.12; %s\nSubject: %s\nFrom: <%s>\n\n",
			   m->sdomain, m->client_ip, m->mta, m->odate, m->subject, m->sender);
}

/* An Exchange non-delivery report (multipart/report, CRLF). */
static void
fmt_exchange(msgctx *m, gbuf *b)
{
	char		bnd[64];
	char		alt[64];
	char		hex[24];

	hex_id(&m->r, hex, 12);
	snprintf(bnd, sizeof(bnd), "_000_%s_", hex);
	snprintf(alt, sizeof(alt), "_001_%s_", hex);
	buf_printf(b, "Received: from %s (%s) by %s with Microsoft SMTP Server\n"
			   " id 15.2.1258.12; %s\n", m->mta, m->client_ip, m->mta, m->date);
	buf_printf(b, "From: <postmaster@%s>\nTo: <%s>\nDate: %s\n"
			   "Content-Type: multipart/report; report-type=delivery-status;\n"
			   "\tboundary=\"%s\"\nContent-Language: en-US\n"
			   "Message-ID: <%s.%d@%s>\nSubject: Undeliverable: %s\n"
			   "Auto-Submitted: auto-replied\nMIME-Version: 1.0\n\n",
			   m->sdomain, m->sender, m->date, bnd, hex, m->id, m->mta, m->subject);
	buf_printf(b, "--%s\nContent-Type: multipart/alternative; differences=Content-Type;\n"
			   "\tboundary=\"%s\"\n\n--%s\nContent-Type: text/plain; charset=\"us-ascii\"\n"
			   "Content-Transfer-Encoding: quoted-printable\n\n", bnd, alt, alt);
	put_exchange_text(m, b);
	buf_printf(b, "--%s\nContent-Type: text/html; charset=\"us-ascii\"\n\n"
			   "<html><head></head><body><p><b>Delivery has failed to these "
			   "recipients or groups:</b></p><p>%s</p></body></html>\n\n--%s--\n\n",
			   alt, m->rc[0].addr, alt);
	put_status_part(m, b, bnd, "dns");
	buf_printf(b, "--%s\nContent-Type: %s\n\n", bnd,
			   m->headers_only ? "text/rfc822-headers" : "message/rfc822");
	put_original(m, b, strlen(bnd) + 8);
	buf_printf(b, "\n--%s--\n", bnd);
}

/* A generic gateway's DSN: a short explanation, then the standard parts. */
static void
fmt_gateway(msgctx *m, gbuf *b)
{
	char		bnd[64];
	char		hex[16];
	char		reply[600];

	hex_id(&m->r, hex, 10);
	snprintf(bnd, sizeof(bnd), "=_dsn_%s", hex);
	buf_printf(b, "Return-Path: <>\nDate: %s\nFrom: Mail Delivery Service <postmaster@%s>\n"
			   "To: %s\nSubject: Delivery Status Notification (Failure)\n"
			   "Message-ID: <dsn.%s@%s>\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n"
			   "Content-Type: multipart/report; report-type=delivery-status;\n"
			   "\tboundary=\"%s\"\n\nThis is a multi-part message in MIME format.\n\n",
			   m->date, m->mta, m->sender, hex, m->mta, bnd);
	reply_text(&m->rc[0], reply, sizeof(reply));
	buf_printf(b, "--%s\nContent-Type: text/plain; charset=us-ascii\n\n"
			   "This message was generated by the mail gateway %s.\n\n"
			   "Your message could not be delivered to %d recipient(s). The\n"
			   "receiving server refused it and gave the reason shown.\n\n"
			   "  Recipient: %s\n  Reason:    ", bnd, m->mta, m->nr, m->rc[0].addr);
	put_wrapped(b, m->longline ? "550 5.7.1 (see the report below)" : reply,
				13, 76, "             ");
	buf_puts(b, "\n\n");
	put_status_part(m, b, bnd, "dns");
	buf_printf(b, "--%s\nContent-Type: %s\n\n", bnd,
			   m->headers_only ? "text/rfc822-headers" : "message/rfc822");
	put_original(m, b, strlen(bnd) + 8);
	buf_printf(b, "\n--%s--\n", bnd);
}

/* Exim's description of what happened to one address. */
static void
put_exim_rcpt(gbuf *b, const rcpt *rc)
{
	char		reply[600];

	buf_printf(b, "  %s\n", rc->addr);
	if (rc->d->local)
	{
		if (strcmp(rc->d->reason, "hostunknown") == 0)
			buf_puts(b, "    Unrouteable address\n");
		else
			buf_printf(b, "    retry timeout exceeded\n    %s\n", rc->diagtext);
		return;
	}
	reply_text(rc, reply, sizeof(reply));
	buf_printf(b, "    host %s [%s]\n", rc->mx, rc->ip);
	if (strcmp(rc->d->cmd, "RCPT") == 0)
		buf_printf(b, "    SMTP error from remote mail server after RCPT TO:<%s>:\n    ",
				   rc->addr);
	else if (strcmp(rc->d->cmd, "MAIL") == 0)
		buf_printf(b, "    SMTP error from remote mail server after MAIL FROM:<bounces@x>:\n    ");
	else if (strcmp(rc->d->cmd, "DATA") == 0)
		buf_puts(b, "    SMTP error from remote mail server after end of data:\n    ");
	else
		buf_puts(b, "    SMTP error from remote mail server after initial connection:\n    ");
	put_wrapped(b, reply, 4, 78, "    ");
	buf_puts(b, "\n");
}

/* An Exim bounce: plain text, the original after a marker line. */
static void
fmt_exim(msgctx *m, gbuf *b)
{
	int			i;

	buf_printf(b, "Return-path: <>\nEnvelope-to: %s\nDelivery-date: %s\n"
			   "Received: from mail by %s with local (Exim 4.97)\n\tid %s-0004Tg-0P\n"
			   "\tfor %s; %s\nX-Failed-Recipients: ", m->sender, m->date, m->mta,
			   m->qid, m->sender, m->date);
	for (i = 0; i < m->nr; i++)
		buf_printf(b, "%s%s", i ? ",\n  " : "", m->rc[i].addr);
	buf_printf(b, "\nAuto-Submitted: auto-replied\n"
			   "From: Mail Delivery System <Mailer-Daemon@%s>\nTo: %s\n"
			   "Content-Type: text/plain; charset=us-ascii\n"
			   "Subject: Mail delivery failed: returning message to sender\n"
			   "Message-Id: <E%s-0004Tg-0P@%s>\nDate: %s\n\n", m->mta, m->sender,
			   m->qid, m->mta, m->date);
	buf_puts(b, "This message was created automatically by mail delivery software.\n\n"
			 "A message that you sent could not be delivered to one or more of its\n"
			 "recipients. This is a permanent error. The following address(es) failed:\n\n");
	for (i = 0; i < m->nr; i++)
		put_exim_rcpt(b, &m->rc[i]);
	buf_puts(b, "\n------ This is a copy of the message, including all the headers. ------\n\n");
	put_original(m, b, 0);
}

/* A qmail bounce: one paragraph per address, the original after a marker. */
static void
fmt_qmail(msgctx *m, gbuf *b)
{
	int			i;
	char		reply[600];

	buf_printf(b, "Return-Path: <>\nDelivered-To: %s\n"
			   "Received: (qmail %d invoked for bounce); %s\nDate: %s\n"
			   "From: MAILER-DAEMON@%s\nTo: %s\nSubject: failure notice\n"
			   "Message-ID: <%s.%d.qmail@%s>\n\n", m->sender, 10000 + m->id % 50000,
			   m->date, m->date, m->mta, m->sender, m->qid, m->id, m->mta);
	buf_printf(b, "Hi. This is the qmail-send program at %s.\n"
			   "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
			   "This is a permanent error; I've given up. Sorry it didn't work out.\n\n",
			   m->mta);
	for (i = 0; i < m->nr; i++)
	{
		rcpt	   *rc = &m->rc[i];

		reply_text(rc, reply, sizeof(reply));
		if (rc->d->local && strcmp(rc->d->reason, "hostunknown") == 0)
			buf_printf(b, "<%s>:\nSorry, I couldn't find any host named %s. (#5.1.2)\n\n",
					   rc->addr, rc->domain);
		else if (rc->d->local)
			buf_printf(b, "<%s>:\n%s\nI'm not going to try again; this message has been in the queue too long.\n\n",
					   rc->addr, reply);
		else
			buf_printf(b, "<%s>:\n%s does not like recipient.\nRemote host said: %s\n"
					   "Giving up on %s.\n\n", rc->addr, rc->ip, reply, rc->ip);
	}
	buf_puts(b, "--- Below this line is a copy of the message.\n\n");
	put_original(m, b, 0);
}

/* Gmail's old plain-text bounce for a single recipient. */
static void
fmt_gmail(msgctx *m, gbuf *b)
{
	rcpt	   *rc = &m->rc[0];
	const char *word = m->delayed ? "temporary" : "permanent";

	buf_printf(b, "Delivered-To: %s\nReturn-Path: <>\nMIME-Version: 1.0\n"
			   "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
			   "To: %s\nX-Failed-Recipients: %s\n"
			   "Subject: Delivery Status Notification (%s)\n"
			   "Message-ID: <%s.%d.GMR@mx.google.com>\nDate: %s\n"
			   "Content-Type: text/plain; charset=UTF-8\n\n", m->sender, m->sender,
			   rc->addr, m->delayed ? "Delay" : "Failure", m->qid, m->id, m->date);
	buf_printf(b, "Delivery to the following recipient %s:\n\n     %s\n\n"
			   "Technical details of %s failure:\n",
			   m->delayed ? "has been delayed" : "failed permanently", rc->addr, word);
	if (rc->d->local)
		buf_printf(b, "DNS Error: %s\n\n", rc->diagtext);
	else
	{
		buf_printf(b, "Google tried to deliver your message, but it was rejected by the "
				   "server for the recipient domain %s by %s. [%s].\n\n"
				   "The error that the other server returned was:\n%d ",
				   rc->domain, rc->mx, rc->ip, rc->d->reply);
		put_wrapped(b, rc->diagtext, 4, 76, "    ");
		buf_puts(b, " - gsmtp\n\n");
	}
	buf_puts(b, "----- Original message -----\n\n");
	put_original(m, b, 0);
}

/* Wanted size of a message: log-normal around 4 KB, with a long tail. */
static size_t
pick_size(rng *r)
{
	double		s;

	if (rng_unit(r) < 0.01)
		s = exp(log(64 * KB) + rng_unit(r) * log(16.0));
	else
		s = 4 * KB * exp(0.75 * rng_normal(r));
	if (s < 1 * KB)
		s = 1 * KB;
	if (s > 1024 * KB)
		s = 1024 * KB;
	return (size_t) s;
}

/* Draw the properties shared by all formats for message id. */
static void
init_msg(msgctx *m, uint64_t seed, int id, rcpt *rc)
{
	int64_t		t;

	memset(m, 0, sizeof(*m));
	m->r.s = seed * UINT64_C(0x2545f4914f6cdd1d) + (uint64_t) id;
	rng_next(&m->r);
	m->id = id;
	m->rc = rc;
	snprintf(m->sdomain, sizeof(m->sdomain), "%s",
			 senders[rng_range(&m->r, 0, NELEM(senders) - 1)]);
	snprintf(m->sender, sizeof(m->sender), "%s@%s",
			 rng_range(&m->r, 0, 1) ? "no-reply" : "bounces", m->sdomain);
	snprintf(m->mta, sizeof(m->mta), "smtp%d.%s", rng_range(&m->r, 1, 4), m->sdomain);
	pick_ip(&m->r, m->client_ip);
	t = 1735689600 + (int64_t) (rng_unit(&m->r) * 31536000.0);
	format_date(t - rng_range(&m->r, 2, 90000), m->odate);
	format_date(t, m->date);
	hex_id(&m->r, m->qid, 10);
	m->subject = subjects[rng_range(&m->r, 0, NELEM(subjects) - 1)];
	m->target = pick_size(&m->r);
	m->b64 = m->target > 12 * KB ? rng_unit(&m->r) < 0.8 : rng_unit(&m->r) < 0.2;
}

/* Recipients of a corpus message: mostly one, sometimes 2 to 20. */
static void
pick_rcpts(msgctx *m, int multi, int maxn)
{
	int			i;
	double		u;

	m->nr = 1;
	if (multi && rng_unit(&m->r) < 0.15)
	{
		u = rng_unit(&m->r);
		m->nr = 2 + (int) (18.0 * u * u * u + 0.5);
	}
	if (m->nr > maxn)
		m->nr = maxn;
	for (i = 0; i < m->nr; i++)
		make_rcpt(m, &m->rc[i], m->delayed);
}

/* Rewrite LF line ends as CRLF. */
static void
to_crlf(gbuf *in, gbuf *out)
{
	size_t		i;

	out->len = 0;
	buf_reserve(out, in->len + in->len / 20 + 16);
	for (i = 0; i < in->len; i++)
	{
		if (in->data[i] == '\n')
		{
			buf_reserve(out, 2);
			out->data[out->len++] = '\r';
		}
		else
			buf_reserve(out, 1);
		out->data[out->len++] = in->data[i];
	}
	out->data[out->len] = '\0';
}

/*
 * Generate corpus message id into b; returns the format's index.  A
 * message is written to a scratch buffer and converted when it uses CRLF.
 */
static int
gen_message(uint64_t seed, int id, gbuf *b, gbuf *tmp, msgctx *m, rcpt *rc)
{
	int			k = 0;
	int			w;

	init_msg(m, seed, id, rc);
	w = rng_range(&m->r, 0, 999);
	while (k < NFORMATS - 1 && w >= formats[k].permille)
		w -= formats[k++].permille;
	m->delayed = formats[k].delays && rng_unit(&m->r) < 0.1;
	m->headers_only = formats[k].headers && rng_unit(&m->r) < 0.15;
	pick_rcpts(m, formats[k].multi, MAXRCPTS);
	tmp->len = 0;
	formats[k].fn(m, tmp);
	if (rng_range(&m->r, 0, 999) < formats[k].crlf)
		to_crlf(tmp, b);
	else
	{
		b->len = 0;
		buf_put(b, tmp->data, tmp->len);
	}
	return k;
}

/* Write raw bytes with the escapes of COPY's text format. */
static void
write_copy_row(FILE *f, int id, const char *s, size_t n)
{
	size_t		i;
	size_t		run = 0;

	fprintf(f, "%d\t", id);
	for (i = 0; i < n; i++)
	{
		const char *esc = NULL;

		switch (s[i])
		{
			case '\\':
				esc = "\\\\";
				break;
			case '\n':
				esc = "\\n";
				break;
			case '\r':
				esc = "\\r";
				break;
			case '\t':
				esc = "\\t";
				break;
		}
		if (esc == NULL)
			continue;
		fwrite(s + run, 1, i - run, f);
		fputs(esc, f);
		run = i + 1;
	}
	fwrite(s + run, 1, n - run, f);
	fputc('\n', f);
}

/* Write one length-prefixed record of the blob file. */
static void
write_blob(FILE *f, const char *s, size_t n)
{
	unsigned char len[4];

	len[0] = n & 0xff;
	len[1] = (n >> 8) & 0xff;
	len[2] = (n >> 16) & 0xff;
	len[3] = (n >> 24) & 0xff;
	fwrite(len, 1, 4, f);
	fwrite(s, 1, n, f);
}

/* Open a file for writing, or NULL when no path is given. */
static FILE *
open_out(const char *path)
{
	FILE	   *f;

	if (path == NULL)
		return NULL;
	f = fopen(path, "wb");
	if (f == NULL)
		fail(path);
	return f;
}

/* Close a file opened by open_out, checking for write errors. */
static void
close_out(FILE *f, const char *path)
{
	if (f != NULL && (ferror(f) || fclose(f) != 0))
		fail(path);
}

/* Output paths and counts given on the command line. */
typedef struct options
{
	int			count;
	uint64_t	seed;
	const char *copy;
	const char *blob;
	const char *meta;
	const char *emldir;
	int			emlcount;
	const char *diagfile;
	long		diaglines;
	const char *worst;
	size_t		size;
	int			nrcpts;
} options;

/* Write message m's meta line: id, format, recipients, intended reasons. */
static void
write_meta(FILE *f, const msgctx *m, const char *format)
{
	int			i;

	fprintf(f, "%d\t%s\t%d\t", m->id, format, m->nr);
	for (i = 0; i < m->nr; i++)
		fprintf(f, "%s%s", i ? "," : "", m->rc[i].d->reason);
	fputc('\n', f);
}

/* Write one message as DIR/NNNNNN.eml. */
static void
write_eml(const char *dir, int id, const gbuf *b)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%06d.eml", dir, id);
	f = open_out(path);
	fwrite(b->data, 1, b->len, f);
	close_out(f, path);
}

/* Compare two sizes for qsort. */
static int
cmp_size(const void *a, const void *b)
{
	size_t		x = *(const size_t *) a;
	size_t		y = *(const size_t *) b;

	return x < y ? -1 : x > y;
}

/* Print the shape of the corpus written: sizes, recipients, formats. */
static void
print_stats(const options *o, size_t *sizes, long nrcpt, long multi,
			const int *perfmt)
{
	double		total = 0;
	int			i;

	for (i = 0; i < o->count; i++)
		total += sizes[i];
	qsort(sizes, o->count, sizeof(size_t), cmp_size);
	fprintf(stderr, "gen: %d messages, %.1f MB, size median %.1f KB, "
			"p90 %.1f KB, p99 %.1f KB, max %.1f KB\n", o->count, total / 1048576.0,
			sizes[o->count / 2] / KB, sizes[o->count * 9 / 10] / KB,
			sizes[o->count * 99 / 100] / KB, sizes[o->count - 1] / KB);
	fprintf(stderr, "gen: %ld recipients, %.1f%% of messages with several\n",
			nrcpt, 100.0 * multi / o->count);
	fprintf(stderr, "gen: formats:");
	for (i = 0; i < NFORMATS; i++)
		fprintf(stderr, " %s %d", formats[i].name, perfmt[i]);
	fprintf(stderr, "\n");
}

/* Generate the corpus: COPY, blob, meta and sample files. */
static void
gen_corpus(const options *o)
{
	FILE	   *fc = open_out(o->copy);
	FILE	   *fb = open_out(o->blob);
	FILE	   *fm = open_out(o->meta);
	gbuf		b = {0};
	gbuf		tmp = {0};
	msgctx		m;
	rcpt	   *rc = calloc(MAXRCPTS, sizeof(rcpt));
	size_t	   *sizes = calloc(o->count > 0 ? o->count : 1, sizeof(size_t));
	int			perfmt[NFORMATS] = {0};
	long		nrcpt = 0;
	long		multi = 0;
	int			i;

	if (rc == NULL || sizes == NULL)
		fail("calloc");
	for (i = 0; i < o->count; i++)
	{
		int			k = gen_message(o->seed, i + 1, &b, &tmp, &m, rc);

		perfmt[k]++;
		sizes[i] = b.len;
		nrcpt += m.nr;
		multi += m.nr > 1;
		if (fc)
			write_copy_row(fc, i + 1, b.data, b.len);
		if (fb)
			write_blob(fb, b.data, b.len);
		if (fm)
			write_meta(fm, &m, formats[k].name);
		if (o->emldir && i < o->emlcount)
			write_eml(o->emldir, i + 1, &b);
	}
	close_out(fc, o->copy);
	close_out(fb, o->blob);
	close_out(fm, o->meta);
	if (o->count > 0)
		print_stats(o, sizes, nrcpt, multi, perfmt);
	free(sizes);
	free(rc);
	free(b.data);
	free(tmp.data);
}

/* Write o->diaglines diagnostic lines, one SMTP response a line. */
static void
gen_diag_lines(const options *o)
{
	FILE	   *f = open_out(o->diagfile);
	msgctx		m;
	rcpt		rc;
	char		reply[600];
	long		i;

	for (i = 0; i < o->diaglines; i++)
	{
		if (i % 1000 == 0)
			init_msg(&m, o->seed + 7, (int) (i / 1000), &rc);
		make_rcpt(&m, &rc, 0);
		reply_text(&rc, reply, sizeof(reply));
		fprintf(f, "%s\n", reply);
	}
	close_out(f, o->diagfile);
}

/*
 * Write one worst-case message: "big" a Postfix DSN whose original carries
 * an attachment of the given size, "line" a gateway DSN whose diagnostic
 * is a single line of that size, "rcpts" a Postfix DSN with the given
 * number of recipients (or as many as fill the size).
 */
static void
gen_worst(const options *o)
{
	FILE	   *fc = open_out(o->copy);
	FILE	   *fb = open_out(o->blob);
	gbuf		b = {0};
	msgctx		m;
	rcpt	   *rc = calloc(MAXRCPTS, sizeof(rcpt));
	int			i;

	if (rc == NULL)
		fail("calloc");
	init_msg(&m, o->seed, 1, rc);
	m.nr = 1;
	m.target = o->size;
	if (strcmp(o->worst, "big") == 0)
		m.b64 = 1;
	else if (strcmp(o->worst, "line") == 0)
	{
		m.longline = o->size;
		m.headers_only = 1;
	}
	else if (strcmp(o->worst, "rcpts") == 0)
	{
		/* about 512 bytes per recipient in both parts */
		m.nr = o->nrcpts > 0 ? o->nrcpts : (int) (o->size / 512);
		m.headers_only = 1;
	}
	else
	{
		fprintf(stderr, "gen: unknown worst case \"%s\"\n", o->worst);
		exit(2);
	}
	if (m.nr < 1 || m.nr > MAXRCPTS)
	{
		fprintf(stderr, "gen: recipients must be 1 to %d\n", MAXRCPTS);
		exit(2);
	}
	for (i = 0; i < m.nr; i++)
		make_rcpt(&m, &rc[i], 0);
	if (m.longline)
		fmt_gateway(&m, &b);
	else
		fmt_postfix(&m, &b);
	if (fc)
		write_copy_row(fc, 1, b.data, b.len);
	if (fb)
		write_blob(fb, b.data, b.len);
	close_out(fc, o->copy);
	close_out(fb, o->blob);
	fprintf(stderr, "gen: worst case %s: %.1f KB, %d recipient(s)\n",
			o->worst, b.len / KB, m.nr);
	free(rc);
	free(b.data);
}

/* Print usage and exit. */
static void
usage(void)
{
	fprintf(stderr,
			"usage: gen [-n COUNT] [-s SEED] [-c FILE.copy] [-b FILE.blob] [-m FILE.meta]\n"
			"           [-e DIR -E COUNT] [-d FILE -D LINES]\n"
			"           [-w big|line|rcpts [-z BYTES] [-r RECIPIENTS]]\n");
	exit(2);
}

/* Read the command line into o. */
static void
parse_args(int argc, char **argv, options *o)
{
	int			i;

	memset(o, 0, sizeof(*o));
	o->count = 1000;
	o->seed = 1;
	o->emlcount = 5000;
	o->size = 1048576;
	for (i = 1; i < argc; i++)
	{
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (a[0] != '-' || a[1] == '\0' || a[2] != '\0' || v == NULL)
			usage();
		i++;
		switch (a[1])
		{
			case 'n':
				o->count = atoi(v);
				break;
			case 's':
				o->seed = strtoull(v, NULL, 10);
				break;
			case 'c':
				o->copy = v;
				break;
			case 'b':
				o->blob = v;
				break;
			case 'm':
				o->meta = v;
				break;
			case 'e':
				o->emldir = v;
				break;
			case 'E':
				o->emlcount = atoi(v);
				break;
			case 'd':
				o->diagfile = v;
				break;
			case 'D':
				o->diaglines = atol(v);
				break;
			case 'w':
				o->worst = v;
				break;
			case 'z':
				o->size = (size_t) strtoull(v, NULL, 10);
				break;
			case 'r':
				o->nrcpts = atoi(v);
				break;
			default:
				usage();
		}
	}
	if (o->count < 0)
		usage();
}

/* Read the options and write what they ask for. */
int
main(int argc, char **argv)
{
	options		o;

	parse_args(argc, argv, &o);
	init_tables();
	if (o.worst)
		gen_worst(&o);
	else if (o.copy || o.blob || o.meta || o.emldir)
		gen_corpus(&o);
	if (o.diagfile)
		gen_diag_lines(&o);
	return 0;
}
