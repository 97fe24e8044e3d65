#!/usr/bin/env bash
# test/demo.sh: the main job, end to end, on sample bounces.
#
# Usage: bash test/demo.sh [DIRECTORY | MBOX | MAILDIR | FILE.eml]...
#
# Installs what is missing (Debian 12, as root), builds and installs the
# extension, starts a throwaway cluster, stores the messages in
# bounce.messages, whose insert trigger parses them into bounce.events, and
# prints what was found per recipient, the per-domain deliverability
# summary, the suppression list, block lists and providers.  The cluster is
# removed at the end.
#
# With no argument the messages are the project's own samples
# (test/fixtures/*.eml).  A directory of .eml files is stored file by file;
# any other argument (an mbox file, a Maildir folder, a single message
# file) is handed to the mailbox loader, tools/bounce-load (doc/loader.md),
# which the demo builds for it.

source "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || set -- "$BOUNCE_TOP/test/fixtures"
emldir=""
loads=()
for arg in "$@"; do
    [ -e "$arg" ] || die "no such file or directory: $arg"
    path=$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")
    if [ -d "$path" ] && [ ! -d "$path/cur" ] && [ ! -d "$path/new" ]; then
        [ $# -eq 1 ] || die "a directory of .eml files must be the only argument"
        emldir=$path
        n=$(find "$emldir" -maxdepth 1 -type f -name '*.eml' | wc -l)
        [ "$n" -gt 0 ] || die "no .eml files in $emldir"
    else
        loads+=("$path")
    fi
done

# Store every .eml file of directory $1 in bounce.messages.
load_eml_directory() {
{
    cat <<'SQL'
CREATE TEMP TABLE inbox (file text PRIMARY KEY, b64 text);
CREATE FUNCTION pg_temp.is_utf8(b bytea) RETURNS boolean
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM convert_from(b, 'UTF8');
    RETURN true;
EXCEPTION WHEN character_not_in_repertoire OR untranslatable_character THEN
    RETURN false;
END
$$;
COPY inbox (file, b64) FROM stdin;
SQL
    eml_copy_stream "$1"
    printf '%s\n' '\.'
    cat <<'SQL'
-- Store every message through the analytics path: the insert trigger
-- parses them into bounce.events.  A file that is not valid UTF-8 is
-- stored as Latin-1 text, which keeps every byte as some character.
INSERT INTO bounce.messages (raw, source)
SELECT CASE WHEN t.valid THEN convert_from(t.bytes, 'UTF8')
            ELSE convert_from(t.bytes, 'LATIN1') END,
       t.file
  FROM (SELECT file, decode(b64, 'base64') AS bytes,
               pg_temp.is_utf8(decode(b64, 'base64')) AS valid
          FROM inbox) t
 ORDER BY t.file;
SQL
} | run_psql
}

ensure_packages
find_postgres
build_and_install
start_cluster

run_psql -c "CREATE EXTENSION bounce"
if [ -n "$emldir" ]; then
    say "loading $n messages from $emldir"
    load_eml_directory "$emldir"
else
    make -C "$BOUNCE_TOP" -s PG_CONFIG="$PG_CONFIG" loader >&2
    for path in "${loads[@]}"; do
        say "loading $path with bounce-load"
        "$BOUNCE_TOP/tools/bounce-load/bounce-load" -d "dbname=$PGDATABASE" \
            --source "$(basename "$path")" "$path" >&2 ||
            die "bounce-load failed on $path"
    done
fi

run_psql <<'SQL'
\pset footer off
\echo
\echo Messages stored, and what parsing made of them (bounce.messages):
SELECT parse_state, count(*) AS messages, sum(recipients) AS recipients
  FROM bounce.messages GROUP BY parse_state ORDER BY parse_state;
SELECT count(*) AS events_stored FROM bounce.events;
\echo (A bounce stored twice, such as a byte copy of a sample with other line
\echo ends, counts once: its recipients are found again but not stored again.)

\echo
\echo Recipients found in the bounces (bounce.events):
SELECT m.source AS file, e.recipient, e.action, e.status,
       e.reply_code AS reply, e.reason, e.hard, e.format
  FROM bounce.events e JOIN bounce.messages m ON m.id = e.message_id
 ORDER BY m.source, m.id, e.ordinal;

\echo
\echo Deliverability per recipient domain (bounce.domain_summary):
\echo (messages: stored messages naming the domain, of every kind; bounced =
\echo hard + soft failed recipients; delayed: delay notices; feedback:
\echo complaints; autoreplies: vacation and other automatic replies; neither
\echo of the last two counts as a failure.)
SELECT domain, messages, events, bounced, hard, soft, delayed,
       feedback, autoreplies, top_reasons
  FROM bounce.domain_summary
 ORDER BY bounced DESC, domain;

\echo
\echo Addresses to stop mailing (bounce.suppression):
SELECT address, rule, reason FROM bounce.suppression ORDER BY address;

\echo
\echo Block lists named by the remote servers (bounce.blocklists):
SELECT blocklist, domain, events FROM bounce.blocklists ORDER BY blocklist, domain;

\echo
\echo Failures per mailbox provider (bounce.providers), recognised from the
\echo remote servers and well-known domains; the samples use example.*
\echo domains, so most fall under "other":
SELECT provider, domains, bounced, hard, soft, top_reasons
  FROM bounce.providers ORDER BY bounced DESC, provider;

\echo
\echo Messages that are not bounces (no recipients found):
SELECT source AS file FROM bounce.messages WHERE parse_state <> 'parsed'
 ORDER BY source;
SQL
