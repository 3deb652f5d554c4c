"""Regions and levels from the table of administrative divisions."""

from __future__ import annotations

import pytest

from corpus.divisions import find_region, government_level, governs, issuer_region, text_level


@pytest.mark.parametrize("issuer, full_name, level", [
    ("永济市人民政府办公室", "山西省运城市永济市", "county"),
    ("晋城市市场监督管理局办公室", "山西省晋城市", "city"),
    ("山西省市场监管局等十三部门", "山西省", "provincial"),
    ("浙江省人民代表大会常务委员会", "浙江省", "provincial"),
    ("广东省深圳市福田区人民政府", "广东省深圳市福田区", "county"),
    ("北京市朝阳区人民政府", "北京市朝阳区", "county"),
    ("上海市人民政府", "上海市", "provincial"),
    ("济源市人民政府", "河南省济源市", "county"),
    ("内蒙古自治区人民政府", "内蒙古自治区", "provincial"),
    ("市场监管总局", None, "national"),
    ("国务院办公厅", None, "national"),
    ("商务部", None, "national"),
])
def test_issuer_region_and_level(issuer, full_name, level):
    region = find_region(issuer)
    assert (region.full_name if region else None) == full_name
    assert government_level(region, issuer) == level


def test_a_shared_name_is_settled_by_context():
    # 朝阳区 is a district of both 北京市 and 长春市.
    assert find_region("朝阳区人民政府", context="吉林省长春市").full_name == "吉林省长春市朝阳区"
    assert find_region("朝阳区人民政府", context="北京市").full_name == "北京市朝阳区"


@pytest.mark.parametrize("issuer, full_name, level", [
    # Regional offices of vertically managed agencies take their seat's level.
    ("中国银保监会江苏监管局", "江苏省", "provincial"),
    ("中国银监会宿迁监管分局", "江苏省宿迁市", "city"),
    ("宿迁银保监分局", "江苏省宿迁市", "city"),
    ("国家金融监督管理总局舟山监管分局", "浙江省舟山市", "city"),
    ("国家税务总局浙江省税务局", "浙江省", "provincial"),
    ("国家统计局万载调查队", "江西省宜春市万载县", "county"),
    ("中国银监会浙江监管局办公室", "浙江省", "provincial"),
    # Central bodies under full and short names.
    ("中国银保监会办公厅", None, "national"),
    ("工业和信息化部", None, "national"),
    ("工信部", None, "national"),
    ("住建部", None, "national"),
    ("银保监会", None, "national"),
])
def test_agency_region_and_level(issuer, full_name, level):
    region = issuer_region(issuer)
    assert (region.full_name if region else None) == full_name
    assert government_level(region, issuer) == level


def test_level_from_the_text_when_no_issuer_says():
    text = "为推动我省数字经济发展，结合山东省实际，制定本方案。全省各地要抓好落实。"
    level, region = text_level(text)
    assert (level, region.full_name) == ("provincial", "山东省")
    assert text_level("各单位要认真落实本通知要求。") == (None, None)   # nothing invented


@pytest.mark.parametrize("level, code, child_code, governed", [
    ("national", "", "371400", True),              # a national rule governs everywhere
    ("provincial", "410000", "410300", True),      # 河南省 → 洛阳市
    ("provincial", "370000", "410300", False),     # 山东省 → 洛阳市: another province's
    ("city", "140800", "140881", True),            # 运城市 → 永济市
    ("city", "140500", "140881", False),           # 晋城市 → 永济市
    ("provincial", None, "410300", True),          # region unknown: nothing ruled out
    (None, "370000", "410300", True),              # level unknown
])
def test_a_local_document_governs_its_own_region_only(level, code, child_code, governed):
    assert governs(level, code, child_code) is governed
