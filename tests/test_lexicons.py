"""Lexicons: every data file of one ontology folder, read once, passed in; nothing cached between folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build.cache import environment_key
from kg.extract import Pipeline
from kg.lexicons import Lexicons
from kg.model import Document
from locations import ROOT

ONTOLOGY = ROOT / "ontology"
# Only the documentation, the OWL vocabulary and the SHACL shapes are not extraction data.
NOT_LEXICON_FILES = {"README.md", "kg.ttl", "shapes.ttl"}
STORY = "武陵山城推进“雪亮工程”建设，新建镜头85个。武陵山城深化平安建设。"


@pytest.fixture(scope="module")
def two_folders(tmp_path_factory) -> tuple[Path, Path]:
    """The checkout's ontology, and a copy of it that knows 武陵山城 as a name of 黔江区 (500114)."""
    other = tmp_path_factory.mktemp("ontology") / "ontology"
    shutil.copytree(ONTOLOGY, other)
    with open(other / "regions" / "aliases.tsv", "a", encoding="utf-8") as f:
        f.write("武陵山城\t500114\tfree\n")
    return ONTOLOGY, other


def test_two_pipelines_from_two_folders_in_one_process_differ_on_an_alias_only_one_has(two_folders):
    plain, extended = (Pipeline.load(folder) for folder in two_folders)
    document = Document(doc_id="t.txt", text=STORY, source="t.txt")
    assert plain.gazetteer.find_by_name("武陵山城") == []
    assert [r.adcode for r in extended.gazetteer.find_by_name("武陵山城")] == ["500114"]
    assert {m.adcode for m in plain.extract(document).regions} == set()
    facts = extended.extract(document)
    assert {m.surface for m in facts.regions} == {"武陵山城"} and facts.subject_regions == ["500114"]
    assert ("500114", "xueliang-gongcheng") in {(link.adcode, link.practice) for link in facts.links}
    # loading the first folder again still knows nothing of the alias: no cache kept the other one
    assert Pipeline.load(two_folders[0]).gazetteer.find_by_name("武陵山城") == []


def test_the_cache_key_hashes_the_data_loaded(two_folders):
    plain, extended = (Lexicons.load(folder) for folder in two_folders)
    assert environment_key(plain) != environment_key(extended)
    assert environment_key(plain) == environment_key(Lexicons.load(ONTOLOGY))
    changed = {name for (name, a), (_, b) in zip(plain.sources, extended.sources) if a != b}
    assert changed == {"regions/aliases.tsv"}


def test_every_data_file_of_the_folder_is_read_once():
    lexicons = Lexicons.load(ONTOLOGY)
    names = [name for name, _ in lexicons.sources]
    assert len(names) == len(set(names))
    data_files = {str(p.relative_to(ONTOLOGY)) for p in ONTOLOGY.rglob("*") if p.is_file()} - NOT_LEXICON_FILES
    assert {n for n in names if not n.startswith("kg/data/")} == data_files
    assert "kg/data/divisions.tsv" in names


def test_a_folder_without_the_optional_files_still_loads_and_says_which(tmp_path, caplog):
    folder = shutil.copytree(ONTOLOGY, tmp_path / "ontology")
    optional = ("local_practices/national_formulas.txt", "organizations/foreign_markers.txt", "regions/aliases.tsv")
    for name in optional:
        (folder / name).unlink()
    with caplog.at_level("WARNING", logger="kg.lexicons"):
        lexicons = Lexicons.load(folder)
    assert lexicons.missing == optional
    assert [r.getMessage() for r in caplog.records] == [
        f"{folder}: 3 optional data file(s) not found, the rules that read them are off: {', '.join(optional)}"]
    assert Lexicons.load(ONTOLOGY).missing == ()
    assert lexicons.organizations.foreign_markers == () and lexicons.local_practices.national == frozenset()
    assert [r.adcode for r in lexicons.gazetteer.find_by_name("巴州")] == ["511902"]  # 巴音郭楞: an alias
    assert [r.adcode for r in Lexicons.load(ONTOLOGY).gazetteer.find_by_name("巴州")] == ["511902", "652800"]


def test_a_mistyped_kind_in_a_kinds_file_is_an_error_naming_its_line(tmp_path):
    from kg.lexicons.files import OntologyError

    folder = shutil.copytree(ONTOLOGY, tmp_path / "ontology")
    grades = folder / "organizations" / "grades.tsv"
    lines = grades.read_text(encoding="utf-8").splitlines()
    grades.write_text("\n".join(lines + ["grdae\t乡级\t乡"]) + "\n", encoding="utf-8")  # 'grade' mistyped
    with pytest.raises(OntologyError, match=rf"grades.tsv:{len(lines) + 1}: unknown kind 'grdae'"):
        Lexicons.load(folder)


def test_a_word_added_to_an_attribution_file_changes_whose_fact_it_is(tmp_path):
    # regions/presentatives.txt: a presentative (这便是…) before a place leaves that place the clause's actor;
    # one the file lacks leaves the fact to the place of the sentence before
    folder = shutil.copytree(ONTOLOGY, tmp_path / "ontology")
    with open(folder / "regions" / "presentatives.txt", "a", encoding="utf-8") as f:
        f.write("这恰是\n")
    text = ("宜宾基层治理观察\n\n宜宾市推进基层治理。\n"
            "翠屏区某街道成功调解一起纠纷。这恰是高县以“院坝说事”推动平安建设的一个缩影。\n")
    document = Document(doc_id="t.txt", text=text, source="t.txt")
    plain, extended = (Pipeline.load(f).extract(document) for f in (ONTOLOGY, folder))
    assert {(link.adcode, link.practice) for link in plain.links} == {("511502", "pingan-jianshe")}  # 翠屏区
    assert {(link.adcode, link.practice) for link in extended.links} == {("511525", "pingan-jianshe")}  # 高县


def test_a_prefix_tree_matches_where_the_alternation_of_its_words_does():
    import re

    from kg.lexicons.files import alternation, prefix_tree

    words = ["人民法院", "法院", "人民检察院", "人大常委会", "人大", "a.b", "调解中心"]
    tree = re.compile(prefix_tree(words))
    assert tree.fullmatch("人民法院") and tree.fullmatch("人大") and not tree.fullmatch("人民")
    assert tree.fullmatch("a.b") and not tree.fullmatch("axb")  # words are literal
    for text in ["县人民检察院召开会议", "市人大代表", "人民群众", "调解中心", "调解", "", "axb"]:
        assert bool(tree.search(text)) == bool(re.search(alternation(words), text)), text
