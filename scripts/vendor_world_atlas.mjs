// Prints the countries of Natural Earth (through the npm package world-atlas) as JSON: each
// country as an SVG path in the Equal Earth projection, 1000 units wide, with the box of its
// largest part (to fit a map to the countries it shows) and a point inside that part (where
// a country too small to see gets a dot). The 1:110m outlines, and the 1:50m ones of the
// countries too small for 1:110m. Run by vendor_world_atlas.sh.
import {readFileSync} from "node:fs";
import {feature} from "topojson-client";
import {geoEqualEarth, geoPath, geoArea, geoBounds} from "d3-geo";

const [coarseFile, fineFile] = process.argv.slice(2);
const read = file => { const topology = JSON.parse(readFileSync(file, "utf8")); return feature(topology, topology.objects.countries).features; };
const coarse = read(coarseFile);
const known = new Set(coarse.map(c => c.properties.name));
const countries = {features: [...coarse, ...read(fineFile).filter(c => !known.has(c.properties.name))]};
const WIDTH = 1000;
const projection = geoEqualEarth().fitWidth(WIDTH, {type: "Sphere"});
const path = geoPath(projection).digits(1);
const sphere = path.bounds({type: "Sphere"});

function largestPart(geometry) {
  if (geometry.type !== "MultiPolygon") return geometry;
  let best = null, bestArea = -1;
  for (const coordinates of geometry.coordinates) {
    const part = {type: "Polygon", coordinates};
    const area = geoArea(part);
    if (area > bestArea) { best = part; bestArea = area; }
  }
  return best;
}

const round = v => Math.round(v * 10) / 10;
const out = [];
for (const country of countries.features) {
  if (!country.geometry) continue;
  const main = largestPart(country.geometry);
  const [[x0, y0], [x1, y1]] = path.bounds(main);
  const [cx, cy] = path.centroid(main);
  out.push({
    id: country.id ?? null,
    name: country.properties.name,
    path: path(country),
    box: [round(x0), round(y0), round(x1), round(y1)],
    point: [round(cx), round(cy)],
  });
}
out.sort((a, b) => a.name.localeCompare(b.name, "en"));
const result = {
  source: "Natural Earth 1:110m and 1:50m admin 0 countries (public domain), via the npm package world-atlas (ISC licence; see world-atlas-LICENSE.txt)",
  projection: "Equal Earth",
  width: WIDTH,
  height: Math.ceil(sphere[1][1]),
  sphere: path({type: "Sphere"}),
  countries: out,
};
process.stdout.write(JSON.stringify(result));
