/*-------------------------------------------------------------------------
 *
 * bnc.h
 *		Public interface of the bounce parsing and classification core.
 *
 * The core is plain C99: it includes only standard headers (and the SSE2
 * intrinsics where the compiler targets them), makes no server calls,
 * keeps no global state (but for one thread-local pointer to the parse
 * under way, for its interrupt polls: poll.h) and does no I/O.  It takes
 * the bytes of one mail message and fills a bnc_result; all memory it
 * hands back comes from the caller's allocator, so the caller frees
 * everything at once (the SQL glue passes a palloc-backed allocator inside
 * a scratch memory context).
 *
 * src/core/bnc.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BNC_H
#define BNC_H

#include <stddef.h>
#include <stdint.h>

/*
 * Reasons a delivery failed.  The names follow the taxonomy that the widely
 * used open-source bounce analyzers established; the SQL enum bounce.reason
 * has the same labels in the same (alphabetical) order, so the glue can map
 * a bnc_reason to an enum label by position.
 */
#define BNC_REASON_LIST(X) \
	X(authfailure) \
	X(badreputation) \
	X(blocked) \
	X(contenterror) \
	X(delivered) \
	X(exceedlimit) \
	X(expired) \
	X(failedstarttls) \
	X(feedback) \
	X(filtered) \
	X(hasmoved) \
	X(hostunknown) \
	X(mailboxfull) \
	X(mailererror) \
	X(mesgtoobig) \
	X(networkerror) \
	X(norelaying) \
	X(notaccept) \
	X(notcompliantrfc) \
	X(onhold) \
	X(policyviolation) \
	X(rejected) \
	X(requireptr) \
	X(securityerror) \
	X(spamdetected) \
	X(speeding) \
	X(suspend) \
	X(syntaxerror) \
	X(systemerror) \
	X(systemfull) \
	X(toomanyconn) \
	X(undefined) \
	X(userunknown) \
	X(vacation) \
	X(virusdetected)

#define BNC_REASON_ENUM(name) BNC_R_##name,
typedef enum bnc_reason
{
	BNC_REASON_LIST(BNC_REASON_ENUM)
	BNC_REASON_COUNT
} bnc_reason;
#undef BNC_REASON_ENUM

/* Name of a reason ("userunknown"), or NULL when out of range. */
extern const char *bnc_reason_name(bnc_reason r);

/* Reason for a name, or -1 when the name is unknown. */
extern int	bnc_reason_from_name(const char *name, size_t len);

/*
 * An enhanced mail system status code (RFC 3463): class.subject.detail.
 * cls == 0 means "no code".
 */
typedef struct bnc_status
{
	int			cls;			/* 2, 4 or 5; 0 when absent */
	int			subject;		/* 0..999 */
	int			detail;			/* 0..999 */
} bnc_status;

/* Result of reading a status code from text. */
typedef enum bnc_status_err
{
	BNC_STATUS_OK = 0,
	BNC_STATUS_SYNTAX,			/* not of the form N.N.N */
	BNC_STATUS_BAD_CLASS,		/* class other than 2, 4, 5 */
	BNC_STATUS_RANGE			/* subject or detail above 999 */
} bnc_status_err;

/*
 * Read a status code occupying exactly buf[0..len).  Leading and trailing
 * white space is not accepted; the caller trims if it wants to.
 */
extern bnc_status_err bnc_status_parse(const char *buf, size_t len,
									   bnc_status *out);

/* Write "c.s.d" and a NUL into buf (at least 12 bytes); returns length. */
extern int	bnc_status_format(const bnc_status *st, char *buf);

/*
 * Registered meaning of a code (IANA "Enumerated Status Codes"), falling
 * back to the meaning of its class and subject; never NULL.
 */
extern const char *bnc_status_meaning(const bnc_status *st);

/*
 * Classification.
 *
 * bnc_classify decides a reason from whatever is known: the enhanced status
 * code (cls 0 if none), the SMTP reply code (0 if none), the diagnostic text
 * (may be NULL/0) and the SMTP command that failed (may be NULL).  It never
 * fails: with no evidence at all it returns BNC_R_undefined.
 */
extern bnc_reason bnc_classify(const bnc_status *st, int reply_code,
							   const char *text, size_t textlen,
							   const char *smtp_command);

/*
 * Classify one SMTP response or diagnostic line such as
 * "550 5.1.1 <a@example.com>: Recipient address rejected".  The reply code
 * and status code are read from the text where *reply_code is 0 and
 * st->cls is 0 on entry; on return they hold what was used.
 */
extern bnc_reason bnc_classify_line(const char *text, size_t len,
									bnc_status *st, int *reply_code);

/*
 * Is a failure with this reason and status hard (retrying the address is
 * pointless)?  st may be NULL or have cls 0.
 */
extern int	bnc_is_hard(bnc_reason r, const bnc_status *st);

/* Allocator supplied by the caller; alloc never returns NULL. */
typedef struct bnc_alloc
{
	void	   *(*alloc) (void *ctx, size_t size);
	void	   *ctx;

	/*
	 * Optional, may be NULL: returns nonzero when the caller wants the parse
	 * abandoned (a query cancel, say).  bnc_parse polls it between its steps
	 * (after the header block, after the MIME walk, before each decoder)
	 * and, on a message of more than a megabyte, about once per megabyte
	 * that its long passes cover (line, header and MIME walks, searches,
	 * decoding), so even a parse of a huge message stops within a fraction
	 * of a second.  Once it has returned nonzero, that parse does not call
	 * it again.
	 */
	int			(*interrupted) (void *ctx);
} bnc_alloc;

/*
 * A report field the other members do not carry: key is the field name,
 * lower-cased ("will-retry-until", "original.subject"), value its unfolded
 * text.  Both are NUL-terminated and owned by the allocator.
 */
typedef struct bnc_field_pair
{
	const char *key;
	const char *value;
} bnc_field_pair;

/* Most pairs kept per recipient and per message. */
#define BNC_MAX_DETAILS			64

/* What a delivery status report says happened to one recipient. */
typedef enum bnc_action
{
	BNC_ACTION_NONE = 0,
	BNC_ACTION_FAILED,
	BNC_ACTION_DELAYED,
	BNC_ACTION_DELIVERED,
	BNC_ACTION_RELAYED,
	BNC_ACTION_EXPANDED
} bnc_action;

/* Name of an action ("failed"), or NULL for BNC_ACTION_NONE. */
extern const char *bnc_action_name(bnc_action a);

/*
 * One recipient the message reports on.  Strings are NUL-terminated, owned
 * by the allocator, and NULL when the message does not give the value.  They
 * hold bytes as found in the message (after transfer decoding): the caller
 * validates or converts them to its own encoding.
 */
typedef struct bnc_recipient
{
	char	   *recipient;		/* address, domain lower-cased; NULL only in
								 * the one row of a feedback report that
								 * does not name the recipient */
	char	   *domain;			/* lower-cased domain part */
	bnc_action	action;
	bnc_status	status;			/* cls 0 when none could be given */
	int			reply_code;		/* SMTP reply, 0 when absent */
	bnc_reason	reason;
	int			hard;			/* boolean */
	char	   *diagnostic;		/* remote server's words, unfolded */
	char	   *remote_mta;
	char	   *smtp_command;	/* e.g. "RCPT", "DATA" */
	char	   *feedback_type;	/* ARF Feedback-Type, when a feedback report */
	const char *charset;		/* MIME charset of diagnostic, lower-cased;
								 * NULL when US-ASCII, UTF-8 or unknown */
	bnc_field_pair *details;	/* this recipient's further fields */
	int			ndetails;
} bnc_recipient;

/* Everything read from one message. */
typedef struct bnc_result
{
	bnc_recipient *rcpts;
	int			nrcpts;
	char	   *reporting_mta;
	char	   *original_message_id;
	int			has_arrived;	/* boolean: arrived_at is valid */
	int64_t		arrived_at;		/* seconds since 1970-01-01 UTC */
	const char *format;			/* static name of the decoder, or NULL */
	const char *charset;		/* MIME charset of the human-readable part,
								 * as for bnc_recipient.charset */
	bnc_field_pair *details;	/* message-level fields and the original
								 * message's headers; a recipient's own
								 * pair wins over one with the same key */
	int			ndetails;
} bnc_result;

/* Outcome of bnc_parse. */
typedef enum bnc_parse_status
{
	BNC_PARSE_OK = 0,			/* a bounce; nrcpts >= 1 */
	BNC_PARSE_NOT_BOUNCE,		/* a message, but no report: nrcpts == 0 */
	BNC_PARSE_NOT_MESSAGE,		/* not a mail message at all: nrcpts == 0 */
	BNC_PARSE_TOO_LARGE,		/* over a hard limit: nrcpts == 0 */
	BNC_PARSE_INTERRUPTED		/* alloc->interrupted said stop: nrcpts == 0 */
} bnc_parse_status;

/* Hard limits that bound the work done on one message. */
#define BNC_MAX_MIME_DEPTH		32
#define BNC_MAX_RECIPIENTS		100000

/*
 * Longest address read as a recipient, in bytes: twice what RFC 5321
 * allows a path (256).  A longer one is not an address; it would also not
 * fit in the index on bounce.events (address, received_at), whose entries
 * are limited to 2704 bytes, and its message would fail to be stored with
 * all its other recipients (bytes that are not valid characters become
 * U+FFFD, three bytes each, so 512 bytes may become 1536).
 */
#define BNC_MAX_ADDRESS			512

/*
 * Parse one raw message (RFC 5322, any line endings) of len bytes.  The
 * input need not be NUL-terminated and is never written.  *out is always
 * filled, also on a non-OK status.
 */
extern bnc_parse_status bnc_parse(const char *raw, size_t len,
								  const bnc_alloc *alloc, bnc_result *out);

/*
 * Forget the parse under way in this thread.  A caller whose allocator (or
 * interrupted callback) can leave a parse without returning, by longjmp as
 * PostgreSQL's errors do, must call this once it has left that way: the
 * core's thread-local pointer to the parse (poll.h) would otherwise still
 * point into the abandoned stack, and a later search outside a parse, in
 * bnc_classify say, would poll through it.
 */
extern void bnc_parse_abandoned(void);

/* ---------------------------------------------------------------------
 * Explanations: why a recipient got its reason (bounce.explain).
 * ---------------------------------------------------------------------
 */

/* The step that decided a reason. */
typedef enum bnc_decider
{
	BNC_BY_DECODER = 0,			/* the decoder, from its own format */
	BNC_BY_PROVIDER,			/* a receiving provider's rule (rhost.c) */
	BNC_BY_PHRASE,				/* a phrase of the phrase table */
	BNC_BY_STATUS,				/* the status code */
	BNC_BY_COMMAND,				/* the SMTP command that failed */
	BNC_BY_REPLY,				/* the SMTP reply code */
	BNC_BY_ACTION,				/* a delayed delivery: expired */
	BNC_BY_FALLBACK				/* nothing firm: onhold or undefined */
} bnc_decider;

/* Which of the status code and the text the final reason agrees with. */
typedef enum bnc_winner
{
	BNC_WIN_NEITHER = 0,
	BNC_WIN_CODE,
	BNC_WIN_TEXT,
	BNC_WIN_BOTH
} bnc_winner;

#define BNC_EXPLAIN_RULE_MAX	128

/* Why one recipient got its reason. */
typedef struct bnc_explain
{
	bnc_decider decided_by;
	char		rule[BNC_EXPLAIN_RULE_MAX];	/* phrase, code, ...; "" if none */
	int			status_reason;	/* the code's own reading, or -1 */
	int			text_reason;	/* the text's own reading, or -1 */
	bnc_winner	winner;
} bnc_explain;

/* Names of a decider ("phrase") and a winner ("both agree"). */
extern const char *bnc_decider_name(bnc_decider d);
extern const char *bnc_winner_name(bnc_winner w);

/*
 * bnc_classify, explained in *ex.  The reason returned is always the one
 * bnc_classify returns for the same arguments.
 */
extern bnc_reason bnc_classify_explain(const bnc_status *st, int reply_code,
									   const char *text, size_t textlen,
									   const char *smtp_command,
									   bnc_explain *ex);

/*
 * bnc_parse that also sets *explains to an array of out->nrcpts
 * explanations, one per row in the same order (NULL when there are no
 * rows).  The rows are exactly those bnc_parse gives.
 */
extern bnc_parse_status bnc_parse_explain(const char *raw, size_t len,
										  const bnc_alloc *alloc,
										  bnc_result *out,
										  bnc_explain **explains);

#endif							/* BNC_H */
