/*-------------------------------------------------------------------------
 *
 * smtp_status.c
 *		The SQL type smtp_status: an RFC 3463 enhanced mail system status
 *		code such as 5.1.1, with its I/O, comparison, hashing and accessor
 *		functions.
 *
 * A value is an int4 passed by value, class * 1000000 + subject * 1000 +
 * detail, so the order of the integers is the order of the codes (class,
 * then subject, then detail, each numerically) and equal codes have equal
 * representations.  The binary form is that int4 in network byte order.
 * Reading and writing the text form is left to src/core/status.c.
 *
 * src/smtp_status.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "bnc.h"
#include "compat.h"
#include "smtp_status.h"

/* Weights of the class and the subject in the int4 representation. */
#define STATUS_CLASS_UNIT	1000000
#define STATUS_SUBJECT_UNIT	1000

/* Largest subject or detail. */
#define STATUS_MAX_PART		999

/* Room for the longest text form, "5.999.999", and its NUL. */
#define STATUS_TEXT_SIZE	12

/* Is cls a valid class digit? */
static inline bool
class_is_valid(int cls)
{
	return cls == 2 || cls == 4 || cls == 5;
}

/* The int4 representation of a valid code. */
static inline int32
status_encode(const bnc_status *st)
{
	return st->cls * STATUS_CLASS_UNIT + st->subject * STATUS_SUBJECT_UNIT +
		st->detail;
}

/* Split the representation v into its three parts. */
static inline void
status_decode(int32 v, bnc_status *st)
{
	st->cls = v / STATUS_CLASS_UNIT;
	st->subject = v / STATUS_SUBJECT_UNIT % STATUS_SUBJECT_UNIT;
	st->detail = v % STATUS_SUBJECT_UNIT;
}

/* Does v represent a code?  Subject and detail are in range by design. */
static inline bool
representation_is_valid(int32 v)
{
	return v >= 0 && class_is_valid(v / STATUS_CLASS_UNIT);
}

/* errdetail text for a parse error. */
static const char *
parse_error_detail(bnc_status_err err)
{
	switch (err)
	{
		case BNC_STATUS_BAD_CLASS:
			return "The class must be 2, 4 or 5.";
		case BNC_STATUS_RANGE:
			return "The subject and detail must each have one to three digits.";
		case BNC_STATUS_SYNTAX:
		case BNC_STATUS_OK:
			break;
	}
	return "A status code is three numbers joined by dots, such as \"5.1.1\".";
}

/*
 * The smtp_status datum of a valid code, for glue code that builds values
 * from what the core found.
 */
Datum
smtp_status_datum_from_bnc(const bnc_status *st)
{
	if (!class_is_valid(st->cls) ||
		st->subject < 0 || st->subject > STATUS_MAX_PART ||
		st->detail < 0 || st->detail > STATUS_MAX_PART)
		elog(ERROR, "invalid status code %d.%d.%d",
			 st->cls, st->subject, st->detail);
	return Int32GetDatum(status_encode(st));
}

/* Split an smtp_status datum into its parts, for other glue code. */
void
smtp_status_to_bnc(Datum d, bnc_status *st)
{
	status_decode(DatumGetInt32(d), st);
}

/* Text input; bad input is reported softly where the caller allows it. */
PG_FUNCTION_INFO_V1(smtp_status_in);
Datum
smtp_status_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	bnc_status	st;
	bnc_status_err err;

	err = bnc_status_parse(str, strlen(str), &st);
	if (err != BNC_STATUS_OK)
		ereturn(fcinfo->context, (Datum) 0,
				errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				errmsg("invalid input syntax for type %s: \"%s\"",
					   "smtp_status", str),
				errdetail("%s", parse_error_detail(err)));

	PG_RETURN_INT32(status_encode(&st));
}

/* Text output in canonical form, without leading zeros. */
PG_FUNCTION_INFO_V1(smtp_status_out);
Datum
smtp_status_out(PG_FUNCTION_ARGS)
{
	bnc_status	st;
	char	   *buf = palloc(STATUS_TEXT_SIZE);

	status_decode(PG_GETARG_INT32(0), &st);
	bnc_status_format(&st, buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary input: the int4 representation, checked before it is accepted. */
PG_FUNCTION_INFO_V1(smtp_status_recv);
Datum
smtp_status_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		v = (int32) pq_getmsgint(buf, 4);

	if (!representation_is_valid(v))
		ereport(ERROR,
				errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				errmsg("invalid external value for type %s: %d",
					   "smtp_status", v),
				errdetail("The value must be class * 1000000 + subject * 1000 + detail, with class 2, 4 or 5."));

	PG_RETURN_INT32(v);
}

/* Binary output: the int4 representation. */
PG_FUNCTION_INFO_V1(smtp_status_send);
Datum
smtp_status_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, PG_GETARG_INT32(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* a = b */
PG_FUNCTION_INFO_V1(smtp_status_eq);
Datum
smtp_status_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT32(0) == PG_GETARG_INT32(1));
}

/* a <> b */
PG_FUNCTION_INFO_V1(smtp_status_ne);
Datum
smtp_status_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT32(0) != PG_GETARG_INT32(1));
}

/* a < b */
PG_FUNCTION_INFO_V1(smtp_status_lt);
Datum
smtp_status_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT32(0) < PG_GETARG_INT32(1));
}

/* a <= b */
PG_FUNCTION_INFO_V1(smtp_status_le);
Datum
smtp_status_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT32(0) <= PG_GETARG_INT32(1));
}

/* a > b */
PG_FUNCTION_INFO_V1(smtp_status_gt);
Datum
smtp_status_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT32(0) > PG_GETARG_INT32(1));
}

/* a >= b */
PG_FUNCTION_INFO_V1(smtp_status_ge);
Datum
smtp_status_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT32(0) >= PG_GETARG_INT32(1));
}

/* btree comparison: -1, 0 or 1. */
PG_FUNCTION_INFO_V1(smtp_status_cmp);
Datum
smtp_status_cmp(PG_FUNCTION_ARGS)
{
	int32		a = PG_GETARG_INT32(0);
	int32		b = PG_GETARG_INT32(1);

	PG_RETURN_INT32(a < b ? -1 : a > b ? 1 : 0);
}

/* Hash of a code, for hash indexes, hash joins and hash aggregation. */
PG_FUNCTION_INFO_V1(smtp_status_hash);
Datum
smtp_status_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32((uint32) PG_GETARG_INT32(0));
}

/* Seeded 64-bit hash of a code (hash operator class support 2). */
PG_FUNCTION_INFO_V1(smtp_status_hash_extended);
Datum
smtp_status_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended((uint32) PG_GETARG_INT32(0),
								PG_GETARG_INT64(1));
}

/* The class: 2, 4 or 5. */
PG_FUNCTION_INFO_V1(smtp_status_class);
Datum
smtp_status_class(PG_FUNCTION_ARGS)
{
	bnc_status	st;

	status_decode(PG_GETARG_INT32(0), &st);
	PG_RETURN_INT32(st.cls);
}

/* The subject, 0 to 999. */
PG_FUNCTION_INFO_V1(smtp_status_subject);
Datum
smtp_status_subject(PG_FUNCTION_ARGS)
{
	bnc_status	st;

	status_decode(PG_GETARG_INT32(0), &st);
	PG_RETURN_INT32(st.subject);
}

/* The detail, 0 to 999. */
PG_FUNCTION_INFO_V1(smtp_status_detail);
Datum
smtp_status_detail(PG_FUNCTION_ARGS)
{
	bnc_status	st;

	status_decode(PG_GETARG_INT32(0), &st);
	PG_RETURN_INT32(st.detail);
}

/* Is the code a permanent failure (class 5)? */
PG_FUNCTION_INFO_V1(smtp_status_is_permanent);
Datum
smtp_status_is_permanent(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT32(0) / STATUS_CLASS_UNIT == 5);
}

/* Is the code a persistent transient failure (class 4)? */
PG_FUNCTION_INFO_V1(smtp_status_is_transient);
Datum
smtp_status_is_transient(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_INT32(0) / STATUS_CLASS_UNIT == 4);
}

/* Registered meaning of the code, or that of its class and subject. */
PG_FUNCTION_INFO_V1(smtp_status_meaning);
Datum
smtp_status_meaning(PG_FUNCTION_ARGS)
{
	bnc_status	st;

	status_decode(PG_GETARG_INT32(0), &st);
	PG_RETURN_TEXT_P(cstring_to_text(bnc_status_meaning(&st)));
}

/* Report a part of a code given to the constructor that is out of range. */
static void
check_part(const char *name, int value)
{
	if (value < 0 || value > STATUS_MAX_PART)
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("smtp_status %s %d is out of range", name, value),
				errdetail("The %s must be between 0 and %d.",
						  name, STATUS_MAX_PART));
}

/* Build a code from its class, subject and detail. */
PG_FUNCTION_INFO_V1(smtp_status);
Datum
smtp_status(PG_FUNCTION_ARGS)
{
	bnc_status	st;

	st.cls = PG_GETARG_INT32(0);
	st.subject = PG_GETARG_INT32(1);
	st.detail = PG_GETARG_INT32(2);

	if (!class_is_valid(st.cls))
		ereport(ERROR,
				errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("smtp_status class %d is out of range", st.cls),
				errdetail("The class must be 2, 4 or 5."));
	check_part("subject", st.subject);
	check_part("detail", st.detail);

	PG_RETURN_INT32(status_encode(&st));
}
