"""PDFs give back exactly the characters they show: the Simplified Chinese face is chosen, and the
text mapping Qt writes (lowest code point per glyph: Kangxi radicals for 行, tabs for spaces…) is
rewritten from the document's own layout. Read back with pypdf, compared without normalisation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desktop_app.ui.document_fonts import candidate_faces, document_family, document_font
from desktop_app.ui.pdf_text import fix_cmap, keep_spaces
from desktop_app.ui.printing import escape, write_pdf
from tests.helpers.pdfs import pdf_lines, pdf_text, wrong_code_points

# Each line holds characters a pan-CJK font draws with a glyph it shares with a lower code point.
LINES = (
    "行政中心 银行回访 工商银行",  # 行 U+884C / U+2F8F, 心 / U+2F3C, 工 / U+2F2F; spaces / tab
    "您好，请在周一至周五 09:00–11:30 办理",  # 一 / U+2F00, en dash / figure dash
    "上午 9:00～11:30 下午",  # full-width tilde / wave dash
    "office fi 2026年11月25日",  # ligatures and proportional digits would map to nothing
)
# pypdf starts a new line where Qt starts a new text object: at a change of script.
EXTRACTED = (*LINES[:3], "office fi 2026", "年11月25日")


def language(path: Path) -> str:
    """The /Lang of the document's catalogue."""
    root: Any = PdfReader(path).trailer["/Root"]
    return str(root["/Lang"])


def test_every_line_comes_back_exactly(qtbot: QtBot, tmp_path: Path) -> None:
    body = "".join(f"<p>{escape(line)}</p>" for line in LINES)
    body += f"<h1>{escape(LINES[0])}</h1><table><tr><td>{escape(LINES[1])}</td></tr></table>"
    path = write_pdf(body, tmp_path / "lines.pdf", "测试", "zh_CN")
    lines = pdf_lines(path)
    for line in EXTRACTED:
        assert line in lines, (line, lines)
    assert lines.count(LINES[0]) == 2 and lines.count(LINES[1]) == 2  # bold heading, table cell
    assert not wrong_code_points(pdf_text(path))
    reader = PdfReader(path)
    assert language(path) == "zh-CN"
    page: Any = reader.pages[0]
    fonts = page["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert any("CJKsc" in name for name in names), names  # the Simplified Chinese face
    assert not any("CJKjp" in name for name in names), names


def test_an_english_document_names_its_language(qtbot: QtBot, tmp_path: Path) -> None:
    path = write_pdf("<p>Callback Desk – 回访台</p>", tmp_path / "en.pdf", "t", "en")
    assert language(path) == "en"
    assert pdf_lines(path) == ["Callback Desk – ", "回访台"]


def test_the_simplified_chinese_face_is_chosen_by_platform(qtbot: QtBot) -> None:
    assert candidate_faces("win32")[:2] == ("Microsoft YaHei", "SimSun")
    assert candidate_faces("darwin")[0] == "PingFang SC"
    assert candidate_faces("linux")[0] == "Noto Sans CJK SC"
    assert len(set(candidate_faces("win32"))) == len(candidate_faces("win32"))
    assert document_family() == "Noto Sans CJK SC"  # installed here; its JP face is not chosen
    assert document_font().families() == ["Noto Sans CJK SC"]


@pytest.mark.parametrize(
    ("cmap", "expected"),
    [
        (b"1 beginbfchar\n<0003> <2F8F>\nendbfchar", b"1 beginbfchar\n<0003> <884C>\nendbfchar"),
        (
            b"1 beginbfrange\n<0001> <0003> [<2F8F> <0009> <0041>]\nendbfrange",
            b"1 beginbfrange\n<0001> <0003> [<884C> <0020> <0041>]\nendbfrange",
        ),
        (  # a range written as a start code point is spelled out when one of it changes
            b"1 beginbfrange\n<0001> <0002> <2F8E>\nendbfrange",
            b"1 beginbfrange\n<0001> <0002> [<2F8E> <884C>]\nendbfrange",
        ),
        (b"1 beginbfrange\n<0001> <0002> <0041>\nendbfrange", None),  # untouched
    ],
)
def test_a_text_mapping_is_rewritten(cmap: bytes, expected: bytes | None) -> None:
    fixes = {"\u2f8f": "行", "\t": " "}
    assert fix_cmap(cmap, fixes) == (cmap if expected is None else expected)


def test_ideographic_and_other_wide_spaces_come_back_as_themselves(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # Qt's HTML reader folded every Unicode space into a plain one, so the indent of a Chinese
    # letter (two U+3000) came back as a space; plain spaces beside them stay plain spaces.
    lines = (
        "\u3000\u3000您好：贵行来函收悉。",
        "09:00–11:30\u3000上午",
        "a b c d",
        "甲\u2002乙",
    )
    path = write_pdf("".join(f"<p>{escape(line)}</p>" for line in lines), tmp_path / "s.pdf", "t")
    assert pdf_lines(path) == list(lines)
    assert not wrong_code_points(pdf_text(path))


def test_one_glyph_drawn_for_two_characters_names_the_commoner(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # An em space and an ideographic space share one glyph: one mapping serves both, and it
    # names the one drawn more often — here the ideographic space, drawn three times.
    body = "<p>\u3000\u3000您好</p><p>甲\u3000乙</p><p>丙\u2003丁</p>"
    path = write_pdf(body, tmp_path / "shared.pdf", "t")
    assert pdf_lines(path) == ["\u3000\u3000您好", "甲\u3000乙", "丙\u3000丁"]


def test_a_character_drawn_by_a_fallback_font_keeps_its_neighbours(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # ✔ is not in the Chinese face: Qt draws it in another font, and the string positions of
    # the Chinese run no longer pointed at its characters (甲✔乙 came back as 甲甲甲).
    path = write_pdf("<p>已核对 甲✔乙 ☑ 丙</p>", tmp_path / "mark.pdf", "t")
    assert pdf_text(path) == "已核对 甲\n✔\n乙 \n☑\n 丙"


def test_wide_spaces_are_kept_in_text_only(qtbot: QtBot) -> None:
    html = '<p title="a\u3000b">甲\u3000\u3000乙 丙</p>'
    assert keep_spaces(html) == (
        '<p title="a\u3000b">甲<span style="white-space:pre-wrap">\u3000\u3000</span>乙 丙</p>'
    )
    assert keep_spaces("<p>a b</p>") == "<p>a b</p>"
