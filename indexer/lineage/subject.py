"""What a document regulates, read from its title: the test a clause copied
from a document nobody cites must pass.

A child that copies clauses of an uncited document it does not follow as a
whole (fewer than ``pairs.COPIED_CLAUSES`` aligned clauses) may be restating
a real source, or sharing boilerplate every regulation carries. Of 27 such
links drawn on the half of lawrefbook and judged by hand
(tests/lineage_audit.toml, samples G and H) a third were right, and they
were mostly the ones whose two documents regulate the same matter:
郑州市旅游业管理条例 第四十三条 restating 河南省旅游条例 第九十一条, 浙江 农村生活污水处理设施
管理条例 the prohibitions of 城镇排水与污水处理条例. The wrong ones were the
复议/诉讼 article, 从其规定 and 依法追究刑事责任 tails and purpose articles
shared by unrelated regulations (济南 禁止吸烟 ← 城市市容和环境卫生管理条例).

A title names that matter: GB/T 9704-2012 §7.3.1 makes it 发文机关 + 事由 +
文种, and a regulation's is region + 事由 + 文种. The 事由 is what is left
once the issuer or region, 关于, a 印发/转发 wrapper, 中华人民共和国 and the
文种 are taken off; two documents regulate the same matter when their 事由
share a word (measured as a shared character bigram: 旅游, 污水, 水路).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from corpus.catalog import title_keys
from corpus.divisions import find_region, region_names
from corpus.models import Metadata
from corpus.vocabulary import TITLE_END

_NATION = "中华人民共和国"
_LEAD = re.compile(r"^(?:关于|实施|贯彻落实|贯彻|落实|进一步)+")
# Words around the 事由 that say how, not what (管理条例, 若干规定, 实施细则).
_TAIL = re.compile(r"(?:的|实施|若干|管理|暂行|试行|工作)+$")
# Words of a 事由 that name an action, not the matter acted on (野生动物 of
# 野生动物保护, 旅游 of 促进旅游发展): two 事由 sharing only these (文物保护 and
# 未成年人保护) regulate different matters.
_ACTIONS = re.compile("保护|促进|管理|防治|监督|建设|发展|服务|办理|审理|适用|实施|规范|加强|推进|保障"
                      "|预防|治理|若干问题")
_NOISE = re.compile(r"[^\u3400-\u9fff]")


def subject(meta: Metadata) -> str:
    """The 事由 of a document's title (旅游 for 河南省旅游条例, 在全省开展车险
    投保人实名缴费 for 关于在全省开展车险投保人实名缴费的通知); empty when the title
    says nothing more than its issuer and 文种."""
    keys = title_keys(meta.title)
    if not keys:
        return ""
    text = _NOISE.sub("", min(keys, key=len).replace(_NATION, ""))   # 印发X的通知: X
    if not text.startswith("关于"):   # a regulation's: region + 事由 + 文种
        text = _without_region(text, meta)
    text = _LEAD.sub("", text)
    for _ in range(2):   # 办法 of 实施办法, then 管理 of 管理办法
        text = _TAIL.sub("", TITLE_END.sub("", text))
    return text


def _without_region(text: str, meta: Metadata) -> str:
    """A title without the regions it starts with (山西省运城市…): the
    document's own, or when none is known, the ones its title names
    (``divisions.find_region``)."""
    names = region_names(meta.region, meta.region_code)
    if not names and (found := find_region(text)) is not None:
        names = region_names(None, found.code)
    while name := next((n for n in names if n and text.startswith(n)), None):
        text = text[len(name):]
    return text


@lru_cache(maxsize=4096)
def _shared(child: str, parent: str) -> str:
    """The longest run of two 事由 in common outside their action words
    (each side's replaced by a mark of its own, which never matches)."""
    child, parent = _ACTIONS.sub("|", child), _ACTIONS.sub("#", parent)
    match = SequenceMatcher(None, child, parent, autojunk=False).find_longest_match()
    return child[match.a:match.a + match.size] if match.size >= 2 else ""


def shared_subject(child: Metadata, parent: Metadata) -> str:
    """The longest run of the two 事由 in common (污水处理 for 农村生活污水处理设施
    and 城镇排水与污水处理), or empty when they share no word but an action
    (保护, 管理): then the two documents regulate different matters."""
    return _shared(subject(child), subject(parent))
