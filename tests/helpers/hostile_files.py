"""Crafted spreadsheets as an attacker writes them: zip and XML by hand, not through openpyxl.

Each builder writes a small, valid-looking .xlsx package whose sheet claims or holds something
huge: a cell at XFD1048576, a merged range over the whole sheet, shared strings that unpack to
tens of megabytes, a corrupt deflate stream. The benchmarks in ``benchmarks/faults/`` use the
same builders, so the suite and the figures speak of the same files.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
<Relationship Id="rId2" Target="sharedStrings.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>
</Relationships>"""
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
BANK_HEADER = ("银行名称", "简称")


def inline_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def header_row() -> str:
    pairs = zip("AB", BANK_HEADER, strict=True)
    cells = "".join(inline_cell(f"{col}1", text) for col, text in pairs)
    return f'<row r="1">{cells}</row>'


def write_package(
    path: Path,
    sheet_xml: str,
    shared_strings: str = "",
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """A minimal workbook of one sheet, written part by part."""
    strings = shared_strings or (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" '
        'uniqueCount="0"/>'
    )
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", strings)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def sheet(rows: str, dimension: str = "", after: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"{SHEET_START}{dim}<sheetData>{rows}</sheetData>{after}</worksheet>"


def far_cell(path: Path, reference: str = "XFD1048576", dimension: str = "") -> Path:
    """A bank sheet with one real row and one cell far away (the dimension may hide it)."""
    row = "".join(ch for ch in reference if ch.isdigit())
    rows = (
        header_row()
        + f'<row r="2">{inline_cell("A2", "中国工商银行")}</row>'
        + f'<row r="{row}">{inline_cell(reference, "x")}</row>'
    )
    return write_package(path, sheet(rows, dimension or f"A1:{reference}"))


def huge_merge(path: Path, reference: str = "A2:A1048576") -> Path:
    """A bank sheet whose one data row is merged down a million rows."""
    rows = header_row() + f'<row r="2">{inline_cell("A2", "中国工商银行")}</row>'
    merge = f'<mergeCells count="1"><mergeCell ref="{reference}"/></mergeCells>'
    return write_package(path, sheet(rows, "A1:B2", merge))


def many_merges(path: Path, count: int) -> Path:
    """A bank sheet with ``count`` small merged ranges, each within the caps."""
    rows = header_row() + f'<row r="2">{inline_cell("A2", "中国工商银行")}</row>'
    merges = "".join(f'<mergeCell ref="C{n}:D{n}"/>' for n in range(1, count + 1))
    after = f'<mergeCells count="{count}">{merges}</mergeCells>'
    return write_package(path, sheet(rows, "A1:B2", after))


def huge_shared_strings(path: Path, megabytes: int = 138) -> Path:
    """Shared strings that unpack to ``megabytes`` MB (they compress to almost nothing)."""
    chunk = "银" * 8000
    count = megabytes * 1024 * 1024 // (len(chunk.encode()) + 20)
    items = "".join(f"<si><t>{chunk}</t></si>" for _ in range(count))
    strings = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" '
        f'uniqueCount="{count}">{items}</sst>'
    )
    rows = header_row() + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return write_package(path, sheet(rows, "A1:B2"), strings)


def long_cell(path: Path, length: int = 40_000) -> Path:
    """One cell longer than Excel itself allows."""
    rows = header_row() + f'<row r="2">{inline_cell("A2", "银" * length)}</row>'
    return write_package(path, sheet(rows, "A1:B2"))


def corrupt_deflate(path: Path) -> Path:
    """A real bank workbook whose sheet's compressed stream is overwritten in the middle."""
    rows = header_row() + "".join(
        f'<row r="{n}">{inline_cell(f"A{n}", f"银行{n}")}</row>' for n in range(2, 400)
    )
    write_package(path, sheet(rows, "A1:B399"))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 40, start + min(info.compress_size - 8, 240)):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def bank_csv(path: Path, rows: int) -> Path:
    """A CSV of ``rows`` banks (one million for the benchmark)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(BANK_HEADER) + "\n")
        for n in range(rows):
            handle.write(f"测试银行{n},测{n}\n")
    return path
