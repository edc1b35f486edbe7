"""Chinese typography of the zh_CN catalog: full-width punctuation inside Chinese text, one form
of address (您), and no space around a person's name."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parents[3] / "translations/zh_CN/LC_MESSAGES/messages.po"
CJK = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
HALF_WIDTH_IN_CHINESE = re.compile(f"{CJK}\\s*[:;,()]|[:;,()]\\s*{CJK}")
# Qt's conventions, kept as Qt reads them: mnemonics "(&F)" and file filters "(*.xlsx)"; and
# the app's own link scheme "callback-desk:", which is typed as it is.
QT_SYNTAX = re.compile(r"\(&\w\)|\(\*[^)]*\)|;;|callback-desk:")
NAME_WITH_SPACE = re.compile(f"{CJK} \\{{(?:person|who|manager)\\}}|\\{{(?:person|who)\\}} {CJK}")


def translations() -> list[str]:
    with open(CATALOG, "rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            found.extend(text for text in strings if text)
    return found


def test_the_checks_catch_what_they_look_for() -> None:
    assert HALF_WIDTH_IN_CHINESE.search("合同 {contract}:已到期")
    assert HALF_WIDTH_IN_CHINESE.search("期限(月)")
    assert not HALF_WIDTH_IN_CHINESE.search(QT_SYNTAX.sub("", "文件(&F)"))
    assert not HALF_WIDTH_IN_CHINESE.search(QT_SYNTAX.sub("", "Excel 工作簿 (*.xlsx)"))
    assert NAME_WITH_SPACE.search("由 {who} 保存")


def test_chinese_text_has_full_width_punctuation() -> None:
    found = [t for t in translations() if HALF_WIDTH_IN_CHINESE.search(QT_SYNTAX.sub("", t))]
    assert found == []


def test_people_are_addressed_as_nin() -> None:
    assert [t for t in translations() if "你" in t] == []


def test_no_space_around_a_persons_name() -> None:
    assert [t for t in translations() if NAME_WITH_SPACE.search(t)] == []
