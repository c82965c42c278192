#!/usr/bin/env python3
"""Convert the ECharts 4.9.0 China map files into small, plain GeoJSON.

Usage:
    npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz      # gives ./package
    python make_boundaries.py PACKAGE_DIR [DIVISIONS_TSV] [OUT_DIR]

Writes to OUT_DIR (default: the directory of this script):
    provinces.geojson        one feature per province-level division
    prefectures.geojson      one feature per prefecture-level division (level=prefecture
                             in divisions.tsv) that ECharts draws
    direct_counties.geojson  county-level units that ECharts draws inside the province
                             files (districts of the four municipalities, county-level
                             cities/counties directly under a province: Hainan, Hubei,
                             Henan, Xinjiang)
    centroids.tsv            adcode, lon, lat, source for every county-level division
    unmapped.tsv             ECharts features that could not be tied to divisions.tsv

Needs shapely (>= 2) for merging, simplifying and orienting geometry.
"""
import json
from pathlib import Path
import os
import sys
from collections import OrderedDict, defaultdict

import shapely
from shapely.geometry import shape, mapping, Polygon, MultiPolygon
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

TOLERANCE_PROV = 0.01     # Douglas-Peucker tolerance in degrees, provinces (~1 km)
TOLERANCE_PREF = 0.008    # prefectures (~0.8 km)
TOLERANCE_CTY = 0.004     # province-direct counties and municipal districts (~0.4 km)
DIGITS = 3                # decimals kept (~100 m)
MIN_AREA = 1e-5           # drop islands smaller than this (deg^2, ~0.1 km^2) after simplifying

HERE = os.path.dirname(os.path.abspath(__file__))

# ECharts features whose 4.9.0 code/name no longer exists in the 2024 divisions.
# adcode in ECharts -> adcode in divisions.tsv (the area was merged into it).
MERGED_INTO = {
    "371200": "370100",   # 莱芜市, abolished 2019, its districts now belong to 济南市
}


# ---------------------------------------------------------------- decoding
def _code_units(s):
    """UTF-16 code units, as JavaScript's charCodeAt sees them."""
    b = s.encode("utf-16-le", "surrogatepass")
    return [b[i] | (b[i + 1] << 8) for i in range(0, len(b), 2)]


def decode_polygon(coordinate, encode_offsets, encode_scale):
    """Port of decodePolygon in echarts/src/coord/geo/parseGeoJson.js (4.x)."""
    result = []
    prev_x, prev_y = encode_offsets[0], encode_offsets[1]
    cu = _code_units(coordinate)
    for i in range(0, len(cu) - 1, 2):
        x = cu[i] - 64
        y = cu[i + 1] - 64
        x = (x >> 1) ^ (-(x & 1))          # zigzag decoding
        y = (y >> 1) ^ (-(y & 1))
        x += prev_x                        # delta decoding
        y += prev_y
        prev_x, prev_y = x, y
        result.append([x / encode_scale, y / encode_scale])
    return result


def decode(js):
    """Port of decode() in parseGeoJson.js; returns plain GeoJSON in place."""
    if not js.get("UTF8Encoding"):
        return js
    scale = js.get("UTF8Scale") or 1024
    for feat in js["features"]:
        g = feat["geometry"]
        offs = g.get("encodeOffsets")
        if g["type"] == "Polygon":
            g["coordinates"] = [decode_polygon(r, offs[i], scale)
                                for i, r in enumerate(g["coordinates"])]
        elif g["type"] == "MultiPolygon":
            g["coordinates"] = [[decode_polygon(r, offs[i][j], scale)
                                 for j, r in enumerate(poly)]
                                for i, poly in enumerate(g["coordinates"])]
        g.pop("encodeOffsets", None)
    js["UTF8Encoding"] = False
    return js


# ---------------------------------------------------------------- geometry
def to_shape(geom):
    """ECharts ring lists -> valid shapely (Multi)Polygon."""
    polys = []
    parts = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    for rings in parts:
        rings = [r for r in rings if len(r) >= 3]
        if not rings:
            continue
        p = Polygon(rings[0], rings[1:])
        if not p.is_valid:
            p = p.buffer(0)
        polys.append(p)
    g = unary_union(polys)
    return g


def _clean_ring(coords):
    out = []
    for x, y in coords:
        pt = [round(x, DIGITS), round(y, DIGITS)]
        if not out or out[-1] != pt:
            out.append(pt)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def simplify(g, tol):
    """Douglas-Peucker (topology preserving), drop specks, round, RFC 7946 orientation."""
    g = g.simplify(tol, preserve_topology=True)
    g = shapely.set_precision(g, 10 ** -DIGITS)   # snap to the grid, keeping validity
    polys = list(g.geoms) if hasattr(g, "geoms") else [g]
    polys = [p for p in polys if isinstance(p, Polygon) and not p.is_empty]
    keep = [p for p in polys if p.area >= MIN_AREA]
    if not keep and polys:                      # never drop a unit entirely
        keep = [max(polys, key=lambda p: p.area)]
    out = []
    for p in keep:
        p = orient(p, sign=1.0)                 # exterior counter-clockwise
        ext = _clean_ring(p.exterior.coords)
        if not ext:
            continue
        holes = [h for h in (_clean_ring(i.coords) for i in p.interiors) if h]
        out.append([ext] + holes)
    if not out:
        return None
    if len(out) == 1:
        return {"type": "Polygon", "coordinates": out[0]}
    return {"type": "MultiPolygon", "coordinates": out}


def feature(props, geom):
    return OrderedDict([("type", "Feature"), ("properties", props), ("geometry", geom)])


def write_fc(path, feats):
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f,
                  ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


# ---------------------------------------------------------------- divisions
def read_divisions(path):
    rows = OrderedDict()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("adcode\t"):
                continue
            a = line.rstrip("\n").split("\t")
            if len(a) < 5:
                continue
            rows[a[0]] = {"adcode": a[0], "name": a[1], "level": a[2],
                          "parent": a[3], "short": a[4]}
    return rows


def province_of(div, code):
    while div[code]["parent"]:
        code = div[code]["parent"]
    return code


def match(div, eid, ename, prov_code):
    """ECharts id/name -> adcode in divisions.tsv (or None)."""
    if eid in MERGED_INTO:
        return MERGED_INTO[eid], "merged"
    if eid and eid in div:
        return eid, "id"
    # by name inside the same province: full name, then short name / stem
    cands = [d for d in div.values() if d["level"] != "province"
             and province_of(div, d["adcode"]) == prov_code]
    for d in cands:
        if d["name"] == ename:
            return d["adcode"], "name"
    stem = ename
    for suf in ("地区", "市", "县", "区"):
        if stem.endswith(suf) and len(stem) > len(suf) + 1:
            stem = stem[: -len(suf)]
            break
    for d in cands:
        if d["short"] == stem or d["short"] == ename:
            return d["adcode"], "short name"
    return None, None


def main():
    pkg = sys.argv[1] if len(sys.argv) > 1 else "package"
    div_path = sys.argv[2] if len(sys.argv) > 2 else str(Path(__file__).resolve().parents[2] / "kg" / "data" / "divisions.tsv")
    out = sys.argv[3] if len(sys.argv) > 3 else HERE
    div = read_divisions(div_path)
    jdir = os.path.join(pkg, "map", "json")
    unmapped = []
    notes = []

    # ---- provinces
    china = decode(json.load(open(os.path.join(jdir, "china.json"), encoding="utf-8")))
    prov_cp = {}
    prov_feats = []
    short2prov = {d["short"]: d["adcode"] for d in div.values() if d["level"] == "province"}
    for f in china["features"]:
        p = f.get("properties", {})
        eid = str(p.get("id") or f.get("id") or "")
        code = eid if eid in div and div[eid]["level"] == "province" else short2prov.get(p.get("name"))
        if not code:
            unmapped.append(("china.json", eid, p.get("name"), "no province"))
            continue
        if p.get("cp"):
            prov_cp[code] = p["cp"]
        g = simplify(to_shape(f["geometry"]), TOLERANCE_PROV)
        prov_feats.append(feature(OrderedDict([("adcode", code), ("name", div[code]["name"])]), g))
    prov_feats.sort(key=lambda x: x["properties"]["adcode"])
    missing = [c for c, d in div.items() if d["level"] == "province"
               and c not in {x["properties"]["adcode"] for x in prov_feats}]
    for c in missing:
        notes.append("province without boundary: %s %s" % (c, div[c]["name"]))
    write_fc(os.path.join(out, "provinces.geojson"), prov_feats)

    # ---- prefectures and province-direct counties
    shapes = defaultdict(list)     # adcode -> [shapely geoms]
    cps = {}                       # adcode -> cp (only from a feature that *is* the unit)
    pdir = os.path.join(jdir, "province")
    for fn in sorted(os.listdir(pdir)):
        if not fn.endswith(".json"):
            continue
        js = decode(json.load(open(os.path.join(pdir, fn), encoding="utf-8")))
        feats = js["features"]
        # the province a file belongs to: from the first feature carrying an id
        ids = [str(f.get("properties", {}).get("id") or f.get("id") or "") for f in feats]
        pc = next((i[:2] + "0000" for i in ids if i), None)
        if pc is None and fn == "taiwan.json":
            pc = "710000"
        for f, eid in zip(feats, ids):
            p = f.get("properties", {})
            name = p.get("name")
            code, how = match(div, eid, name, pc)
            if not code:
                unmapped.append((fn, eid, name, "not in divisions.tsv"))
                continue
            if how != "id":
                notes.append("%s: ECharts %s %s -> %s %s (by %s)"
                             % (fn, eid or "(no id)", name, code, div[code]["name"], how))
            shapes[code].append(to_shape(f["geometry"]))
            if p.get("cp") and how != "merged" and code not in cps:
                cps[code] = p["cp"]

    pref_feats, cty_feats = [], []
    for code in sorted(shapes):
        g = unary_union(shapes[code]) if len(shapes[code]) > 1 else shapes[code][0]
        if len(shapes[code]) > 1:
            notes.append("merged %d ECharts pieces into %s %s"
                         % (len(shapes[code]), code, div[code]["name"]))
        geom = simplify(g, TOLERANCE_PREF if div[code]["level"] == "prefecture" else TOLERANCE_CTY)
        shapes[code] = [g]
        props = OrderedDict([("adcode", code), ("name", div[code]["name"]),
                             ("province", province_of(div, code))])
        if div[code]["level"] == "prefecture":
            pref_feats.append(feature(props, geom))
        else:
            cty_feats.append(feature(props, geom))
    write_fc(os.path.join(out, "prefectures.geojson"), pref_feats)
    write_fc(os.path.join(out, "direct_counties.geojson"), cty_feats)
    for c, d in div.items():
        if d["level"] == "prefecture" and c not in shapes:
            notes.append("prefecture without boundary: %s %s" % (c, d["name"]))

    # ---- centroids for county-level divisions
    def point_of(code):
        """(lon, lat, kind) for a unit that has its own ECharts feature or cp."""
        if code in cps and cps[code]:
            return cps[code][0], cps[code][1], "cp"
        if code in shapes:
            c = shapes[code][0].centroid
            return c.x, c.y, "centroid"
        if code in prov_cp:
            return prov_cp[code][0], prov_cp[code][1], "cp"
        return None

    n = defaultdict(int)
    with open(os.path.join(out, "centroids.tsv"), "w", encoding="utf-8") as fo:
        fo.write("adcode\tlon\tlat\tsource\n")
        for c, d in div.items():
            if d["level"] != "county":
                continue
            pt = point_of(c)
            src = pt[2] if pt else None
            if not pt:
                pt = point_of(d["parent"])
                src = "parent"
            if not pt:
                n["none"] += 1
                notes.append("county without any point: %s %s" % (c, d["name"]))
                continue
            n[src] += 1
            fo.write("%s\t%.6f\t%.6f\t%s\n" % (c, pt[0], pt[1], src))

    with open(os.path.join(out, "unmapped.tsv"), "w", encoding="utf-8") as fo:
        fo.write("file\techarts_id\techarts_name\treason\n")
        for r in unmapped:
            fo.write("\t".join(str(x) for x in r) + "\n")

    print("provinces: %d features" % len(prov_feats))
    print("prefectures: %d features, direct counties: %d features" % (len(pref_feats), len(cty_feats)))
    print("centroids:", dict(n))
    print("unmapped ECharts features: %d" % len(unmapped))
    for r in unmapped:
        print("  ", *r)
    for s in notes:
        print("note:", s)


if __name__ == "__main__":
    main()
