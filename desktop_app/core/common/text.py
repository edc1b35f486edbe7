"""Search keys for names: lower-case text, full-width folded, plus pinyin in full and initials.

``工商银行`` is found by ``工商``, ``gongshang`` and ``gsyh``; keys are compared by prefix, which
an ordinary B-tree index serves on SQLite and PostgreSQL alike (see :func:`prefix_bounds`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

PREFIX_END = "\U0010ffff"


def fold(text: str) -> str:
    """Fold full-width forms and case; strip surrounding and inner spacing."""
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


# What people put between the parts of a contract number, or leave out: 0200-2025-LD-0137,
# 0200 2025 LD 0137, 0200/2025/ld/0137, ０２００－２０２５… (full-width folded first).
_CONTRACT_SEPARATORS = re.compile(r"[\s\-_/\\.·:()\[\]{}#№‐‑‒–—―、，,（）【】〔〕：]")


def contract_key(text: str) -> str:
    """A contract number's key: folded like :func:`fold`, without separators."""
    return _CONTRACT_SEPARATORS.sub("", fold(text))


@lru_cache(maxsize=4096)
def pinyin_forms(text: str) -> tuple[str, str]:
    """The full pinyin and the initials of ``text`` (non-Chinese characters kept as they are)."""
    from pypinyin import Style, lazy_pinyin

    folded = fold(text)
    syllables = lazy_pinyin(folded, style=Style.NORMAL, errors="default")
    initials = lazy_pinyin(folded, style=Style.FIRST_LETTER, errors="default")
    return "".join(syllables), "".join(initials)


_NOT_KEY = re.compile(r"[^0-9a-z]")


@lru_cache(maxsize=4096)
def sort_key(text: str) -> str:
    """The collation key a name is sorted by: its pinyin with tone numbers (``王敏`` →
    ``wang2min3``), other text folded. Only ``a-z`` and ``0-9``, which every database collation
    orders alike, so that SQLite and PostgreSQL list people and banks in the same order."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(
        fold(text), style=Style.TONE3, errors="default", neutral_tone_with_five=True
    )
    return _NOT_KEY.sub("", "".join(syllables))[:SORT_KEY_LENGTH]


SORT_KEY_LENGTH = 240


def has_han(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def search_keys(text: str) -> list[str]:
    """Every key ``text`` should be found under: itself folded and, for Chinese, its pinyin."""
    folded = fold(text)
    keys = [folded] if folded else []
    if has_han(folded):
        full, initials = pinyin_forms(folded)
        keys.extend(key for key in (full, initials) if key and key not in keys)
    return keys


def joined_key(text: str) -> str:
    """All keys of ``text`` in one string, separated by spaces, for a single indexed column."""
    return " ".join(search_keys(text))


def prefix_bounds(prefix: str) -> tuple[str, str]:
    """The half-open range of strings that start with ``prefix`` (index-friendly, unlike LIKE)."""
    return prefix, prefix + PREFIX_END
