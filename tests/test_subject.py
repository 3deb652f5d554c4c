"""What a title says a document regulates (indexer/lineage/subject.py): the
test a link into a parent nobody cites must pass. The titles are those of
the hand-judged links of tests/lineage_audit.toml, samples G and H."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.models import Metadata
from indexer.lineage.subject import shared_subject, subject

HENAN, ZHENGZHOU = ("河南省", "410000"), ("河南省郑州市", "410100")


def meta(title: str, region: tuple[str, str] | None = None) -> Metadata:
    name, code = region or (None, None)
    return Metadata(title=title, region=name, region_code=code)


@pytest.mark.parametrize(("title", "region", "expected"), [
    ("河南省旅游条例", HENAN, "旅游"),
    ("郑州市旅游业管理条例", ZHENGZHOU, "旅游业"),
    ("郑州市旅游业管理条例", None, "旅游业"),             # region unknown: the prefix is read
    ("城市民族工作条例", None, "城市民族"),               # 城市 is no region
    ("中华人民共和国城乡规划法", None, "城乡规划法"),
    ("山东省实施《中华人民共和国矿产资源法》办法", ("山东省", "370000"), "矿产资源法"),
    ("证券、期货投资咨询管理暂行办法", None, "证券期货投资咨询"),
    ("关于在全省开展车险投保人实名缴费的通知", None, "在全省开展车险投保人实名缴费"),
    ("国务院关于印发“十四五”节能减排综合工作方案的通知", None, "十四五节能减排综合"),
])
def test_subject_is_the_title_without_issuer_region_and_kind(title, region, expected):
    assert subject(meta(title, region)) == expected


@pytest.mark.parametrize(("child", "parent", "shared"), [
    # judged strong: the same matter
    ("郑州市旅游业管理条例", "河南省旅游条例", "旅游"),
    ("浙江省农村生活污水处理设施管理条例", "城镇排水与污水处理条例", "污水处理"),
    ("山东省水路交通条例", "国内水路运输管理条例", "水路"),
    ("开封市中小学校幼儿园规划建设条例", "中华人民共和国城乡规划法", "规划"),
    # judged wrong: another matter, the 复议/诉讼 article or a 从其规定 tail shared
    ("济南市公共场所禁止吸烟的规定", "城市市容和环境卫生管理条例", ""),
    ("平顶山市城市公共汽车客运条例", "河南省旅游条例", ""),
    ("淄博市散装水泥管理办法", "山东省实施《中华人民共和国矿产资源法》办法", ""),
    # an action is no matter: 保护 of 文物 and of 野生动物
    ("洛阳市文物保护管理条例", "中华人民共和国野生动物保护法", ""),
])
def test_two_documents_share_a_subject_when_their_matters_meet(child, parent, shared):
    assert shared_subject(meta(child), meta(parent)) == shared


TITLES = ["河南省旅游条例", "城镇排水与污水处理条例", "中华人民共和国城乡规划法", "宁波市城市绿化条例",
          "城市民族工作条例", "关于加强旅游市场综合监管的通知", "中华人民共和国文物保护法"]


@given(st.sampled_from(TITLES), st.sampled_from(TITLES))
def test_sharing_a_subject_is_symmetric(a, b):
    assert bool(shared_subject(meta(a), meta(b))) == bool(shared_subject(meta(b), meta(a)))
