/*-------------------------------------------------------------------------
 *
 * reason.h
 *		Mapping between the core's bnc_reason and the bounce.reason enum.
 *
 * src/reason.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef BOUNCE_REASON_H
#define BOUNCE_REASON_H

#include "fmgr.h"

#include "bnc.h"

/* OIDs of the labels of bounce.reason, indexed by bnc_reason. */
typedef struct ReasonCache
{
	Oid			enumtypid;
	Oid			labels[BNC_REASON_COUNT];
} ReasonCache;

extern ReasonCache *bounce_reason_cache(FmgrInfo *flinfo, Oid enumtypid);

#endif							/* BOUNCE_REASON_H */
