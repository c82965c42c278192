"""``kg map`` and ``kg timeline``: an offline page that Chromium draws, PNGs, on made-up documents."""

from __future__ import annotations

import re

import pytest

from kg.cli import main
from kg.network.map import PALETTE, map_data, write_map_html
from kg.query.backends import load_graph
from timeline_graph import timeline_graph


@pytest.fixture(scope="module")
def graph_path(tmp_path_factory):
    return timeline_graph(tmp_path_factory.mktemp("map"))


def test_map_data_by_province_and_until_a_year(graph_path):
    g = load_graph(graph_path)
    data = map_data(g, "枫桥经验", level="province")
    assert {k: (r.year, r.documents) for k, r in data.regions.items()} == {
        "330000": (2012, 3), "500000": (2017, 1), "420000": (2019, 1)}
    assert set(map_data(g, "枫桥经验", level="province", until=2016).regions) == {"330000"}
    assert set(map_data(g, "枫桥经验", level="county").regions) == {"330681", "500114", "421303"}


@pytest.mark.parametrize("level", ["province", "prefecture", "county"])
def test_map_page_is_offline_with_hover_legend_and_source(graph_path, tmp_path, level):
    out = tmp_path / "map.html"
    assert main(["map", str(graph_path), "--practice", "枫桥经验", "--level", level, "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    # nothing from elsewhere: no src, no href, no url(), no @import, no script
    assert not re.search(r"\b(src|href)\s*=", page, re.I)
    assert "url(" not in page and "@import" not in page and "<script" not in page.lower()
    assert "枫桥经验" in page and "ECharts 4.9.0" in page
    titles = re.findall(r"<title>([^<]*)</title>", page)
    hover = "重庆市: 首次出现 2017; 证据 1, 文章 1" if level == "province" else "黔江区: 首次出现 2017; 证据 1, 文章 1"
    assert hover in titles
    assert "首次出现年份" in page  # the legend
    assert page == write_map_html(map_data(load_graph(graph_path), "枫桥经验", level=level),
                                  tmp_path / "again.html").read_text(encoding="utf-8")  # deterministic


def test_map_in_english(graph_path, tmp_path):
    out = tmp_path / "map.html"
    assert main(["map", str(graph_path), "--practice", "枫桥经验", "--lang", "en", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Chongqing: first evidence 2017; evidence 1, documents 1" in page
    assert "Zhejiang" in page


def test_map_and_timeline_png(graph_path, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    from test_browser import png_pixels

    png = tmp_path / "map.png"
    assert main(["map", str(graph_path), "--practice", "枫桥经验", "-o", str(tmp_path / "m.html"),
                 "--png", str(png)]) == 0
    width, height, rows = png_pixels(png)
    assert width > 400 and height > 300
    capsys.readouterr()
    curve = tmp_path / "timeline.png"
    assert main(["timeline", "-g", str(graph_path), "枫桥经验", "网格化管理", "--level", "province",
                 "-o", str(curve)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0] == "year\t枫桥经验 regions\t枫桥经验 cumulative\t网格化管理 regions\t网格化管理 cumulative"
    assert table[1] == "2012\t1\t1\t0\t0" and table[-1] == "2019\t1\t3\t1\t1"
    assert len(table) == 1 + 8  # 2012 … 2019, every year
    assert png_pixels(curve)[0] > 400


@pytest.mark.slow
def test_chromium_draws_the_map(graph_path, tmp_path):
    from test_browser import CHROMIUM, chromium, png_pixels

    if CHROMIUM is None:
        pytest.skip("no Chromium")
    page = write_map_html(map_data(load_graph(graph_path), "枫桥经验", level="province"), tmp_path / "map.html")
    shot = tmp_path / "shot.png"
    chromium(page.as_uri(), tmp_path / "profile", f"--screenshot={shot}")
    width, height, rows = png_pixels(shot)
    bpp = len(rows[0]) // width
    pixels = [rows[y][x * bpp:x * bpp + 3] for y in range(0, min(height, 720), 3) for x in range(0, min(width, 900), 3)]
    assert sum(1 for p in pixels if p != b"\xff\xff\xff") > 2000
    palette = {bytes.fromhex(c[1:]) for c in PALETTE}
    assert palette & set(pixels)  # the coloured provinces are drawn
