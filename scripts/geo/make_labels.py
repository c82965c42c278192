#!/usr/bin/env python3
"""English labels for practices/categories and org types lacking @en.

Usage: python make_labels.py [ONTOLOGY_DIR]      (needs rdflib)
Labels are hand-written below; the script checks they cover the ontology exactly.
"""
import os
from pathlib import Path
import sys
from rdflib import Graph, Namespace, RDF
from rdflib.namespace import SKOS

HERE = os.path.dirname(os.path.abspath(__file__))
KG = Namespace("https://w3id.org/cngov-kg/ontology#")

EN = {
    # categories: existing @en labels of practices.ttl, kept
    "keji-fangkong": "technology-based prevention and control",
    "jiceng-zhili": "grassroots governance",
    "maodun-jiufen-huajie": "dispute resolution",
    "zhuanxiang-xingdong": "special campaigns",
    "pingan-fazhi": "safety and rule of law",
    "duiwu-jianshe": "building the political-legal workforce",
    # practices
    "xueliang-gongcheng": "Sharp Eyes project (public video surveillance)",
    "tianwang-gongcheng": "Skynet project (urban video surveillance)",
    "huiyan-gongcheng": "Huiyan (Wise Eyes) project (video surveillance)",
    "zhengfa-xietong-banan-pingtai": "cross-agency political-legal case-handling platform",
    "fengqiao-jingyan": "Fengqiao experience",
    "zongzhi-zhongxin": "comprehensive management centre",
    "wanggehua-guanli": "grid management",
    "yicun-yijing": "one police officer per village",
    "falv-mingbairen": "village legal liaisons (falü mingbairen, 'people who understand the law')",
    "cunju-falv-guwen": "village and community legal advisers",
    "yiting-liangsuo": "one tribunal, two stations (people's tribunal, police station, judicial office)",
    "renmin-tiaojie": "people's mediation",
    "sandiao-liandong": "linkage of people's, administrative and judicial mediation",
    "sudiao-duijie": "linking litigation and mediation",
    "suyuan-zhili": "governance of the sources of litigation",
    "maodun-jiufen-paicha-huajie": "screening and resolving conflicts and disputes",
    "wending-fengxian-pinggu": "social stability risk assessment",
    "maodiao-zhongxin": "conflict and dispute mediation centre",
    "xinfang-jian-huajie": "resolving backlogged petition (letters and visits) cases",
    "saohei-chue": "campaign against organized crime and local gangs",
    "dianxin-zhapian": "combating telecom and online fraud",
    "jindu": "drug control",
    "fan-xiejiao": "anti-cult work",
    "pingan-jianshe": "Safe China building (ping'an jianshe)",
    "shiyu-shehui-zhili": "pilot modernisation of municipal-level social governance",
    "pufa": "popular legal education (law popularisation)",
    "gonggong-falv-fuwu": "public legal services",
    "falv-yuanzhu": "legal aid",
    "qunfang-qunzhi": "mass prevention and mass control (citizen crime prevention)",
    "lianqin-xunluo": "joint patrols (police, armed police and auxiliaries)",
    "jiaoyu-zhengdun": "education and rectification of the political-legal ranks",
    "qinglian-zhengfa": "clean political-legal system (anti-corruption in the political-legal ranks)",
    "sange-guiding": "'Three Regulations' against interference in judicial cases",
    "zhengzhi-lunxun": "rotational political training",
    "sifa-tizhi-gaige": "judicial system reform",
}
ORG_EN = {}   # every org type in types.ttl already has an @en prefLabel


def cid(iri):
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def zh_label(g, s):
    for o in g.objects(s, SKOS.prefLabel):
        if getattr(o, "language", None) == "zh":
            return str(o)


def main():
    ont = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2] / "ontology")
    g = Graph().parse(os.path.join(ont, "practices.ttl"))
    subjects = sorted(set(g.subjects(RDF.type, KG.PracticeCategory)), key=str) + \
        sorted(set(g.subjects(RDF.type, KG.Practice)), key=str)
    ids = [cid(s) for s in subjects]
    missing = [i for i in ids if i not in EN]
    extra = [i for i in EN if i not in ids]
    assert not missing and not extra, (missing, extra)
    with open(os.path.join(HERE, "practice_labels_en.tsv"), "w", encoding="utf-8") as fo:
        fo.write("concept_id\tzh\ten\n")
        for s in subjects:
            fo.write("%s\t%s\t%s\n" % (cid(s), zh_label(g, s), EN[cid(s)]))
    print(len(subjects), "practice concepts")

    g2 = Graph().parse(os.path.join(ont, "organizations", "types.ttl"))
    lacking = []
    for s in sorted(set(g2.subjects(RDF.type, SKOS.Concept)), key=str):
        if not any(getattr(o, "language", None) == "en" for o in g2.objects(s, SKOS.prefLabel)):
            lacking.append(s)
    missing = [cid(s) for s in lacking if cid(s) not in ORG_EN]
    assert not missing, missing
    with open(os.path.join(HERE, "org_type_labels_en.tsv"), "w", encoding="utf-8") as fo:
        fo.write("concept_id\tzh\ten\n")
        for s in lacking:
            fo.write("%s\t%s\t%s\n" % (cid(s), zh_label(g2, s), ORG_EN[cid(s)]))
    print(len(lacking), "org types lacking @en")


if __name__ == "__main__":
    main()
