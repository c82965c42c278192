"""``kg map``: an offline choropleth of where, and since when, a practice is found.

The numbers are the shipped query ``practice_map`` (per region of a level: the
year of first evidence, documents, evidence). The boundaries are vendored in
``kg/data/geo/`` (ECharts 4.9.0's china maps, Apache-2.0, simplified; see its
SOURCE.md): provinces, prefectures (with the county-level units drawn in their
place for the municipalities and the units directly under a province), and one
point per county (``centroids.tsv``). The page is one HTML file with an inline
SVG drawn here: no script, no stylesheet or font from elsewhere, nothing
fetched. Hover (an SVG ``<title>``) names the region, the year and the evidence
count. ``write_map_png`` draws the same with matplotlib.
"""

from __future__ import annotations

import csv
import gzip
import html
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from kg.config import data_dir
from kg.network.labels import english_names
from kg.network.plotting import pyplot
from kg.query.backends import run_query
from kg.query.catalogue import get_query

GEO = "geo"
SOURCE_LINE = {"zh": "边界:ECharts 4.9.0 中国地图(Apache-2.0,已简化,非官方地图);数据:cngov-kg 知识图谱",
               "en": "Boundaries: ECharts 4.9.0 China maps (Apache-2.0, simplified, not an official map); "
                     "data: cngov-kg graph"}
# A sequential palette, light (early/few) to dark (late/many); regions without evidence are NO_DATA.
PALETTE = ("#fde0c5", "#facba6", "#f8b58b", "#f59e72", "#f2855d", "#ef6a4c", "#eb4a40", "#c0363a", "#8f2633")
NO_DATA = "#eeeeee"
STROKE = "#ffffff"
WIDTH, HEIGHT = 900, 720
LON0, LON1, LAT0, LAT1 = 73.0, 136.0, 17.5, 54.0  # the frame (南海诸岛 not drawn)


@dataclass
class MapRegion:
    adcode: str
    name: str
    year: int
    documents: int
    evidence: int


@dataclass
class MapData:
    practice: str
    level: str
    by: str
    until: Optional[int]
    regions: dict[str, MapRegion] = field(default_factory=dict)


def map_data(graph, practice: str, level: str = "province", until: Optional[int] = None, by: str = "year") -> MapData:
    """The ``practice_map`` query's rows, by adcode."""
    params = {"practice_label": practice, "level": level}
    if until is not None:
        params["until"] = str(int(until))
    result = run_query(graph, get_query("practice_map"), params)
    data = MapData(practice, level, by, until)
    for adcode, name, year, documents, evidence in result.rows:
        data.regions[str(adcode)] = MapRegion(str(adcode), str(name), int(str(year)), int(str(documents)),
                                              int(str(evidence)))
    return data


# ---------------------------------------------------------------- geography


@lru_cache(maxsize=None)
def _features(name: str) -> tuple[dict, ...]:
    with gzip.open(data_dir() / GEO / f"{name}.geojson.gz", "rt", encoding="utf-8") as f:
        return tuple(json.load(f)["features"])


@lru_cache(maxsize=None)
def centroids() -> dict[str, tuple[float, float]]:
    with open(data_dir() / GEO / "centroids.tsv", encoding="utf-8", newline="") as f:
        return {r["adcode"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f, delimiter="\t")}


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular, longitudes shortened by cos 36° (true to scale at China's middle latitude)."""
    k = math.cos(math.radians(36.0))
    scale = min(WIDTH / ((LON1 - LON0) * k), (HEIGHT - 90) / (LAT1 - LAT0))
    return round((lon - LON0) * k * scale, 1), round((LAT1 - lat) * scale + 40, 1)


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _path(geometry: dict) -> str:
    parts = []
    for ring in _rings(geometry):
        points = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


def areas(level: str) -> list[dict]:
    """The features coloured at ``level`` (counties: the prefectures, as the ground under the points)."""
    if level == "province":
        return list(_features("provinces"))
    return list(_features("prefectures")) + list(_features("direct_counties"))


# ---------------------------------------------------------------- colours and labels


def _bins(data: MapData) -> list[tuple[str, int, int]]:
    """(colour, low, high) classes of the values shown."""
    values = sorted({_value(r, data.by) for r in data.regions.values()})
    if not values:
        return []
    if len(values) <= len(PALETTE):  # one class per value shown
        step = (len(PALETTE) - 1) / max(1, len(values) - 1)
        return [(PALETTE[round(i * step)], v, v) for i, v in enumerate(values)]
    lo, hi = values[0], values[-1]
    n = min(len(PALETTE), hi - lo + 1)
    if data.by == "documents" and hi > 9:  # documents: logarithmic classes
        edges = sorted({int(round(math.exp(math.log(lo) + (math.log(hi) - math.log(lo)) * i / 6))) for i in range(7)})
    else:
        edges = [lo + round((hi - lo) * i / n) for i in range(n + 1)]
    classes, start = [], lo
    for end in edges[1:]:
        high = end if end == hi else max(start, end - 1)
        classes.append((start, high))
        start = high + 1
        if start > hi:
            break
    step = (len(PALETTE) - 1) / max(1, len(classes) - 1)
    return [(PALETTE[round(i * step)], a, b) for i, (a, b) in enumerate(classes)]


def _value(region: MapRegion, by: str) -> int:
    return region.documents if by == "documents" else region.year


def _colour(value: int, bins) -> str:
    for colour, low, high in bins:
        if low <= value <= high:
            return colour
    return NO_DATA


def _words(lang: str) -> dict[str, str]:
    if lang == "en":
        return {"first": "first evidence", "docs": "documents", "evidence": "evidence", "none": "no evidence",
                "year": "year of first evidence", "documents": "documents", "until": "evidence up to",
                "title": "Where: {practice}"}
    return {"first": "首次出现", "docs": "文章", "evidence": "证据", "none": "无证据", "year": "首次出现年份",
            "documents": "文章数", "until": "截至", "title": "{practice} 的地域分布"}


def _name(adcode: str, fallback: str, lang: str) -> str:
    return english_names().get(adcode, fallback) if lang == "en" else fallback


def _tooltip(region: Optional[MapRegion], name: str, words: dict) -> str:
    if region is None:
        return f"{name}: {words['none']}"
    return (f"{name}: {words['first']} {region.year}; {words['evidence']} {region.evidence}, "
            f"{words['docs']} {region.documents}")


# ---------------------------------------------------------------- SVG and HTML


def map_svg(data: MapData, lang: str = "zh", title: Optional[str] = None) -> str:
    words = _words(lang)
    bins = _bins(data)
    esc = html.escape
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
           f'height="{HEIGHT}" font-family="Noto Sans CJK SC, Noto Sans CJK JP, Source Han Sans SC, WenQuanYi Zen Hei, '
           f'Microsoft YaHei, PingFang SC, sans-serif" role="img">']
    out.append(f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>')
    heading = title or words["title"].format(practice=data.practice)
    if data.until is not None:
        heading += f" ({words['until']} {data.until})"
    out.append(f'<text x="16" y="28" font-size="20" fill="#222">{esc(heading)}</text>')
    counties = data.level == "county"
    out.append(f'<g stroke="{STROKE}" stroke-width="0.6">')
    for feature in sorted(areas(data.level), key=lambda f: f["properties"]["adcode"]):
        code = str(feature["properties"]["adcode"])
        name = _name(code, feature["properties"]["name"], lang)
        region = None if counties else data.regions.get(code)
        fill = NO_DATA if region is None else _colour(_value(region, data.by), bins)
        tip = esc(name if counties else _tooltip(region, name, words))
        out.append(f'<path d="{_path(feature["geometry"])}" fill="{fill}" data-adcode="{code}"><title>{tip}</title></path>')
    out.append("</g>")
    if not counties:  # province outlines over prefectures
        if data.level == "prefecture":
            out.append('<g fill="none" stroke="#888" stroke-width="0.8">')
            for feature in _features("provinces"):
                out.append(f'<path d="{_path(feature["geometry"])}"/>')
            out.append("</g>")
    else:
        points = centroids()
        out.append('<g stroke="#444" stroke-width="0.5">')
        for code in sorted(data.regions):
            if code not in points:
                continue
            region = data.regions[code]
            x, y = project(*points[code])
            r = 3 + min(6, math.log1p(region.documents) * 1.5)
            tip = esc(_tooltip(region, _name(code, region.name, lang), words))
            out.append(f'<circle cx="{x:g}" cy="{y:g}" r="{r:.1f}" fill="{_colour(_value(region, data.by), bins)}" '
                       f'data-adcode="{code}"><title>{tip}</title></circle>')
        out.append("</g>")
    out += _legend(bins, words[data.by], words["none"])
    out.append(f'<text x="16" y="{HEIGHT - 12}" font-size="11" fill="#666">{esc(SOURCE_LINE[lang])}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _legend(bins, caption: str, none: str) -> list[str]:
    x, y = WIDTH - 190, HEIGHT - 60 - 22 * (len(bins) + 1)
    out = [f'<g font-size="13" fill="#222"><text x="{x}" y="{y - 8}">{html.escape(caption)}</text>']
    for i, (colour, low, high) in enumerate([*bins, (NO_DATA, None, None)]):
        label = none if low is None else (str(low) if low == high else f"{low}–{high}")
        yy = y + 22 * i
        out.append(f'<rect x="{x}" y="{yy}" width="18" height="14" fill="{colour}" stroke="#999" stroke-width="0.5"/>'
                   f'<text x="{x + 26}" y="{yy + 12}">{html.escape(label)}</text>')
    out.append("</g>")
    return out


def write_map_html(data: MapData, out: str | Path, lang: str = "zh", title: Optional[str] = None) -> Path:
    """One self-contained page: the SVG map, a table of the regions, the data source."""
    words = _words(lang)
    heading = title or words["title"].format(practice=data.practice)
    rows = "\n".join(
        f"<tr><td>{html.escape(_name(r.adcode, r.name, lang))}</td><td>{r.adcode}</td><td>{r.year}</td>"
        f"<td>{r.documents}</td><td>{r.evidence}</td></tr>"
        for r in sorted(data.regions.values(), key=lambda r: (r.year, r.adcode)))
    head = (("region", "code", words["first"], words["docs"], words["evidence"]) if lang == "en"
            else ("地区", "代码", words["first"], words["docs"], words["evidence"]))
    page = f"""<!DOCTYPE html>
<html lang="{'en' if lang == 'en' else 'zh-CN'}">
<head>
<meta charset="utf-8">
<title>{html.escape(heading)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 16px; color: #222; background: #fff; }}
path:hover, circle:hover {{ stroke: #222; stroke-width: 1.2; }}
table {{ border-collapse: collapse; margin-top: 12px; font-size: 13px; }}
td, th {{ border: 1px solid #ccc; padding: 2px 8px; text-align: left; }}
</style>
</head>
<body>
{map_svg(data, lang=lang, title=title)}
<table>
<tr>{''.join(f'<th>{html.escape(h)}</th>' for h in head)}</tr>
{rows}
</table>
<p><small>{html.escape(SOURCE_LINE[lang])}</small></p>
</body>
</html>
"""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def write_map_png(data: MapData, out: str | Path, lang: str = "zh", title: Optional[str] = None) -> Path:
    """The same map as a PNG (matplotlib)."""
    from matplotlib.patches import Patch, Polygon

    plt = pyplot()
    words = _words(lang)
    bins = _bins(data)
    fig, ax = plt.subplots(figsize=(WIDTH / 100, HEIGHT / 100), dpi=100)
    counties = data.level == "county"
    for feature in sorted(areas(data.level), key=lambda f: f["properties"]["adcode"]):
        region = None if counties else data.regions.get(str(feature["properties"]["adcode"]))
        fill = NO_DATA if region is None else _colour(_value(region, data.by), bins)
        for ring in _rings(feature["geometry"]):
            ax.add_patch(Polygon([project(lon, lat) for lon, lat in ring], closed=True, facecolor=fill,
                                 edgecolor=STROKE, linewidth=0.4))
    if counties:
        points = centroids()
        for code in sorted(data.regions):
            if code in points:
                x, y = project(*points[code])
                ax.scatter([x], [y], s=12 + 8 * math.log1p(data.regions[code].documents), edgecolors="#444",
                           linewidths=0.5, c=_colour(_value(data.regions[code], data.by), bins), zorder=3)
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(HEIGHT, 0)
    ax.set_aspect("equal")
    ax.axis("off")
    heading = title or words["title"].format(practice=data.practice)
    if data.until is not None:
        heading += f" ({words['until']} {data.until})"
    ax.set_title(heading)
    handles = [Patch(facecolor=c, edgecolor="#999", label=str(a) if a == b else f"{a}–{b}") for c, a, b in bins]
    handles.append(Patch(facecolor=NO_DATA, edgecolor="#999", label=words["none"]))
    ax.legend(handles=handles, title=words[data.by], loc="lower right", fontsize=8)
    fig.text(0.01, 0.01, SOURCE_LINE[lang], fontsize=7, color="#666666")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, metadata={"Software": None})
    plt.close(fig)
    return out
