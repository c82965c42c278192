"""jieba's word boundaries asked one offset at a time (kg.text.segment.Words) are the whole text's."""

import jieba
import pytest

from kg.text import segment
from kg.text.segment import Words, token_boundaries, tokens

# Made-up sentences where jieba's words overlap (研究生/生命, 长治/长治久安, 召开/开平/平安), letters and
# digits join (5G, x光机), and a stretch holds two equally likely readings (领导集体/领导, 领导/集体领导).
SENTENCES = [
    "研究生命起源的课题组召开平安建设会议,长治久安",
    "结婚的和尚未结婚的都来了。",
    "全县建成5G基站120座,配备x光机3台\r\n乡镇卫生院全覆盖",
    "坚持民主集中制和领导集体领导制度",
    "",
    "。,",
]


def whole_text_answers(text):
    starts = {s: e for _w, s, e in tokens(text)}
    return [(i in token_boundaries(text), starts.get(i)) for i in range(-1, len(text) + 2)]


@pytest.mark.parametrize("text", SENTENCES)
def test_each_offset_is_answered_as_the_whole_text_segments_it(text):
    assert tokens(text) == list(jieba.tokenize(text, HMM=False))
    expected = whole_text_answers(text)
    # a fresh Words for each offset (its own stretch), and one Words for all (stretches reused)
    fresh = [(Words(text).is_boundary(i), Words(text).word_end(i)) for i in range(-1, len(text) + 2)]
    shared = Words(text)
    assert fresh == expected
    assert [(shared.is_boundary(i), shared.word_end(i)) for i in range(-1, len(text) + 2)] == expected
    assert [i in Words(text) for i in range(-1, len(text) + 2)] == [b for b, _end in expected]


def test_an_offset_no_word_crosses_is_a_boundary_without_segmenting(monkeypatch):
    text = "他在北京开会"  # 他/在/北京/开会: no dictionary word crosses 在|北京
    def no_segmentation(*_args):
        raise AssertionError("segmented")
    monkeypatch.setattr(segment, "_best_path", no_segmentation)
    monkeypatch.setattr(segment, "_stretch_steps", no_segmentation)
    assert Words(text).is_boundary(2)


def test_a_tie_inside_a_stretch_is_decided_by_the_whole_run():
    assert segment._stretch_steps("领导集体领导") is None  # too close to call alone
    text = "坚持领导集体领导制度"
    words = Words(text)
    assert words.word_end(2) == dict((s, e) for _w, s, e in tokens(text)).get(2)
    assert words._words  # the run was segmented whole


def test_the_dictionary_tags_are_those_of_jiebas_dictionary_file():
    import os

    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        from_file = {word: tag for word, _freq, tag in (line.split() for line in f)}
    tags = segment.dictionary_tags()
    assert tags == from_file and tags["北京"] == "ns"
    tags["北京"] = "n"  # a copy: jieba's own table is unchanged
    assert segment.dictionary_tags()["北京"] == "ns"


@pytest.mark.parametrize("text", SENTENCES)
def test_tagged_words_around_any_span_are_those_of_the_whole_text(text):
    from kg.text.segment import TaggedWords, tagged

    whole = tagged(text)
    by_end, by_start = {w[3]: w for w in whole}, {w[2]: w for w in whole}
    for lo in range(-1, len(text) + 2):
        for hi in (lo - 1, lo, lo + 1, lo + 4):
            words = TaggedWords(text)
            words.cover(lo, hi)
            assert all(words.by_end.get(e) == by_end.get(e) for e in range(lo + 1, hi + 1))
            assert all(words.by_start.get(s) == by_start.get(s) for s in range(lo, hi))
            assert all(by_end[e] == w for e, w in words.by_end.items())  # nothing else held is wrong


def test_tagged_words_tag_only_around_what_is_asked():
    from kg.text.segment import TaggedWords

    text = "今天上午,全县召开会议,研究部署平安建设工作"
    words = TaggedWords(text)
    words.cover(len(text) - 2, len(text))
    assert words.by_end[len(text)][0] == "工作"
    assert min(words.by_start) > text.index("研究") - 1  # the clauses before were never tagged


@pytest.mark.parametrize("text", SENTENCES)
def test_a_cut_is_where_no_dictionary_word_crosses(text):
    # the definition, walked out word by word: no word of jieba's dictionary starts before p and ends after it
    table = segment._log_probability()[0]
    for m in segment._RUN.finditer(text):
        run = m.group()
        for p in range(len(run) + 1):
            crossed = any(table.get(run[k:j]) is not None for k in range(p) for j in range(p + 1, len(run) + 1))
            letters = 0 < p < len(run) and (run[p - 1] in segment._ASCII_ALNUM or run[p] in segment._ASCII_ALNUM)
            assert segment._is_cut.__wrapped__(run, p) == (not crossed and not letters), (run, p)
