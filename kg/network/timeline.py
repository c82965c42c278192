"""``kg timeline``: when practices spread, as a table and as diffusion curves.

The numbers are the shipped query ``practice_timeline`` (one row per year:
regions first evidenced that year, and the running total), run once per
practice; :func:`diffusion_table` fills the years between so curves are
comparable, and :func:`plot_diffusion` draws the cumulative curves to PNG.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from kg.network.plotting import pyplot
from kg.query.backends import run_query
from kg.query.catalogue import get_query

LEVELS = ("any", "province", "prefecture", "county")
LEVEL_NAMES = {"any": "地区", "province": "省级地区", "prefecture": "地级地区", "county": "县级地区"}
LEVEL_NAMES_EN = {"any": "regions", "province": "provinces", "prefecture": "prefectures", "county": "counties"}


@dataclass(frozen=True)
class Timeline:
    practice: str
    years: tuple[int, ...]
    new: tuple[int, ...]  # regions first evidenced that year
    cumulative: tuple[int, ...]


def practice_timeline(graph, practice: str, level: str = "any") -> Timeline:
    """The ``practice_timeline`` query's rows for one practice, every year from the first to the last."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    params = {"practice_label": practice}
    if level != "any":
        params["level"] = level
    result = run_query(graph, get_query("practice_timeline"), params)
    rows = {int(str(y)): (int(str(n)), int(str(c))) for y, n, c in result.rows}
    return Timeline(practice, tuple(rows), tuple(n for n, _ in rows.values()), tuple(c for _, c in rows.values()))


def diffusion_table(timelines: Sequence[Timeline]) -> tuple[list[int], list[list[int]]]:
    """(years, rows): every year of any timeline, and per year the new and cumulative count of each practice."""
    years = sorted({y for t in timelines for y in t.years})
    if years:
        years = list(range(years[0], years[-1] + 1))
    rows = []
    for year in years:
        row = []
        for t in timelines:
            by_year = dict(zip(t.years, zip(t.new, t.cumulative)))
            before = [c for y, c in zip(t.years, t.cumulative) if y <= year]
            row += [by_year.get(year, (0, 0))[0], before[-1] if before else 0]
        rows.append(row)
    return years, rows


def format_table(timelines: Sequence[Timeline]) -> str:
    years, rows = diffusion_table(timelines)
    header = ["year"] + [f"{t.practice} {what}" for t in timelines for what in ("regions", "cumulative")]
    lines = ["\t".join(header)]
    for year, row in zip(years, rows):
        lines.append("\t".join([str(year)] + [str(v) for v in row]))
    return "\n".join(lines) + "\n"


def plot_diffusion(timelines: Sequence[Timeline], out: str | Path, level: str = "any", lang: str = "zh",
                   title: Optional[str] = None, source: Optional[str] = None) -> Path:
    """Cumulative regions per year, one step curve per practice, as a PNG."""
    plt = pyplot()
    years, rows = diffusion_table(timelines)
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    for i, t in enumerate(timelines):
        ax.plot(years, [r[2 * i + 1] for r in rows], marker="o", markersize=3, label=t.practice)
    en = lang == "en"
    unit = (LEVEL_NAMES_EN if en else LEVEL_NAMES)[level]
    ax.set_xlabel("year of first evidence" if en else "首次出现年份")
    ax.set_ylabel(f"{unit} (cumulative)" if en else f"{unit}数(累计)")
    ax.set_title(title or ("Diffusion of practices" if en else "实践扩散曲线"))
    if years:
        ax.set_xticks(years[:: max(1, len(years) // 12)])
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left")
    if source:
        fig.text(0.01, 0.01, source, fontsize=7, color="#666666")
    fig.tight_layout()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, metadata={"Software": None})
    plt.close(fig)
    return out
