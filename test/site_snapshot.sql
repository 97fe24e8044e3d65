-- test/site_snapshot.sql: what must come back the same after a dump and
-- restore (test/dump_restore.sh) or an ALTER EXTENSION UPDATE
-- (test/upgrade_test.sh), one line per item, for psql -A -t.
--
SELECT 'messages=' || count(*) || ' parsed=' || count(*) FILTER (WHERE parse_state = 'parsed')
       || ' sum=' || md5(string_agg(m::text, E'\n' ORDER BY id)) FROM bounce.messages AS m;
SELECT 'events=' || count(*) || ' sum=' || md5(string_agg(e::text, E'\n' ORDER BY id)) FROM bounce.events AS e;
SELECT 'settings=' || string_agg(name || ':' || value, ',' ORDER BY name) FROM bounce.settings;
SELECT 'rules=' || count(*) || ' sum=' || md5(string_agg(r::text, E'\n' ORDER BY id)) FROM bounce.rules AS r;
SELECT 'sends=' || count(*) || ' total=' || sum(sent) FROM bounce.sends;
SELECT 'overrides=' || count(*) FROM bounce.suppression_overrides;
SELECT 'blocklists=' || count(*) || ' own=' || count(*) FILTER (WHERE NOT builtin) FROM bounce.blocklist_patterns;
SELECT 'providers=' || count(*) || ' own=' || count(*) FILTER (WHERE NOT builtin) FROM bounce.provider_patterns;
SELECT 'attachments=' || string_agg(tbl::text, ',') FROM bounce.attachments;
SELECT 'sequences=' || (SELECT last_value FROM bounce.messages_id_seq) || ','
       || (SELECT last_value FROM bounce.events_id_seq) || ','
       || (SELECT last_value FROM bounce.rules_id_seq);
SELECT 'summary=' || md5(string_agg(s::text, E'\n' ORDER BY domain)) FROM bounce.domain_summary AS s;
SELECT 'suppression=' || count(*) || ' sum=' || md5(string_agg(s::text, E'\n' ORDER BY address)) FROM bounce.suppression AS s;
SELECT 'rollup_differences=' || count(*) FROM (
    (SELECT * FROM bounce.daily EXCEPT SELECT * FROM bounce.daily_fast)
    UNION ALL
    (SELECT * FROM bounce.daily_fast EXCEPT SELECT * FROM bounce.daily)) AS d;
