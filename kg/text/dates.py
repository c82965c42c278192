"""Dates as pages and metadata write them, as ``YYYY-MM-DD``."""

from __future__ import annotations

import re
from typing import Optional

from kg.text.normalize import normalize

DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_COMPACT_DATE = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})$")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def parse_date(value: str) -> Optional[str]:
    """``YYYY-MM-DD`` from 2022-10-09, 2022/10/9, 2022年10月9日, 20221009; None if not a date."""
    value = normalize(value.strip())
    match = DATE.search(value) or _COMPACT_DATE.match(value)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]):
        return None
    if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
