# test/lib.sh: shared set-up for the test, demo and conformance scripts.
#
# Sourced, not run.  Installs the packages the project needs when they are
# missing (Debian 12, apt-get, as root), builds and installs the extension,
# and starts a throwaway PostgreSQL cluster in a temporary directory on a
# free port.  The cluster is stopped and removed when the calling script
# exits.  Also counts the checks a test script records with check, and
# prints their totals with check_summary.

set -euo pipefail

BOUNCE_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_MAJOR=${PG_MAJOR:-15}
PACKAGES="postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR libpq-dev make gcc clang libclang-rt-14-dev libc6-dev"

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Install whatever of $PACKAGES (plus any extra arguments) is missing.
ensure_packages() {
    local missing=() p
    for p in $PACKAGES "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        die "missing packages: ${missing[*]} (run as root, or install them first)"
    fi
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # Installing the server package must not create and start a cluster
    # of its own (the scripts use throwaway ones), so the one setting that
    # stops it is in place while apt-get runs.  Afterwards the file gets
    # Debian's own content, as if the package had written it, and later
    # installs create their cluster as Debian's always do.
    local conf=/etc/postgresql-common/createcluster.conf
    local template=/usr/share/postgresql-common/createcluster.conf
    local ours='create_main_cluster = false' made_conf=""
    if [ ! -e "$conf" ]; then
        mkdir -p /etc/postgresql-common
        echo "$ours" > "$conf"
        made_conf=1
    fi
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    if [ -n "$made_conf" ] && [ "$(cat "$conf")" = "$ours" ]; then
        if [ -f "$template" ]; then
            cp "$template" "$conf"
        else
            rm -f "$conf"
        fi
    fi
}

n_passed=0
n_failed=0
# Record one check: name, then 0 (pass) or anything else (fail), then detail.
check() {
    if [ "$2" = 0 ]; then
        n_passed=$((n_passed + 1))
        printf 'ok      %s%s\n' "$1" "${3:+ ($3)}"
    else
        n_failed=$((n_failed + 1))
        printf 'FAILED  %s%s\n' "$1" "${3:+ ($3)}"
    fi
}

# Print "N passed, N failed"; fail (status 1) when any check failed.
check_summary() {
    printf '%d passed, %d failed\n' "$n_passed" "$n_failed"
    [ "$n_failed" = 0 ]
}

PG_BINDIR=""
# Locate pg_config and the server binaries of $PG_MAJOR.
find_postgres() {
    PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/$PG_MAJOR/bin/pg_config}
    [ -x "$PG_CONFIG" ] || PG_CONFIG=$(command -v pg_config || true)
    [ -n "$PG_CONFIG" ] || die "pg_config not found"
    PG_BINDIR=$("$PG_CONFIG" --bindir)
    export PG_CONFIG PG_BINDIR
}

# Build and install the extension into the server's directories.
build_and_install() {
    say "building the extension"
    make -C "$BOUNCE_TOP" -s PG_CONFIG="$PG_CONFIG" ${BOUNCE_WERROR:+BOUNCE_WERROR="$BOUNCE_WERROR"} >&2
    if [ -w "$("$PG_CONFIG" --pkglibdir)" ]; then
        make -C "$BOUNCE_TOP" -s PG_CONFIG="$PG_CONFIG" install >&2
    else
        die "cannot write to $("$PG_CONFIG" --pkglibdir): run as root to install"
    fi
}

# A TCP port on the loopback that nothing listens on.
free_port() {
    local port
    for port in $(seq 54320 54420); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    die "no free port in 54320-54420"
}

# Run a command as the cluster's owner (postgres when we are root).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

PGTMP=""
# Start a throwaway cluster; sets PGHOST, PGPORT, PGUSER, PGDATABASE.
start_cluster() {
    PGTMP=$(mktemp -d /tmp/bounce-pg.XXXXXX)
    trap stop_cluster EXIT
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PGTMP"
    chmod 755 "$PGTMP"
    local port
    port=$(free_port)
    say "starting a throwaway cluster in $PGTMP on port $port"
    as_owner "$PG_BINDIR/initdb" -D "$PGTMP/data" -A trust -U postgres \
        -E UTF8 --locale=C.UTF-8 >"$PGTMP/initdb.log" 2>&1 ||
        { cat "$PGTMP/initdb.log" >&2; die "initdb failed"; }
    as_owner "$PG_BINDIR/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w \
        -o "-p $port -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c max_parallel_workers_per_gather=2" \
        start >/dev/null ||
        { cat "$PGTMP/server.log" >&2; die "the server did not start"; }
    export PGHOST="$PGTMP" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
    export BOUNCE_CLUSTER_READY=1
}

# Stop and remove the throwaway cluster (runs on exit).
stop_cluster() {
    local rc=$?
    if [ -n "$PGTMP" ] && [ -d "$PGTMP/data" ]; then
        as_owner "$PG_BINDIR/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$PGTMP"
    fi
    PGTMP=""
    exit $rc
}

# psql against the throwaway cluster, quiet, stopping at the first error.
run_psql() {
    "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 "$@"
}

# Write "name<TAB>base64 of the file" lines for each .eml file in directory
# $1, ready for COPY; binary-safe whatever the bytes of the messages.
eml_copy_stream() {
    local f
    find "$1" -maxdepth 1 -type f -name '*.eml' | LC_ALL=C sort | while read -r f; do
        printf '%s\t%s\n' "$(basename "$f")" "$(base64 -w0 < "$f")"
    done
}
