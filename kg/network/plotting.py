"""matplotlib for the timeline and the map's PNG: imported only when a figure is drawn, with a CJK font."""

from __future__ import annotations

import sys
import warnings

INSTALL_HINT = "matplotlib is needed to draw PNG figures: pip install 'cngov-kg[plot]' (or pip install matplotlib)"
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Noto Serif CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
                "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC")


def pyplot():
    """matplotlib.pyplot on the Agg backend, with a CJK font if one is installed (else a warning)."""
    try:
        import matplotlib
    except ImportError:
        raise SystemExit(f"error: {INSTALL_HINT}") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    found = _cjk_families(font_manager)
    if found:
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["font.sans-serif"] = found + list(matplotlib.rcParams["font.sans-serif"])
    else:
        warnings.warn("no CJK font found (install fonts-noto-cjk): Chinese labels will show as boxes", stacklevel=2)
        print("warning: no CJK font found (install fonts-noto-cjk): Chinese labels will show as boxes",
              file=sys.stderr)
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["svg.hashsalt"] = "cngov-kg"  # deterministic output
    return plt


def _cjk_families(font_manager) -> list[str]:
    """Installed CJK families; fonts installed after matplotlib's font cache was made are added from their files."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = [name for name in CJK_FAMILIES if name in installed]
    if not found:
        for path in sorted(font_manager.findSystemFonts()):
            if "CJK" in path or "wqy" in path.lower():
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        installed = {f.name for f in font_manager.fontManager.ttflist}
        found = [name for name in CJK_FAMILIES if name in installed]
    return found
