/*-------------------------------------------------------------------------
 *
 * explain.c
 *		SQL interface to the explanations of the parser: bounce.explain,
 *		one row per recipient saying which step and rule gave its reason.
 *
 * src/explain.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "bnc.h"
#include "glue.h"
#include "reason.h"

/* Columns of bounce.explain, in order. */
enum
{
	EX_RECIPIENT,
	EX_REASON,
	EX_HARD,
	EX_FORMAT,
	EX_DECIDED_BY,
	EX_RULE,
	EX_STATUS_REASON,
	EX_TEXT_REASON,
	EX_WINNER,
	EXPLAIN_NCOLUMNS
};

/* Fill a reason column from a reason that may be -1 (NULL). */
static void
set_reason(Datum *values, bool *nulls, int col, int r, ReasonCache *rc)
{
	if (r < 0 || r >= BNC_REASON_COUNT)
		nulls[col] = true;
	else
		values[col] = ObjectIdGetDatum(rc->labels[r]);
}

/* Append one tuple per recipient of res, with its explanation. */
static void
emit_explained(ReturnSetInfo *rsinfo, const bnc_result *res,
			   const bnc_explain *ex, ReasonCache *rc)
{
	int			i;

	for (i = 0; i < res->nrcpts; i++)
	{
		const bnc_recipient *r = &res->rcpts[i];
		Datum		values[EXPLAIN_NCOLUMNS];
		bool		nulls[EXPLAIN_NCOLUMNS];

		memset(values, 0, sizeof(values));
		memset(nulls, 0, sizeof(nulls));
		if (r->recipient != NULL)
			values[EX_RECIPIENT] = bounce_text_datum(r->recipient);
		else
			nulls[EX_RECIPIENT] = true;
		values[EX_REASON] = ObjectIdGetDatum(rc->labels[r->reason]);
		values[EX_HARD] = BoolGetDatum(r->hard != 0);
		if (res->format != NULL)
			values[EX_FORMAT] = bounce_text_datum(res->format);
		else
			nulls[EX_FORMAT] = true;
		values[EX_DECIDED_BY] =
			CStringGetTextDatum(bnc_decider_name(ex[i].decided_by));
		if (ex[i].rule[0] != '\0')
			values[EX_RULE] = bounce_text_datum(ex[i].rule);
		else
			nulls[EX_RULE] = true;
		set_reason(values, nulls, EX_STATUS_REASON, ex[i].status_reason, rc);
		set_reason(values, nulls, EX_TEXT_REASON, ex[i].text_reason, rc);
		values[EX_WINNER] =
			CStringGetTextDatum(bnc_winner_name(ex[i].winner));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values, nulls);
	}
}

/*
 * Parse the bytes of one message and return its recipients with their
 * explanations.  Shared by the text and bytea forms of bounce.explain.
 */
static void
explain_bytes(FunctionCallInfo fcinfo, const char *raw, size_t len)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext scratch;
	MemoryContext oldcxt;
	bnc_result	res;
	bnc_explain *ex;
	ReasonCache *rc;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (rsinfo->setDesc->natts != EXPLAIN_NCOLUMNS)
		elog(ERROR, "bounce.explain declared with %d columns, expected %d",
			 rsinfo->setDesc->natts, EXPLAIN_NCOLUMNS);
	rc = bounce_reason_cache(fcinfo->flinfo,
							 TupleDescAttr(rsinfo->setDesc,
										   EX_REASON)->atttypid);

	/* Everything the core allocates dies with this context. */
	scratch = AllocSetContextCreate(CurrentMemoryContext, "bounce explain",
									ALLOCSET_DEFAULT_SIZES);
	bounce_core_parse(raw, len, scratch, &res, &ex);

	oldcxt = MemoryContextSwitchTo(scratch);
	emit_explained(rsinfo, &res, ex, rc);
	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(scratch);
}

PG_FUNCTION_INFO_V1(explain_text_raw);
Datum
explain_text_raw(PG_FUNCTION_ARGS)
{
	text	   *raw = PG_GETARG_TEXT_PP(0);

	explain_bytes(fcinfo, VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw));
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(explain_bytea_raw);
Datum
explain_bytea_raw(PG_FUNCTION_ARGS)
{
	bytea	   *raw = PG_GETARG_BYTEA_PP(0);

	explain_bytes(fcinfo, VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw));
	return (Datum) 0;
}
