"""Making the text of a PDF that Qt wrote give back exactly the characters it shows.

Why it is needed: Qt's PDF writer embeds each font as a subset and writes its text mapping (the
``ToUnicode`` CMap) by asking the font, for every code point from U+0000 up, which glyph it draws,
and keeping the *lowest* code point for each glyph (``QFontSubset::getReverseMap``). Pan-CJK fonts
(Noto/Source Han, in every regional face, the Simplified Chinese one included) draw many code
points with one glyph: the Kangxi radical U+2F8F and the ideograph 行 U+884C, a tab and a space,
the figure dash and the en dash, the wave dash and the full-width tilde, the em space and the
ideographic space… So searching or copying an evidence pack gave radicals and tabs back, and an
auditor searching for a bank's name found nothing.

The fix: the document's own layout says which characters each glyph was drawn for (its glyph runs
carry glyph indexes and string positions); where the lowest code point of a drawn glyph is not the
character drawn, the written file's CMaps are rewritten to name the drawn character. The file also
gets its language (``/Lang``) in its catalogue.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtGui import QRawFont, QTextDocument, QTextLayout


@functools.cache
def _bmp() -> str:
    """Every BMP code point but the surrogates (made when first needed, not at import: the
    front desk imports this module when its page is first built)."""
    return "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)


_lowest: dict[tuple[str, str, int], dict[int, str]] = {}
_Drawn = tuple[QRawFont, int, str]


def _lowest_code_points(raw: QRawFont) -> dict[int, str]:
    """For each glyph of ``raw``: the lowest BMP code point it draws, as Qt's PDF writer maps it."""
    key = (raw.familyName(), raw.styleName(), int(raw.weight()))
    found = _lowest.get(key)
    if found is None:
        found = {}
        bmp = _bmp()
        for char, glyph in zip(bmp, raw.glyphIndexesForString(bmp), strict=True):
            if glyph and glyph not in found:
                found[glyph] = char
        _lowest[key] = found
    return found


def _utf16_chars(text: str) -> list[str]:
    """The characters of ``text`` by UTF-16 position, as Qt counts (a surrogate pair: twice)."""
    positions: list[str] = []
    for char in text:
        positions.extend([char] * (2 if ord(char) > 0xFFFF else 1))
    return positions


def _drawn(document: QTextDocument) -> Iterator[_Drawn]:
    """Each glyph the laid-out document draws, with its font and the character it stands for.

    A glyph that stands for several characters (a ligature) or shares one with another glyph
    (a combining sequence) is left out: one code point cannot say it. A block drawn one glyph
    per character, in order and in one font, is read in one go; any other block character by
    character, because the string positions Qt gives for a run holding several script items
    (✔ drawn in DejaVu Sans between Chinese characters) are not positions in the block.
    """
    flags = QTextLayout.GlyphRunRetrievalFlag.RetrieveAll
    block = document.begin()
    while block.isValid():
        text = _utf16_chars(block.text())
        layout = block.layout()
        if text and layout is not None:
            runs = layout.glyphRuns(0, len(text), flags)
            if len(runs) == 1 and list(runs[0].stringIndexes()) == list(range(len(text))):
                raw = runs[0].rawFont()
                for glyph, char in zip(runs[0].glyphIndexes(), text, strict=True):
                    yield raw, glyph, char
            else:
                yield from _char_by_char(layout, text)
        block = block.next()


def _char_by_char(layout: QTextLayout, text: list[str]) -> Iterator[_Drawn]:
    flags = QTextLayout.GlyphRunRetrievalFlag.RetrieveAll
    position = 0
    while position < len(text):
        width = 2 if ord(text[position]) > 0xFFFF else 1
        runs = layout.glyphRuns(position, width, flags)
        if len(runs) == 1 and len(runs[0].glyphIndexes()) == 1:
            following = layout.glyphRuns(position + width, 1, flags)
            shared = any(position in run.stringIndexes() for run in following)
            if not shared and list(runs[0].stringIndexes()) == [position]:
                yield runs[0].rawFont(), runs[0].glyphIndexes()[0], text[position]
        position += width


# Spaces other than the ASCII one that HTML would fold into a plain space (Qt's HTML reader
# treats every Unicode space as collapsible white space), runs of them outside tags.
_WIDE_SPACES = re.compile("[\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_TAG = re.compile(r"(<[^>]*>)")


def keep_spaces(html: str) -> str:
    """``html`` with each run of ideographic, em, en, thin… spaces kept as written.

    Qt's HTML reader folds them into one plain space, so an ideographic space (U+3000, the
    indent of Chinese text) would be drawn, and read back, as a space. In a span that keeps
    white space they stay what they are.
    """
    parts = _TAG.split(html)
    for index in range(0, len(parts), 2):  # the text between tags (tags are at odd indexes)
        parts[index] = _WIDE_SPACES.sub(
            lambda m: f'<span style="white-space:pre-wrap">{m.group(0)}</span>', parts[index]
        )
    return "".join(parts)


def text_fixes(document: QTextDocument) -> dict[str, str]:
    """What Qt's text mapping will say → what the document drew, where the two differ.

    Call after the document is laid out for the device. Where one glyph was drawn for several
    characters (an em space and an ideographic space share one in the pan-CJK fonts), the
    mapping can name only one: the one drawn most often, the mapped code point itself included.
    """
    document.size()  # lays the document out
    wanted: dict[str, Counter[str]] = defaultdict(Counter)
    for raw, glyph, char in _drawn(document):
        mapped = _lowest_code_points(raw).get(glyph)
        if mapped is not None:
            wanted[mapped][char] += 1
    fixes: dict[str, str] = {}
    for mapped, chars in wanted.items():
        best = max(chars, key=lambda char: (chars[char], char == mapped))
        if best != mapped:
            fixes[mapped] = best
    return fixes


_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_SECTION = re.compile(rb"(\d+\s+begin(bfchar|bfrange)\b)(.*?)(end\2)", re.S)


def _decode(token: bytes) -> str:
    return bytes.fromhex(token.decode("ascii")).decode("utf-16-be", errors="surrogatepass")


def _encode(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _fixed(token: bytes, fixes: dict[str, str]) -> bytes:
    text = _decode(token)
    changed = "".join(fixes.get(char, char) for char in text)
    return token if changed == text else _encode(changed)[1:-1]


def _fix_range_line(line: bytes, fixes: dict[str, str]) -> bytes:
    tokens: list[bytes] = _HEX.findall(line)
    if b"[" in line or len(tokens) != 3:  # <lo> <hi> [<dst> …]: each destination on its own
        head = line.index(b"[") if b"[" in line else len(line)
        tail = _HEX.sub(lambda m: b"<" + _fixed(m.group(1), fixes) + b">", line[head:])
        return line[:head] + tail
    low, high, first = (int(token, 16) for token in tokens)
    if len(tokens[2]) != 4:
        return line
    targets = [chr(first + offset) for offset in range(high - low + 1)]
    if not any(char in fixes for char in targets):
        return line
    listed = b" ".join(_encode(fixes.get(char, char)) for char in targets)
    return b"<" + tokens[0] + b"> <" + tokens[1] + b"> [" + listed + b"]"


def _fix_char_line(line: bytes, fixes: dict[str, str]) -> bytes:
    tokens: list[bytes] = _HEX.findall(line)
    if len(tokens) != 2:
        return line
    return b"<" + tokens[0] + b"> <" + _fixed(tokens[1], fixes) + b">"


def fix_cmap(data: bytes, fixes: dict[str, str]) -> bytes:
    """A ToUnicode CMap with each destination code point in ``fixes`` replaced."""

    def section(match: re.Match[bytes]) -> bytes:
        fix_line = _fix_char_line if match.group(2) == b"bfchar" else _fix_range_line
        lines = [
            fix_line(line, fixes) if line.strip() else line for line in match.group(3).split(b"\n")
        ]
        return match.group(1) + b"\n".join(lines) + match.group(4)

    return _SECTION.sub(section, data)


def repair_pdf(path: Path, fixes: dict[str, str], language: str) -> None:
    """Rewrite the text mapping of every font in ``path`` by ``fixes`` and set its language
    (a BCP 47 tag such as "zh-CN"); the file is replaced whole, never left half-written."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(path))
    done: set[int] = set()
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for reference in fonts.get_object().values() if fonts is not None else ():
            cmap_reference = reference.get_object().get("/ToUnicode")
            if cmap_reference is None or id(cmap_reference.get_object()) in done:
                continue
            stream = cmap_reference.get_object()
            done.add(id(stream))
            data = stream.get_data()
            fixed = fix_cmap(data, fixes)
            if fixed != data:
                stream.set_data(fixed)
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream_out:
            writer.write(stream_out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
