"""The deciding words a link's evidence shows (``lexical.decisive_words``):
whole words of the child clause, never a bigram straddling two of them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.lexicon import segment
from indexer.lineage.fingerprint import reduce_text
from indexer.lineage.lexical import decisive_words

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
