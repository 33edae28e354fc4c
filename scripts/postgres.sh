#!/usr/bin/env bash
# A throwaway PostgreSQL server with PostGIS for the tests.
#
#   scripts/postgres.sh start DIR   installs what is missing, starts a server whose
#                                   data and socket live in DIR, prints its URL
#   scripts/postgres.sh restart DIR stops the server in DIR (ending every
#                                   connection) and starts it again
#   scripts/postgres.sh stop DIR    stops it and removes DIR
#
# The server listens on a Unix socket in DIR only (no TCP port to collide
# with), trusts local connections, and runs as the "postgres" user when
# started by root, since PostgreSQL refuses to run as root.
set -euo pipefail

log() { printf 'postgres.sh: %s\n' "$*" >&2; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"; else
		log "need root to run: $*"; return 1
	fi
}

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install() {
	local v
	v=$(basename "$(dirname "$(bindir)")" 2>/dev/null || true)
	if [ -n "$v" ] && [ -f "/usr/share/postgresql/$v/extension/postgis.control" ]; then
		return 0
	fi
	log "installing PostgreSQL and PostGIS from Debian packages"
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get update -qq >&2
	as_root apt-get install -y -qq postgresql postgresql-15-postgis-3 >&2 ||
		as_root apt-get install -y -qq postgresql "postgresql-$(basename "$(dirname "$(bindir)")")-postgis-3" >&2
}

# run CMD... as the user that owns the server.
run() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
	local dir=$1 bin
	install
	bin=$(bindir)
	[ -x "$bin/initdb" ] || { log "no PostgreSQL binaries under /usr/lib/postgresql"; return 1; }
	mkdir -p "$dir"
	chmod 755 "$dir"
	[ "$(id -u)" = 0 ] && chown postgres: "$dir"
	run "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; return 1; }
	run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >&2 || { cat "$dir/server.log" >&2; return 1; }
	run "$bin/psql" -h "$dir" -U postgres -qAt -c 'CREATE DATABASE trucewatch_test' >&2
	run "$bin/psql" -h "$dir" -U postgres -d trucewatch_test -qAt -c 'CREATE EXTENSION postgis' >&2
	log "PostgreSQL $(run "$bin/psql" -h "$dir" -U postgres -qAt -c 'SHOW server_version') with PostGIS $(run "$bin/psql" -h "$dir" -U postgres -d trucewatch_test -qAt -c 'SELECT postgis_lib_version()') is up in $dir"
	printf 'postgres://postgres@/trucewatch_test?host=%s&sslmode=disable\n' "$dir"
}

# restart ends every session at once (-m fast), as a crash or an upgrade
# would; -l keeps the server's output out of the caller's pipes.
restart() {
	local dir=$1
	run "$(bindir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >&2 ||
		{ cat "$dir/server.log" >&2; return 1; }
}

stop() {
	local dir=$1
	[ -d "$dir/data" ] && run "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}

case "${1:-}" in
start) start "${2:?usage: postgres.sh start DIR}" ;;
restart) restart "${2:?usage: postgres.sh restart DIR}" ;;
stop) stop "${2:?usage: postgres.sh stop DIR}" ;;
*) echo "usage: scripts/postgres.sh start|restart|stop DIR" >&2; exit 2 ;;
esac
