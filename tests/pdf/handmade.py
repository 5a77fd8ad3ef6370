"""Small PDFs written byte by byte: hostile ones the browser would never print."""

from __future__ import annotations

import hashlib
import struct
import zlib

_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_bytes(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF whose object n (1-based) is objects[n - 1]; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
        )
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def one_page(
    content: bytes, resources: bytes = b"<< /Font << /F1 4 0 R >> >>", extra: list[bytes] = ()
) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources " + resources + b" >>",
        FONT,
        stream(content),
        *extra,
    ]


def rc4(key: bytes, data: bytes) -> bytes:
    """RC4, the cipher of the PDF standard security handler, revision 2."""
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def encrypted(content: bytes, user: bytes, owner: bytes = b"owner") -> bytes:
    """A one-page PDF encrypted by the standard security handler (40-bit RC4, revision 2)
    with these passwords; an empty user password opens it without asking."""

    def padded(password: bytes) -> bytes:
        return (password + _PAD)[:32]

    file_id = b"kashgar-budgets!"
    permissions = -44
    owner_entry = rc4(hashlib.md5(padded(owner)).digest()[:5], padded(user))
    key = hashlib.md5(
        padded(user) + owner_entry + struct.pack("<i", permissions) + file_id
    ).digest()[:5]
    user_entry = rc4(key, _PAD)
    object_key = hashlib.md5(key + (5).to_bytes(3, "little") + (0).to_bytes(2, "little"))
    objects = one_page(rc4(object_key.digest()[:10], content))
    objects.append(
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (owner_entry.hex().encode(), user_entry.hex().encode(), permissions)
    )
    return pdf_bytes(
        objects,
        b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (file_id.hex().encode(), file_id.hex().encode()),
    )


def page_tree_bomb(levels: int = 7, kids: int = 10) -> bytes:
    """A page tree of `levels` nodes, each listing the next `kids` times: it claims
    kids ** levels pages with a dozen objects."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(levels):
        number = len(objects) + 1
        parent = b"" if level == 0 else b"/Parent %d 0 R " % (number - 1)
        refs = b" ".join([b"%d 0 R" % (number + 1)] * kids)
        objects.append(
            b"<< /Type /Pages "
            + parent
            + b"/Kids ["
            + refs
            + b"] /Count %d >>" % kids ** (levels - level)
        )
    number = len(objects) + 1
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (number - 1, number + 1, number + 2)
    )
    objects += [stream(b"BT /F1 12 Tf 72 700 Td (page) Tj ET"), FONT]
    return pdf_bytes(objects)


def nested(depth: int = 100_000) -> bytes:
    """A one-page PDF whose page resources hold arrays nested `depth` deep."""
    return pdf_bytes(
        one_page(
            b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET",
            resources=b"<< /Font << /F1 4 0 R >> /Bomb " + b"[" * depth + b"]" * depth + b" >>",
        )
    )


def decompression_bomb(repeats: int = 4_000_000) -> bytes:
    """A one-page PDF whose 100 KB content stream inflates to 56 MB of drawing operators."""
    objects = one_page(b"")
    objects[4] = stream(b"0 0 m 1 1 l S\n" * repeats, compress=True)
    return pdf_bytes(objects)


def cell_less_table() -> bytes:
    """A ruled table with a corner region no cell covers (its rules stop short), and an
    amount printed there: text inside the table that none of its cells holds."""
    rules = (
        b"0.5 w 100 742 m 300 742 l S 100 692 m 300 692 l S 100 642 m 200 642 l S "
        b"100 742 m 100 642 l S 200 742 m 200 642 l S 300 742 m 300 692 l S "
    )
    text = (
        b"BT /F1 10 Tf 110 712 Td (Item) Tj ET BT /F1 10 Tf 210 712 Td (1.00) Tj ET "
        b"BT /F1 10 Tf 110 662 Td (Total) Tj ET BT /F1 10 Tf 240 662 Td (99.99) Tj ET"
    )
    return pdf_bytes(one_page(rules + text))


def partial_tounicode() -> bytes:
    """A one-page PDF whose Identity-H font's ToUnicode maps one of the two glyphs it draws
    (<0041> → 表): pdfminer gives the other as (cid:66)."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def "
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0041> <8868> "
        b"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    info = b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
    objects = one_page(b"BT /F1 12 Tf 72 700 Td <00410042> Tj ET")
    objects[3] = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Partial /Encoding /Identity-H "
        b"/DescendantFonts [7 0 R] /ToUnicode 6 0 R >>"
    )
    objects += [
        stream(cmap),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Partial "
        + info
        + b" /DW 1000 /FontDescriptor 8 0 R >>",
        b"<< /Type /FontDescriptor /FontName /Partial /Flags 4 /FontBBox [0 -200 1000 800]"
        b" /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    return pdf_bytes(objects)


def outside_the_page() -> bytes:
    """A one-page PDF that draws a word inside its media box and one beyond its right edge."""
    return pdf_bytes(
        one_page(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET BT /F1 12 Tf 700 700 Td (Ghost) Tj ET")
    )
