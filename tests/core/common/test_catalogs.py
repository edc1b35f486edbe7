"""The translation catalogs: zh_CN complete with the same placeholders, template and .mo current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def load_po(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def key(message_id: object) -> str:
    return message_id if isinstance(message_id, str) else next(iter(message_id))  # type: ignore[call-overload]


def as_list(value: object) -> list[str]:
    return [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]


def test_every_zh_cn_entry_is_translated_with_the_same_placeholders() -> None:
    problems = []
    for message in load_po("zh_CN"):
        if not message.id:
            continue
        singular = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            problems.append(f"untranslated: {singular!r}")
            continue
        # Chinese has one plural form: it follows the plural msgid, which names the count.
        source = message.id if isinstance(message.id, str) else message.id[-1]
        expected = sorted(PLACEHOLDER.findall(source))
        for text in strings:
            if sorted(PLACEHOLDER.findall(text)) != expected:
                problems.append(f"placeholders differ: {singular!r} → {text!r}")
    assert problems == []


def test_the_template_lists_every_message_in_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "i18n.py"), "extract-to", str(fresh)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    with open(fresh, "rb") as handle:
        expected = ids(read_po(handle))
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        committed = ids(read_po(handle))
    assert sorted(expected - committed) == [], "run: python tools/i18n.py"
    assert sorted(committed - expected) == [], "run: python tools/i18n.py"
    for language in ("zh_CN", "en"):
        assert ids(load_po(language)) == expected


def test_compiled_catalogs_match_their_sources() -> None:
    for language in ("zh_CN", "en"):
        source = {
            key(m.id): tuple(as_list(m.string)) for m in load_po(language) if m.id and not m.fuzzy
        }
        with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo", "rb") as handle:
            compiled = {key(m.id): tuple(as_list(m.string)) for m in read_mo(handle) if m.id}
        translated = {k: v for k, v in source.items() if all(v)}
        stale = {k: v for k, v in translated.items() if compiled.get(k) != v}
        assert stale == {}, f"run: python tools/i18n.py compile ({language})"
