#!/usr/bin/env bash
# Regenerates src/collabgraph/maps/data/world.json, the world map's country outlines, from
# the npm packages world-atlas (Natural Earth's countries as TopoJSON), topojson-client and
# d3-geo, pinned below; the pages draw it offline. Needs node and npm, and the project's .venv
# (pycountry turns the outlines' ISO 3166 numeric codes into the graph's alpha-2 codes).
# Natural Earth is public domain; world-atlas is ISC-licensed (its licence is copied beside).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp scripts/vendor_world_atlas.mjs "$work/"
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent \
    world-atlas@2.0.2 topojson-client@3.1.0 d3-geo@3.1.1)
atlas="$work/node_modules/world-atlas"
node "$work/vendor_world_atlas.mjs" "$atlas/countries-110m.json" "$atlas/countries-50m.json" > "$work/world.json"
.venv/bin/python - "$work/world.json" src/collabgraph/maps/data/world.json <<'PY'
import json, sys
import pycountry

OUTSIDE_ISO = {"Kosovo": "XK"}  # a user-assigned code that registries such as CORDIS use
world = json.load(open(sys.argv[1], encoding="utf-8"))
area = lambda box: (box[2] - box[0]) * (box[3] - box[1])
kept = {}
for country in world["countries"]:
    found = pycountry.countries.get(numeric=country.pop("id") or "")
    code = found.alpha_2 if found else OUTSIDE_ISO.get(country["name"])
    if not code:
        continue
    if code in kept:  # a territory Natural Earth draws apart (Ashmore and Cartier: Australia)
        main, other = sorted([kept[code], country], key=lambda c: -area(c["box"]))
        country = dict(main, path=main["path"] + other["path"])
    kept[code] = {"code": code, **{k: v for k, v in country.items() if k != "code"}}
world["countries"] = [kept[code] for code in sorted(kept)]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(world, out, ensure_ascii=False, separators=(",", ":"))
    out.write("\n")
PY
cp "$atlas/LICENSE" src/collabgraph/maps/data/world-atlas-LICENSE.txt
echo "wrote src/collabgraph/maps/data/world.json ($(wc -c < src/collabgraph/maps/data/world.json) bytes)"
