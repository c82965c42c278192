"""A small made-up graph for the timeline and map tests: 枫桥经验 taken up in four regions over four years.

=========  ======  ========================  =========  =====================
document   date    region                    period     year of evidence
=========  ======  ========================  =========  =====================
t1         2015    浙江省绍兴市诸暨市 330681  党的十八大以来  2012
t2         2016    浙江省杭州市 330100                   2016
t3         2018    重庆市黔江区 500114         2017年以来  2017
t4         2019    浙江省杭州市 330100 again             (2019: 杭州 counts at 2016)
t5         2019    湖北省随州市曾都区 421303              2019 (网格化管理 too)
=========  ======  ========================  =========  =====================
"""

from __future__ import annotations

from pathlib import Path

from kg.model import Document, DocumentFacts, Evidence, PracticeLink
from kg.rdf.mapping import FactMapper, scheme_triples
from kg.rdf.writer import write_turtle
from locations import lexicons as checkout_lexicons

DOCS = (
    ("t1", "2015-03-01", "330681", "fengqiao-jingyan", "党的十八大以来"),
    ("t2", "2016-06-01", "330100", "fengqiao-jingyan", None),
    ("t3", "2018-01-10", "500114", "fengqiao-jingyan", "2017年以来"),
    ("t4", "2019-05-01", "330100", "fengqiao-jingyan", None),
    ("t5", "2019-07-01", "421303", "fengqiao-jingyan", None),
    ("t5", "2019-07-01", "421303", "wanggehua-guanli", None),
)


def _facts() -> list[DocumentFacts]:
    by_doc: dict[str, DocumentFacts] = {}
    for doc_id, date, adcode, practice, period in DOCS:
        sentence = f"{period or ''}当地坚持和发展{practice}。"
        facts = by_doc.get(doc_id)
        if facts is None:
            doc = Document(doc_id=doc_id, text=sentence, source=doc_id, title="测试", date=date)
            facts = by_doc[doc_id] = DocumentFacts(document=doc)
        ev = Evidence(doc_id=doc_id, sentence_index=0, sentence_start=0, sentence_end=len(sentence), sentence=sentence,
                      start=0, end=len(sentence), quote=sentence + str(len(facts.links)))
        facts.links.append(PracticeLink(adcode=adcode, practice=practice, local=False, evidence=ev, period=period))
    return list(by_doc.values())


def timeline_graph(folder: Path) -> Path:
    """graph.ttl of the made-up documents in ``folder``."""
    lexicons = checkout_lexicons()
    mapper = FactMapper(lexicons.gazetteer, lexicons.org_types)
    triples = list(scheme_triples(lexicons))
    for facts in _facts():
        triples += mapper.triples(facts)
    folder.mkdir(parents=True, exist_ok=True)
    return write_turtle(triples, folder / "graph.ttl")
