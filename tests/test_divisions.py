"""Regions and levels from the table of administrative divisions."""

from __future__ import annotations

import pytest

from corpus.divisions import find_region, government_level


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
