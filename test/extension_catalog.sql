-- test/extension_catalog.sql: everything the catalog knows about the
-- objects of the bounce extension, one sorted line each, for psql -A -t.
-- test/upgrade_test.sh compares its output on a database updated from an
-- older version with its output on a fresh install: any difference is an
-- update script that does not do what the install script does.
--
-- Object identities (pg_describe_object, regclass, regtype) do not depend on
-- OIDs, so two databases can be compared line by line.
WITH ext AS (
    SELECT oid FROM pg_extension WHERE extname = 'bounce'
), member AS (
    SELECT d.classid, d.objid, d.objsubid
      FROM pg_depend AS d, ext
     WHERE d.refclassid = 'pg_extension'::regclass
       AND d.refobjid = ext.oid AND d.deptype = 'e'
), line AS (
    -- every member object and its comment
    SELECT 'member ' || pg_describe_object(classid, objid, objsubid)
           || coalesce(' comment ' || quote_literal(obj_description(objid, classid::regclass::name)), '')
      FROM member
    UNION ALL
    -- functions and procedures: their whole definition and their grants
    SELECT 'function ' || pg_get_functiondef(p.oid)
           || ' acl ' || coalesce(p.proacl::text, 'default')
      FROM member AS m JOIN pg_proc AS p ON p.oid = m.objid
     WHERE m.classid = 'pg_proc'::regclass AND p.prokind IN ('f', 'p')
    UNION ALL
    -- aggregates
    SELECT 'aggregate ' || p.oid::regprocedure::text
           || ' sfunc ' || a.aggtransfn::regproc::text
           || ' stype ' || a.aggtranstype::regtype::text
           || ' final ' || a.aggfinalfn::regproc::text
           || ' combine ' || a.aggcombinefn::regproc::text
           || ' serial ' || a.aggserialfn::regproc::text
           || ' deserial ' || a.aggdeserialfn::regproc::text
           || ' init ' || coalesce(a.agginitval, '-')
           || ' parallel ' || p.proparallel::text
           || ' acl ' || coalesce(p.proacl::text, 'default')
      FROM member AS m JOIN pg_proc AS p ON p.oid = m.objid
      JOIN pg_aggregate AS a ON a.aggfnoid = p.oid
     WHERE m.classid = 'pg_proc'::regclass
    UNION ALL
    -- relations: kind, options, grants, row security
    SELECT 'relation ' || c.oid::regclass::text || ' kind ' || c.relkind::text
           || ' options ' || coalesce(c.reloptions::text, '-')
           || ' acl ' || coalesce(c.relacl::text, 'default')
           || ' rls ' || c.relrowsecurity || '/' || c.relforcerowsecurity
           || ' persistence ' || c.relpersistence::text
      FROM member AS m JOIN pg_class AS c ON c.oid = m.objid
     WHERE m.classid = 'pg_class'::regclass
    UNION ALL
    -- columns, in order
    SELECT 'column ' || c.oid::regclass::text || ' '
           || lpad((row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum))::text, 3, '0')
           || ' ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
           || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
           || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '')
           || CASE WHEN a.attidentity <> ''::"char" THEN ' identity ' || a.attidentity::text ELSE '' END
           || CASE WHEN a.attgenerated <> '' THEN ' generated ' || a.attgenerated::text ELSE '' END
           || ' storage ' || a.attstorage::text
           || coalesce(' compression ' || nullif(a.attcompression::text, ''), '')
           || coalesce(' acl ' || a.attacl::text, '')
      FROM member AS m JOIN pg_class AS c ON c.oid = m.objid
      JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef AS ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
     WHERE m.classid = 'pg_class'::regclass
    UNION ALL
    -- constraints of tables and of domains
    SELECT 'constraint ' || coalesce(co.conrelid::regclass::text, co.contypid::regtype::text)
           || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid)
      FROM member AS m JOIN pg_constraint AS co
        ON (m.classid = 'pg_class'::regclass AND co.conrelid = m.objid)
        OR (m.classid = 'pg_type'::regclass AND co.contypid = m.objid)
    UNION ALL
    -- indexes (members or not: an index on a member table is not a member)
    SELECT 'index ' || pg_get_indexdef(i.indexrelid)
      FROM member AS m JOIN pg_index AS i ON i.indrelid = m.objid
     WHERE m.classid = 'pg_class'::regclass
    UNION ALL
    -- triggers
    SELECT 'trigger ' || pg_get_triggerdef(t.oid)
      FROM member AS m JOIN pg_trigger AS t ON t.tgrelid = m.objid AND NOT t.tgisinternal
     WHERE m.classid = 'pg_class'::regclass
    UNION ALL
    -- row-level security policies
    SELECT 'policy ' || po.polrelid::regclass::text || ' ' || po.polname
           || ' cmd ' || po.polcmd::text || ' permissive ' || po.polpermissive
           || ' roles ' || po.polroles::text
           || ' using ' || coalesce(pg_get_expr(po.polqual, po.polrelid), '-')
           || ' check ' || coalesce(pg_get_expr(po.polwithcheck, po.polrelid), '-')
      FROM member AS m JOIN pg_policy AS po ON po.polrelid = m.objid
     WHERE m.classid = 'pg_class'::regclass
    UNION ALL
    -- views: their query
    SELECT 'view ' || c.oid::regclass::text || ' ' || pg_get_viewdef(c.oid)
      FROM member AS m JOIN pg_class AS c ON c.oid = m.objid
     WHERE m.classid = 'pg_class'::regclass AND c.relkind IN ('v', 'm')
    UNION ALL
    -- sequences
    SELECT 'sequence ' || s.seqrelid::regclass::text || ' ' || s.seqtypid::regtype::text
           || ' ' || s.seqstart || ' ' || s.seqincrement || ' ' || s.seqmin || ' '
           || s.seqmax || ' ' || s.seqcache || ' ' || s.seqcycle
      FROM member AS m JOIN pg_sequence AS s ON s.seqrelid = m.objid
     WHERE m.classid = 'pg_class'::regclass
    UNION ALL
    -- types: base type properties, enum labels in order
    SELECT 'type ' || t.oid::regtype::text || ' ' || t.typtype::text || ' len ' || t.typlen
           || ' byval ' || t.typbyval || ' align ' || t.typalign::text || ' storage ' || t.typstorage::text
           || ' in ' || t.typinput::regproc::text || ' out ' || t.typoutput::regproc::text
           || ' recv ' || t.typreceive::regproc::text || ' send ' || t.typsend::regproc::text
           || ' category ' || t.typcategory::text || ' acl ' || coalesce(t.typacl::text, 'default')
           || coalesce(' labels ' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                                       FROM pg_enum AS e WHERE e.enumtypid = t.oid), '')
      FROM member AS m JOIN pg_type AS t ON t.oid = m.objid
     WHERE m.classid = 'pg_type'::regclass
    UNION ALL
    -- operators
    SELECT 'operator ' || o.oid::regoperator::text || ' code ' || o.oprcode::regproc::text
           || ' commutator ' || o.oprcom::regoperator::text
           || ' negator ' || o.oprnegate::regoperator::text
           || ' restrict ' || o.oprrest::regproc::text || ' join ' || o.oprjoin::regproc::text
           || ' hashes ' || o.oprcanhash || ' merges ' || o.oprcanmerge
      FROM member AS m JOIN pg_operator AS o ON o.oid = m.objid
     WHERE m.classid = 'pg_operator'::regclass
    UNION ALL
    -- operator families: their operators and support functions
    SELECT 'opfamily ' || pg_describe_object('pg_opfamily'::regclass, f.oid, 0)
           || ' op ' || ao.amopstrategy || ' ' || ao.amopopr::regoperator::text
      FROM member AS m JOIN pg_opfamily AS f ON f.oid = m.objid
      JOIN pg_amop AS ao ON ao.amopfamily = f.oid
     WHERE m.classid = 'pg_opfamily'::regclass
    UNION ALL
    SELECT 'opfamily ' || pg_describe_object('pg_opfamily'::regclass, f.oid, 0)
           || ' proc ' || ap.amprocnum || ' ' || ap.amproc::regprocedure::text
      FROM member AS m JOIN pg_opfamily AS f ON f.oid = m.objid
      JOIN pg_amproc AS ap ON ap.amprocfamily = f.oid
     WHERE m.classid = 'pg_opfamily'::regclass
    UNION ALL
    -- operator classes
    SELECT 'opclass ' || pg_describe_object('pg_opclass'::regclass, oc.oid, 0)
           || ' default ' || oc.opcdefault || ' type ' || oc.opcintype::regtype::text
      FROM member AS m JOIN pg_opclass AS oc ON oc.oid = m.objid
     WHERE m.classid = 'pg_opclass'::regclass
    UNION ALL
    -- tables whose contents pg_dump keeps, and which rows
    SELECT 'config ' || cfg.tbl::regclass::text || ' ' || coalesce(cfg.cond, '')
      FROM pg_extension AS x,
           unnest(x.extconfig, x.extcondition) AS cfg (tbl, cond)
     WHERE x.extname = 'bounce'
    UNION ALL
    -- the rows of those tables that the extension itself provides (the
    -- ones pg_dump leaves out), row by row
    SELECT 'row ' || cfg.tbl::regclass::text || ' ' || r.line
      FROM pg_extension AS x,
           unnest(x.extconfig, x.extcondition) AS cfg (tbl, cond),
           LATERAL unnest(xpath('/table/row/line/text()',
               query_to_xml(format('SELECT t::text AS line FROM %s AS t WHERE NOT (%s)',
                                   cfg.tbl::regclass, substr(cfg.cond, 7)),
                            false, false, ''))) AS r (line)
     WHERE x.extname = 'bounce' AND cfg.cond LIKE 'WHERE %'
    UNION ALL
    SELECT 'extension schema ' || x.extnamespace::regnamespace::text
           || ' relocatable ' || x.extrelocatable
      FROM pg_extension AS x WHERE x.extname = 'bounce'
)
SELECT * FROM line ORDER BY 1;
