"""Fonts whose text cannot be trusted: Identity-encoded CID fonts without a ToUnicode map.

With Identity-H/V the codes in the content stream are glyph ids of the embedded font; only
the ToUnicode map says which characters they draw.  Without it some libraries return
plausible but wrong Chinese and pdfminer returns `(cid:N)`: either way the text is not the
document's, so such a page is rejected rather than read.  The check inspects the fonts of
the page (and of the forms it draws), then the characters drawn with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral, literal_name

_IDENTITY = {"Identity-H", "Identity-V"}
_FORM_DEPTH = 8  # forms drawn inside forms, as deep as fonts are looked for


def _name(value: Any) -> str | None:
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        return literal_name(value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else None


def _fonts(resources: Any, depth: int = 0) -> Iterator[dict]:
    """Every font dictionary of a resource dictionary and of the forms it holds."""
    resources = resolve1(resources)
    if not isinstance(resources, dict) or depth > _FORM_DEPTH:
        return
    fonts = resolve1(resources.get("Font"))
    if isinstance(fonts, dict):
        for ref in fonts.values():
            font = resolve1(ref)
            if isinstance(font, dict):
                yield font
    xobjects = resolve1(resources.get("XObject"))
    if isinstance(xobjects, dict):
        for ref in xobjects.values():
            xobject = resolve1(ref)
            if isinstance(xobject, PDFStream) and _name(xobject.get("Subtype")) == "Form":
                yield from _fonts(xobject.get("Resources"), depth + 1)


def untrusted(font: dict) -> set[str]:
    """The names characters drawn with `font` carry, if the font cannot be trusted (a
    Type0 font with Identity encoding and no ToUnicode map); else an empty set.

    >>> from pdfminer.psparser import LIT
    >>> untrusted({"Subtype": LIT("Type0"), "Encoding": LIT("Identity-H"),
    ...            "BaseFont": LIT("ABCDEF+SimSun")})
    {'ABCDEF+SimSun'}
    >>> untrusted({"Subtype": LIT("Type0"), "Encoding": LIT("Identity-H"),
    ...            "BaseFont": LIT("ABCDEF+SimSun"), "ToUnicode": object()})
    set()
    """
    if _name(font.get("Subtype")) != "Type0" or _name(font.get("Encoding")) not in _IDENTITY:
        return set()
    if font.get("ToUnicode") is not None:
        return set()
    names = {_name(font.get("BaseFont")) or "unknown"}
    for descendant in resolve1(font.get("DescendantFonts")) or ():
        descriptor = resolve1(resolve1(descendant).get("FontDescriptor"))
        if isinstance(descriptor, dict) and (name := _name(descriptor.get("FontName"))):
            names.add(name)
    return names


def untrusted_font_used(page: Any) -> str | None:
    """The name of an untrusted font the page draws characters with, if any (`page` is a
    pdfplumber page)."""
    names: set[str] = set()
    for font in _fonts(page.page_obj.resources):
        names |= untrusted(font)
    if not names:
        return None
    for char in page.chars:
        if char["fontname"] in names:
            return char["fontname"]
    return None
