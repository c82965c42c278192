"""When a fact holds: the start year a text states, and the literals that carry time.

Every ``kg:PracticeAdoption`` and ``kg:Figure`` carries its document's publication
date (``dcterms:date``, ``xsd:date``) and, where its sentence states a period,
the year that period starts (``prov:startedAtTime``, ``xsd:gYear``):

=====================  ==========  ==============================================
period in the text     start year  rule
=====================  ==========  ==============================================
2023年以来, 2023年      2023        the first four-digit year (2019-2023年 -> 2019)
自2025年4月起           2025        (extraction keeps 2025年)
党的十八大以来          2012        the congress's year (十九大 2017, 二十大 2022)
今年以来                2024        the publication year
去年以来                2023        the publication year minus one
近三年, 近年来          none        too vague to date
=====================  ==========  ==============================================

A start year after the publication year (到2027年 …, a plan) is no start: none.
Local practices are named concepts shared by documents; their time is their
evidence's document's ``dcterms:date`` (``kg:evidence/oa:hasSource/dcterms:date``).
"""

from __future__ import annotations

import re
from typing import Optional

from rdflib import Literal
from rdflib.namespace import XSD

CONGRESSES = {"十六大": 2002, "十七大": 2007, "十八大": 2012, "十九大": 2017, "二十大": 2022}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CONGRESS = re.compile("(" + "|".join(CONGRESSES) + ")")


def publication_year(date: Optional[str]) -> Optional[int]:
    """2024 for "2024-05-01"; None if there is no date."""
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def start_year(period: Optional[str], published: Optional[str] = None) -> Optional[int]:
    """The year ``period`` starts (see the module's table); ``published`` is the document's date."""
    if not period:
        return None
    pub = publication_year(published)
    year: Optional[int] = None
    congress = _CONGRESS.search(period)
    if congress:
        year = CONGRESSES[congress.group(1)]
    elif (m := _YEAR.search(period)) is not None:
        year = int(m.group(1))
    elif period.startswith("今年"):
        year = pub
    elif period.startswith("去年"):
        year = pub - 1 if pub is not None else None
    if year is None or (pub is not None and year > pub):
        return None
    return year


def g_year(year: Optional[int]) -> Optional[Literal]:
    """An ``xsd:gYear`` literal, None for None."""
    return None if year is None else Literal(f"{int(year):04d}", datatype=XSD.gYear)
