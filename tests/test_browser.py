"""The seeds' HTML graph in a real browser: headless Chromium, no network.

The page marks ``<body data-kg-state="settled" data-kg-drawn=N>`` once
vis-network has laid the graph out and drawn it; Chromium's ``--dump-dom``
after a virtual-time budget shows that mark, and a screenshot shows the canvas
is not blank. Needs Debian's ``chromium`` (and ``fonts-noto-cjk`` for Chinese
labels): skipped, saying so, where no Chromium binary is found.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from locations import IN_CI

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
# A developer without Chromium skips these; CI installs it, so there a missing browser fails.
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    CHROMIUM is None and not IN_CI,
    reason="no Chromium binary found (Debian: apt-get install chromium fonts-noto-cjk)")]


def chromium(url: str, profile: Path, *args: str, budget_ms: int = 30000) -> str:
    """Run headless Chromium on a page with every network route closed; returns stdout."""
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
           "--window-size=1200,800", f"--virtual-time-budget={budget_ms}", *args, url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return done.stdout


@pytest.fixture(scope="module")
def seeds_page(seeds_out) -> Path:
    return seeds_out / "graph.html"


def vis_nodes(page: Path) -> list[dict]:
    m = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);\n", page.read_text(encoding="utf-8"))
    return json.loads(m.group(1))


def test_seeds_graph_settles_and_draws_every_node(seeds_page, tmp_path):
    dom = chromium(seeds_page.as_uri(), tmp_path / "profile", "--dump-dom")
    body = re.search(r"<body[^>]*>", dom).group(0)
    attrs = dict(re.findall(r'(data-kg-[a-z]+)="([^"]*)"', body))
    assert attrs.get("data-kg-state") == "settled", body
    expected = vis_nodes(seeds_page)
    kinds = {n["kind"] for n in expected}
    assert {"region", "practice", "organization"} <= kinds
    assert int(attrs["data-kg-drawn"]) == int(attrs["data-kg-nodes"]) == len(expected)
    assert "黔江区" in dom  # the Chinese labels reach the page intact


def test_english_page_settles_too(seeds_out, tmp_path):
    from kg.cli import main

    page = tmp_path / "en.html"
    assert main(["viz", str(seeds_out), "-o", str(page), "--lang", "en"]) == 0
    dom = chromium(page.as_uri(), tmp_path / "profile", "--dump-dom")
    attrs = dict(re.findall(r'(data-kg-[a-z]+)="([^"]*)"', re.search(r"<body[^>]*>", dom).group(0)))
    assert attrs.get("data-kg-state") == "settled"
    assert int(attrs["data-kg-drawn"]) == len(vis_nodes(page))
    assert 'placeholder="find a name or code"' in dom


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered rows of an 8-bit RGB/RGBA PNG (standard library only)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour = header[:4]
    assert depth == 8 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def test_screenshot_of_the_canvas_is_not_blank(seeds_page, tmp_path):
    shot = tmp_path / "shot.png"
    chromium(seeds_page.as_uri(), tmp_path / "profile", f"--screenshot={shot}")
    width, height, rows = png_pixels(shot)
    assert (width, height) == (1200, 800)
    # the graph area (below the header, right of the legend): many distinct colours, not one background
    bpp = len(rows[0]) // width
    colours = {rows[y][x * bpp:x * bpp + 3] for y in range(200, 780, 4) for x in range(300, 1180, 4)}
    assert len(colours) > 50
    non_white = sum(1 for y in range(200, 780, 4) for x in range(300, 1180, 4) if rows[y][x * bpp:x * bpp + 3] != b"\xff\xff\xff")
    assert non_white > 500


def test_a_cjk_font_is_installed_for_the_labels():
    if shutil.which("fc-list") is None and not IN_CI:
        pytest.skip("fontconfig's fc-list not found")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    if not fonts.strip() and not IN_CI:
        pytest.skip("no CJK font (Debian: fonts-noto-cjk): Chinese labels would be drawn as empty boxes")
