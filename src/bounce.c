/*-------------------------------------------------------------------------
 *
 * bounce.c
 *		SQL interface to the bounce parser: bounce.parse and the
 *		classification functions.
 *
 * The functions here only move data between the server and the core in
 * src/core: they fetch arguments, run the core inside a scratch memory
 * context, and turn its result into tuples.  Every string the core returns
 * is made valid in the database encoding before it becomes text.
 *
 * src/bounce.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "bnc.h"
#include "compat.h"
#include "glue.h"
#include "reason.h"
#include "smtp_status.h"

#ifdef PG_MODULE_MAGIC_EXT
PG_MODULE_MAGIC_EXT(.name = "bounce",.version = "1.0");
#else
PG_MODULE_MAGIC;
#endif

/* Columns of bounce.parse, in order. */
enum
{
	COL_RECIPIENT,
	COL_DOMAIN,
	COL_ACTION,
	COL_STATUS,
	COL_REPLY_CODE,
	COL_REASON,
	COL_HARD,
	COL_DIAGNOSTIC,
	COL_REMOTE_MTA,
	COL_REPORTING_MTA,
	COL_SMTP_COMMAND,
	COL_ORIGINAL_MESSAGE_ID,
	COL_ARRIVED_AT,
	COL_FORMAT,
	COL_FEEDBACK_TYPE,
	COL_DETAILS,
	PARSE_NCOLUMNS
};

/* palloc-backed allocator for the core; ctx is the memory context. */
static void *
core_alloc(void *ctx, size_t size)
{
	return MemoryContextAlloc((MemoryContext) ctx, size);
}

/*
 * The core's interrupt poll: a query cancel or termination is pending and
 * may be served now.
 */
static int
core_interrupted(void *ctx)
{
	return InterruptPending && INTERRUPTS_CAN_BE_PROCESSED();
}

/*
 * One call of the core's parser.  An error that the allocator raises (out
 * of memory) leaves the core by longjmp: the core is told, so that it does
 * not keep a pointer to the abandoned parse.
 */
static bnc_parse_status
run_core(const char *raw, size_t len, const bnc_alloc *alloc,
		 bnc_result *res, bnc_explain **explains)
{
	bnc_parse_status st = BNC_PARSE_NOT_MESSAGE;

	PG_TRY();
	{
		st = explains != NULL ?
			bnc_parse_explain(raw, len, alloc, res, explains) :
			bnc_parse(raw, len, alloc, res);
	}
	PG_CATCH();
	{
		bnc_parse_abandoned();
		PG_RE_THROW();
	}
	PG_END_TRY();
	return st;
}

/*
 * Run the core's parser (with explanations when explains is not NULL) in
 * the memory context scratch.  The core polls for interrupts between its
 * steps and once per megabyte inside its long passes: when it stops, the
 * pending interrupt is served here, which raises the cancel error; an
 * interrupt that raises nothing restarts the parse.  Returns the core's
 * outcome, never BNC_PARSE_INTERRUPTED.
 */
bnc_parse_status
bounce_core_parse(const char *raw, size_t len, MemoryContext scratch,
				  bnc_result *res, bnc_explain **explains)
{
	bnc_alloc	alloc;
	int			attempt;

	alloc.alloc = core_alloc;
	alloc.ctx = scratch;
	alloc.interrupted = core_interrupted;
	for (attempt = 0;; attempt++)
	{
		bnc_parse_status st;

		/* after a few interrupts that raised nothing, parse to the end */
		if (attempt == 3)
			alloc.interrupted = NULL;
		st = run_core(raw, len, &alloc, res, explains);
		if (st != BNC_PARSE_INTERRUPTED)
			return st;
		MemoryContextReset(scratch);
		CHECK_FOR_INTERRUPTS();
	}
}

/*
 * Return s as a text datum that is valid in the database encoding: bytes
 * that do not form a valid character are replaced by U+FFFD in a UTF-8
 * database and by '?' in any other.  s ends at its first NUL.
 */
Datum
bounce_text_datum(const char *s)
{
	int			encoding = GetDatabaseEncoding();
	size_t		len = strlen(s);
	StringInfoData buf;
	const char *p = s;
	const char *end = s + len;

	/* The common case: already valid, copy once. */
	if (pg_verifymbstr(s, (int) len, true))
		return PointerGetDatum(cstring_to_text_with_len(s, (int) len));

	initStringInfo(&buf);
	while (p < end)
	{
		int			n = pg_encoding_verifymbchar(encoding, p, (int) (end - p));

		if (n > 0)
		{
			appendBinaryStringInfo(&buf, p, n);
			p += n;
			continue;
		}
		if (encoding == PG_UTF8)
			appendStringInfoString(&buf, "\xEF\xBF\xBD");
		else
			appendStringInfoChar(&buf, '?');
		p++;
	}
	return PointerGetDatum(cstring_to_text_with_len(buf.data, buf.len));
}

/*
 * MIME charset names PostgreSQL does not know by that name, with the
 * encoding that holds them.  GB2312 is a subset of GBK, and the Windows
 * code page 932 is taken as Shift_JIS (their differences are a few vendor
 * characters).  Other names go to pg_char_to_encoding, which knows e.g.
 * "iso-8859-5", "koi8-r", "euc-jp", "big5", "windows-1251".
 */
static const struct
{
	const char *mime;
	int			encoding;
}			charset_aliases[] = {
	{"shift_jis", PG_SJIS},
	{"shift-jis", PG_SJIS},
	{"x-sjis", PG_SJIS},
	{"cp932", PG_SJIS},
	{"windows-31j", PG_SJIS},
	{"gb2312", PG_GBK},
	{"x-gbk", PG_GBK},
	{"cp936", PG_GBK},
	{"euc-cn", PG_EUC_CN},
	{"ks_c_5601-1987", PG_UHC},
	{"cp949", PG_UHC},
	{"x-euc-jp", PG_EUC_JP},
	{"iso-8859-8-i", PG_ISO_8859_8},
	{"ascii", PG_SQL_ASCII},
	{NULL, 0}
};

/* PostgreSQL encoding of a lower-cased MIME charset name, or -1. */
static int
charset_encoding(const char *charset)
{
	int			i;

	for (i = 0; charset_aliases[i].mime; i++)
	{
		if (strcmp(charset, charset_aliases[i].mime) == 0)
			return charset_aliases[i].encoding;
	}
	return pg_char_to_encoding(charset);
}

/*
 * Convert s from encoding src to the database encoding with the server's
 * default conversion.  A character that is invalid or has no equivalent
 * becomes U+FFFD in a UTF-8 database and '?' in any other, so no byte of
 * the message can raise an error.  Returns NULL when there is no
 * conversion between the two encodings.
 */
static char *
convert_to_database(const char *s, int src)
{
	int			dst = GetDatabaseEncoding();
	Oid			proc = FindDefaultConversionProc(src, dst);
	int			len = (int) strlen(s);
	int			pos = 0;
	StringInfoData buf;
	unsigned char *out;

	if (!OidIsValid(proc))
		return NULL;
	initStringInfo(&buf);
	out = palloc((Size) len * MAX_CONVERSION_GROWTH + 1);
	while (pos < len)
	{
		int			used;
		int			bad;

		used = pg_do_encoding_conversion_buf(proc, src, dst,
											 (unsigned char *) s + pos,
											 len - pos, out,
											 len * MAX_CONVERSION_GROWTH + 1,
											 true);
		appendStringInfoString(&buf, (char *) out);
		pos += used;
		if (pos >= len)
			break;
		/* skip the character that stopped the conversion */
		bad = pg_encoding_verifymbchar(src, s + pos, len - pos);
		pos += bad > 0 ? bad : 1;
		if (dst == PG_UTF8)
			appendStringInfoString(&buf, "\xEF\xBF\xBD");
		else
			appendStringInfoChar(&buf, '?');
	}
	pfree(out);
	return buf.data;
}

/*
 * A text datum for s, whose bytes are in the MIME charset given (NULL:
 * UTF-8 or US-ASCII, taken as they are).
 */
static Datum
charset_text_datum(const char *s, const char *charset)
{
	int			src;
	char	   *conv;

	if (charset == NULL || GetDatabaseEncoding() == PG_SQL_ASCII)
		return bounce_text_datum(s);
	src = charset_encoding(charset);
	if (src < 0 || src == PG_SQL_ASCII || src == GetDatabaseEncoding())
		return bounce_text_datum(s);
	conv = convert_to_database(s, src);
	return bounce_text_datum(conv != NULL ? conv : s);
}

/* Fill one output column from a nullable C string. */
static void
set_text(Datum *values, bool *nulls, int col, const char *s)
{
	if (s == NULL)
		nulls[col] = true;
	else
		values[col] = bounce_text_datum(s);
}

/* Convert seconds since the Unix epoch to a timestamptz, if in range. */
static bool
epoch_to_timestamptz(int64 secs, TimestampTz *out)
{
	int64		pgsecs = secs - ((int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY);

	if (pgsecs < -(INT64CONST(1) << 40) || pgsecs > (INT64CONST(1) << 40))
		return false;
	*out = (TimestampTz) pgsecs * USECS_PER_SEC;
	return IS_VALID_TIMESTAMP(*out);
}

/* A jsonb string holding s made valid in the database encoding. */
static void
jsonb_string(JsonbValue *jv, const char *s)
{
	text	   *t = DatumGetTextPP(bounce_text_datum(s));

	jv->type = jbvString;
	jv->val.string.val = VARDATA_ANY(t);
	jv->val.string.len = VARSIZE_ANY_EXHDR(t);
}

/* Push n (key, value) pairs into the open jsonb object. */
static void
push_pairs(JsonbParseState **state, const bnc_field_pair *pairs, int n)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		JsonbValue	k;
		JsonbValue	v;

		jsonb_string(&k, pairs[i].key);
		jsonb_string(&v, pairs[i].value);
		pushJsonbValue(state, WJB_KEY, &k);
		pushJsonbValue(state, WJB_VALUE, &v);
	}
}

/*
 * The details column of row r: the message's pairs, then the recipient's,
 * as one jsonb object.  A key given twice keeps its last value, so the
 * recipient's own wins.  NULL when there are no pairs.
 */
static void
set_details(Datum *values, bool *nulls, const bnc_result *res,
			const bnc_recipient *r)
{
	JsonbParseState *state = NULL;
	JsonbValue *obj;

	if (res->ndetails == 0 && r->ndetails == 0)
	{
		nulls[COL_DETAILS] = true;
		return;
	}
	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	push_pairs(&state, res->details, res->ndetails);
	push_pairs(&state, r->details, r->ndetails);
	obj = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	values[COL_DETAILS] = JsonbPGetDatum(JsonbValueToJsonb(obj));
}

/*
 * Append one tuple per recipient of res to the call's tuplestore.  The
 * datums of a row are built in a context reset after each row (the
 * tuplestore keeps its own copy): the message-level values repeat on every
 * row, and kept until the end they would take the size of one value times
 * the number of recipients.
 */
static void
emit_rows(ReturnSetInfo *rsinfo, const bnc_result *res, ReasonCache *rc)
{
	MemoryContext rowcxt;
	MemoryContext oldcxt;
	int			i;

	rowcxt = AllocSetContextCreate(CurrentMemoryContext,
								   "bounce parse row",
								   ALLOCSET_DEFAULT_SIZES);
	oldcxt = MemoryContextSwitchTo(rowcxt);
	for (i = 0; i < res->nrcpts; i++)
	{
		const bnc_recipient *r = &res->rcpts[i];
		Datum		values[PARSE_NCOLUMNS];
		bool		nulls[PARSE_NCOLUMNS];
		TimestampTz ts;

		MemoryContextReset(rowcxt);
		memset(values, 0, sizeof(values));
		memset(nulls, 0, sizeof(nulls));

		set_text(values, nulls, COL_RECIPIENT, r->recipient);
		set_text(values, nulls, COL_DOMAIN, r->domain);
		set_text(values, nulls, COL_ACTION, bnc_action_name(r->action));
		if (r->status.cls != 0)
			values[COL_STATUS] = smtp_status_datum_from_bnc(&r->status);
		else
			nulls[COL_STATUS] = true;
		if (r->reply_code > 0)
			values[COL_REPLY_CODE] = Int32GetDatum(r->reply_code);
		else
			nulls[COL_REPLY_CODE] = true;
		values[COL_REASON] = ObjectIdGetDatum(rc->labels[r->reason]);
		values[COL_HARD] = BoolGetDatum(r->hard != 0);
		if (r->diagnostic == NULL)
			nulls[COL_DIAGNOSTIC] = true;
		else
			values[COL_DIAGNOSTIC] = charset_text_datum(r->diagnostic,
														r->charset);
		set_text(values, nulls, COL_REMOTE_MTA, r->remote_mta);
		set_text(values, nulls, COL_REPORTING_MTA, res->reporting_mta);
		set_text(values, nulls, COL_SMTP_COMMAND, r->smtp_command);
		set_text(values, nulls, COL_ORIGINAL_MESSAGE_ID,
				 res->original_message_id);
		if (res->has_arrived && epoch_to_timestamptz(res->arrived_at, &ts))
			values[COL_ARRIVED_AT] = TimestampTzGetDatum(ts);
		else
			nulls[COL_ARRIVED_AT] = true;
		set_text(values, nulls, COL_FORMAT, res->format);
		set_text(values, nulls, COL_FEEDBACK_TYPE, r->feedback_type);
		set_details(values, nulls, res, r);

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values, nulls);
	}
	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(rowcxt);
}

/*
 * Parse the bytes of one message and return its recipients as rows of the
 * call's result set.  Shared by the text and bytea forms of bounce.parse.
 */
static void
parse_bytes(FunctionCallInfo fcinfo, const char *raw, size_t len)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext scratch;
	MemoryContext oldcxt;
	bnc_result	res;
	ReasonCache *rc;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (rsinfo->setDesc->natts != PARSE_NCOLUMNS)
		elog(ERROR, "bounce.parse declared with %d columns, expected %d",
			 rsinfo->setDesc->natts, PARSE_NCOLUMNS);
	rc = bounce_reason_cache(fcinfo->flinfo,
					  TupleDescAttr(rsinfo->setDesc, COL_REASON)->atttypid);

	/* Everything the core allocates dies with this context. */
	scratch = AllocSetContextCreate(CurrentMemoryContext,
									"bounce parse",
									ALLOCSET_DEFAULT_SIZES);
	bounce_core_parse(raw, len, scratch, &res, NULL);
	elog(DEBUG2, "bounce.parse: format %s, %d recipients",
		 res.format ? res.format : "(none)", res.nrcpts);

	oldcxt = MemoryContextSwitchTo(scratch);
	emit_rows(rsinfo, &res, rc);
	MemoryContextSwitchTo(oldcxt);

	MemoryContextDelete(scratch);
}

PG_FUNCTION_INFO_V1(parse_text);
Datum
parse_text(PG_FUNCTION_ARGS)
{
	text	   *raw = PG_GETARG_TEXT_PP(0);

	parse_bytes(fcinfo, VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw));
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(parse_bytea);
Datum
parse_bytea(PG_FUNCTION_ARGS)
{
	bytea	   *raw = PG_GETARG_BYTEA_PP(0);

	parse_bytes(fcinfo, VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw));
	return (Datum) 0;
}

/*
 * What parsing makes of one message, in words: why bounce.parse gives rows
 * or none.  Shared by the text and bytea forms of bounce.parse_outcome.
 */
static Datum
outcome_of(const char *raw, size_t len)
{
	MemoryContext scratch;
	bnc_result	res;
	const char *word;

	scratch = AllocSetContextCreate(CurrentMemoryContext,
									"bounce parse_outcome",
									ALLOCSET_DEFAULT_SIZES);
	switch (bounce_core_parse(raw, len, scratch, &res, NULL))
	{
		case BNC_PARSE_OK:
			word = "report";
			break;
		case BNC_PARSE_NOT_BOUNCE:
			word = "no report";
			break;
		case BNC_PARSE_NOT_MESSAGE:
			word = "not a message";
			break;
		case BNC_PARSE_TOO_LARGE:
			word = "too many recipients";
			break;
		default:
			elog(ERROR, "unexpected outcome of the bounce parser");
			word = NULL;		/* keep the compiler quiet */
	}
	MemoryContextDelete(scratch);
	return CStringGetTextDatum(word);
}

PG_FUNCTION_INFO_V1(parse_outcome_text);
Datum
parse_outcome_text(PG_FUNCTION_ARGS)
{
	text	   *raw = PG_GETARG_TEXT_PP(0);

	PG_RETURN_DATUM(outcome_of(VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw)));
}

PG_FUNCTION_INFO_V1(parse_outcome_bytea);
Datum
parse_outcome_bytea(PG_FUNCTION_ARGS)
{
	bytea	   *raw = PG_GETARG_BYTEA_PP(0);

	PG_RETURN_DATUM(outcome_of(VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw)));
}
