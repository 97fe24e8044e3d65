/*-------------------------------------------------------------------------
 *
 * reason.c
 *		SQL functions that classify a diagnostic text on its own:
 *		bounce.classify and bounce.is_hard.
 *
 * These serve callers that hold only an SMTP response line, for example
 * from a sending service's webhook, rather than a whole bounce message.
 *
 * src/reason.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "bnc.h"
#include "reason.h"
#include "smtp_status.h"

/*
 * OIDs of the labels of the reason enum type enumtypid, in bnc_reason
 * order, looked up once per call site and kept in fn_extra, so that a scan
 * does no catalog lookup per row.
 */
ReasonCache *
bounce_reason_cache(FmgrInfo *flinfo, Oid enumtypid)
{
	ReasonCache *cache = (ReasonCache *) flinfo->fn_extra;
	int			i;

	if (cache != NULL && cache->enumtypid == enumtypid)
		return cache;

	cache = MemoryContextAlloc(flinfo->fn_mcxt, sizeof(ReasonCache));
	cache->enumtypid = enumtypid;
	for (i = 0; i < BNC_REASON_COUNT; i++)
	{
		const char *name = bnc_reason_name((bnc_reason) i);
		HeapTuple	tup;

		tup = SearchSysCache2(ENUMTYPOIDNAME,
							  ObjectIdGetDatum(enumtypid),
							  CStringGetDatum(name));
		if (!HeapTupleIsValid(tup))
			elog(ERROR, "label \"%s\" of enum type %u does not exist",
				 name, enumtypid);
		cache->labels[i] = ((Form_pg_enum) GETSTRUCT(tup))->oid;
		ReleaseSysCache(tup);
	}
	flinfo->fn_extra = cache;
	return cache;
}

/*
 * The bnc_reason of enum label OID label, found in the label cache of the
 * call site (the enum type is the function's first argument), so that a
 * scan does no catalog lookup per row.
 */
static bnc_reason
reason_from_oid(FmgrInfo *flinfo, Oid label)
{
	Oid			enumtypid = get_fn_expr_argtype(flinfo, 0);
	ReasonCache *cache;
	int			i;

	if (!OidIsValid(enumtypid))
		elog(ERROR, "could not determine the reason type of the argument");
	cache = bounce_reason_cache(flinfo, enumtypid);
	for (i = 0; i < BNC_REASON_COUNT; i++)
	{
		if (cache->labels[i] == label)
			return (bnc_reason) i;
	}
	elog(ERROR, "invalid internal value for enum: %u", label);
	return BNC_R_undefined;		/* keep the compiler quiet */
}

/*
 * bounce.classify(diagnostic text, status smtp_status, reply_code int)
 *
 * Any argument may be NULL.  A status or reply code given as an argument
 * takes precedence over one read from the text.
 */
PG_FUNCTION_INFO_V1(bounce_classify);
Datum
bounce_classify(PG_FUNCTION_ARGS)
{
	bnc_status	st = {0, 0, 0};
	int			reply = 0;
	bnc_reason	r;
	Oid			rettype = get_fn_expr_rettype(fcinfo->flinfo);

	if (!PG_ARGISNULL(1))
		smtp_status_to_bnc(PG_GETARG_DATUM(1), &st);
	if (!PG_ARGISNULL(2))
	{
		int32		rc = PG_GETARG_INT32(2);

		if (rc < 200 || rc > 599)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("SMTP reply code %d is out of range", rc),
					 errdetail("A reply code is a number from 200 to 599.")));
		reply = rc;
	}

	if (PG_ARGISNULL(0))
		r = bnc_classify(&st, reply, NULL, 0, NULL);
	else
	{
		text	   *t = PG_GETARG_TEXT_PP(0);

		r = bnc_classify_line(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
							  &st, &reply);
	}

	if (!OidIsValid(rettype))
		elog(ERROR, "could not determine the result type of bounce.classify");
	PG_RETURN_OID(bounce_reason_cache(fcinfo->flinfo, rettype)->labels[r]);
}

/*
 * bounce.is_hard(reason, status smtp_status)
 *
 * Whether a failure for this reason (and, where it matters, status) is a
 * hard bounce.  The status may be NULL.
 */
PG_FUNCTION_INFO_V1(bounce_is_hard);
Datum
bounce_is_hard(PG_FUNCTION_ARGS)
{
	bnc_status	st = {0, 0, 0};
	bnc_reason	r;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	r = reason_from_oid(fcinfo->flinfo, PG_GETARG_OID(0));
	if (!PG_ARGISNULL(1))
		smtp_status_to_bnc(PG_GETARG_DATUM(1), &st);
	PG_RETURN_BOOL(bnc_is_hard(r, &st) != 0);
}
