"""Radical glyphs → the ideographs they stand for, as a reader sees them.

Chromium embeds Noto CJK as Type 3 fonts whose ToUnicode maps many glyphs to Kangxi radicals
and CJK radicals (⾏⼀⽀⾦, ⻔⺠⻅⻋) instead of the unified ideographs (行一支金, 门民见车).
NFKC fixes the Kangxi block but not the CJK Radicals Supplement, and takes ⼾ to 戶 (the
traditional form) where Chinese budgets print 户.  Unicode's EquivalentUnifiedIdeograph
data (vendored in pipeline/data/unicode with its licence) maps every radical and stroke
that has an equivalent ideograph; ⼾ is then taken to 户.
"""

from __future__ import annotations

from functools import cache

from pipeline.settings import PACKAGE_ROOT

TABLE = PACKAGE_ROOT / "data" / "unicode" / "EquivalentUnifiedIdeograph.txt"
OVERRIDES = {0x2F3E: 0x6237}  # KANGXI RADICAL DOOR ⼾ → 户 (EquivalentUnifiedIdeograph: 戶)


@cache
def equivalents() -> dict[int, int]:
    """Code point of each radical or stroke → its equivalent unified ideograph.

    >>> table = equivalents()
    >>> chr(table[0x2F8F]), chr(table[0x2ED4]), chr(table[0x2F3E])
    ('行', '门', '户')
    """
    table: dict[int, int] = {}
    for raw in TABLE.read_text(encoding="utf-8").splitlines():
        data = raw.split("#", 1)[0].strip()
        if not data:
            continue
        codes, target = (part.strip() for part in data.split(";"))
        first, _, last = codes.partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            table[code] = int(target, 16)
    return table | OVERRIDES


def unify(text: str) -> str:
    """Text with every radical glyph replaced by its equivalent ideograph.

    >>> unify("⼀般公共服务⽀出，⾏政运⾏，⻔户⽹站")
    '一般公共服务支出，行政运行，门户网站'
    """
    if text.isascii():
        return text
    return text.translate(equivalents())
