"""The deciding words a link's evidence shows (``lexical.decisive_words``):
whole words of the child clause, never a bigram straddling two of them; the
sentences a parent clause holds whole (``sentences``); the weight of a
run of boilerplate (``pairs._weigher``); and the word signal's measures
(``lexical.PairWeights``) against their definitions."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.lexicon import segment
from indexer.lineage.fingerprint import K, fingerprint_text, reduce_text
from indexer.lineage.lexical import PairWeights, decisive_words, document_grams
from indexer.lineage.pairs import COMMON_WEIGHT, _formula, _weigher
from indexer.lineage.sentences import SENTENCE_CHARS, copied_sentences

# 河南省实施《献血法》办法 第三条, linked by words to 献血法 第二条 and 第七条.
HENAN_3 = ("全省实行无偿献血制度。年满十八周岁至五十五周岁（以下简称适龄）的健康公民依照《献血法》"
           "和本办法自愿参加献血。鼓励国家工作人员和高等院校在校学生率先献血，为树立社会新风尚作表率。")


@pytest.mark.parametrize("grams, words", [
    # inside words: the words holding them, in the bigrams' order
    (["五十", "十五", "八周"], ["五十五", "十八周岁"]),
    # the rarest bigrams of a pair are often across words (为|树立, 社会|新风尚):
    # each stands for the longer of its two words (a tie: the second)
    (["为树", "会新", "作表", "先献", "励国"], ["树立", "新风尚", "表率", "献血", "国家"]),
    # between two one-character words (和|本) there is no word to show: the
    # bigram is shown as it is
    (["和本"], ["和本"]),
])
def test_deciding_words_are_whole_words(grams, words):
    assert decisive_words(HENAN_3, grams) == words


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(reduce_text(HENAN_3).chars) - 2),
                min_size=1, max_size=8))
def test_deciding_words_are_words_of_the_text(starts):
    """Whole words of two characters or more, whenever any of the bigrams
    touches one; the bigrams themselves only when none does."""
    chars = reduce_text(HENAN_3).chars
    grams = [chars[i:i + 2] for i in starts]
    words = [reduce_text(w).chars for w, _, _ in segment(HENAN_3)]
    before = [""] + [w[-1] for w in words[:-1]]   # the character each word follows
    after = [w[0] for w in words[1:]] + [""]      # and the one it precedes
    touched = {w for w, b, a in zip(words, before, after) if len(w) >= 2
               and any(g in w or g in (b + w[0], w[-1] + a) for g in grams)}
    found = decisive_words(HENAN_3, grams)
    if touched:
        assert found and set(found) <= touched
    else:
        assert found == grams[:5]


# Texts written for this test on the pattern of a provincial article that
# restates one national article and copies a sentence of another.
CHILD = {1: "慈善募捐包括公开募捐和定向募捐。慈善组织开展公开募捐，应当依法取得公开募捐资格。"
            "慈善组织自登记之日起可以开展定向募捐。",
         2: "违反本办法规定的，依照慈善法处罚；由县级以上人民政府民政部门责令限期改正，予以警告。"}
PARENT = {1: "慈善组织开展公开募捐，应当取得公开募捐资格。依法登记满二年的慈善组织，可以申请公开募捐资格。",
          2: "慈善组织自登记之日起可以开展定向募捐。慈善组织开展定向募捐，应当在特定对象的范围内进行。",
          3: "慈善组织违反规定开展公开募捐的，由县级以上人民政府民政部门责令限期改正，予以警告。",
          4: "慈善组织违反规定开展定向募捐的，由县级以上人民政府民政部门责令限期改正，予以警告。"}


def test_a_sentence_copied_whole_names_its_parent_clause():
    """The child's last sentence is held whole by parent 2 alone; the penalty
    sentence is held by the two parallel penalty clauses alike, so it names
    neither (``sentences.LEAD``); the first sentences are too short."""
    grams = {seq: document_grams({s: reduce_text(t).chars for s, t in texts.items()})
             for seq, texts in (("child", CHILD), ("parent", PARENT))}
    weights = PairWeights(grams["child"], grams["parent"])
    reduced = {seq: reduce_text(text).chars for seq, text in CHILD.items()}
    found = {(c.child_seq, c.parent_seq, c.sentence)
             for c in copied_sentences(CHILD, reduced, weights)}
    assert (1, 2, "慈善组织自登记之日起可以开展定向募捐") in found
    assert not any(seq == 2 for seq, _, _ in found)
    assert all(len(reduce_text(s).chars) >= SENTENCE_CHARS for _, _, s in found)


def test_a_sentence_the_child_repeats_is_its_own_formula():
    """Said again in another clause of the child (a criminal law's 情节严重的，
    处三年以上七年以下有期徒刑), the sentence is the child's formula: no source."""
    child = {**CHILD, 3: "慈善组织自登记之日起可以开展定向募捐。定向募捐不得面向社会公众。"}
    grams = [document_grams({s: reduce_text(t).chars for s, t in texts.items()})
             for texts in (child, PARENT)]
    reduced = {seq: reduce_text(text).chars for seq, text in child.items()}
    found = copied_sentences(child, reduced, PairWeights(*grams))
    assert not any(c.sentence.startswith("慈善组织自登记之日起") for c in found)


def test_a_sentence_of_boilerplate_alone_is_a_formula():
    """A sentence whose fingerprints are all boilerplate (in more documents
    than ``link.COMMON_DOCUMENTS``) is no evidence of a source; one holding
    a fingerprint of its own is."""
    chars = reduce_text(CHILD[2]).chars
    sentence = reduce_text("由县级以上人民政府民政部门责令限期改正，予以警告").chars
    prints = fingerprint_text(chars)
    start = chars.find(sentence)
    inside = {h for h, at in prints if at >= start}
    assert _formula(chars, sentence, inside)
    assert not _formula(chars, sentence, inside - {min(inside)})
    assert not _formula(chars, sentence, None)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_run_weighs_little_exactly_when_its_every_fingerprint_is_boilerplate(data):
    """The run weight (``pairs._weigher``, counted by prefix for speed)
    against its definition: COMMON_WEIGHT when the run holds fingerprints
    and every one is boilerplate."""
    chars = reduce_text(CHILD[2] + HENAN_3).chars
    prints = fingerprint_text(chars)
    common = set(data.draw(st.lists(st.sampled_from([h for h, _ in prints]), max_size=12)))
    weigh = _weigher(chars, common or {0})
    start = data.draw(st.integers(0, len(chars) - 1))
    end = data.draw(st.integers(start + 1, len(chars)))
    inside = [h for h, at in prints if start <= at <= end - K]
    expected = COMMON_WEIGHT if inside and all(h in common for h in inside) else 1.0
    assert weigh(start, end) == expected


def _bigram_weights(texts: list[str], idf: dict[str, float]) -> list[dict[str, float]]:
    return [{g: n * idf[g] for g, n in Counter(t[i:i + 2] for i in range(len(t) - 1)).items()}
            for t in texts]


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_word_measures_are_their_definitions(data):
    """``PairWeights`` (sparse products, built in compressed form) against
    the definitions written out: weight log(1 + clauses / occurrences) over
    both documents, similarity the cosine of the weighted bigram vectors,
    explained the share of the child's weight the parent clause holds,
    carried the share of the parent's the child holds; over all parent
    clauses or only some."""
    clause = st.text("示范应用道路测试", min_size=2, max_size=14)
    child = data.draw(st.lists(clause, min_size=1, max_size=4))
    parent = data.draw(st.lists(clause, min_size=1, max_size=4))
    some = data.draw(st.none() | st.sets(st.sampled_from(range(len(parent))), min_size=1))
    weights = PairWeights(document_grams(dict(enumerate(child))),
                          document_grams(dict(enumerate(parent))),
                          None if some is None else range(len(child)), some)
    occurrences = Counter(t[i:i + 2] for t in child + parent for i in range(len(t) - 1))
    idf = {g: math.log1p(len(child + parent) / n) for g, n in occurrences.items()}
    c_vectors, p_vectors = _bigram_weights(child, idf), _bigram_weights(parent, idf)
    for i, c in enumerate(c_vectors):
        for j in sorted(range(len(parent)) if some is None else some):
            p = p_vectors[j]
            dot = sum(w * p.get(g, 0.0) for g, w in c.items())
            norms = math.sqrt(sum(w * w for w in c.values()) * sum(w * w for w in p.values()))
            assert weights.similarity(i, j) == pytest.approx(dot / norms)
            assert weights.explained(i, j) == pytest.approx(
                sum(w for g, w in c.items() if g in p) / sum(c.values()))
            assert weights.carried(i, j) == pytest.approx(
                sum(w for g, w in p.items() if g in c) / sum(p.values()))
