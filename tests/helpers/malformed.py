"""Malformed spreadsheets from hypothesis: a real workbook or CSV with bytes flipped, cut short
or spliced, and CSV text of any characters. One property for all of them: the import never
crashes (a damaged file is a problem of the plan) and writes all its rows or none.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from openpyxl import Workbook

from desktop_app.core.common.errors import ValidationError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.models import Bank
from desktop_app.core.services import Services


def bank_workbook(rows: int = 5) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["银行名称", "简称", "别名", "备注"])
    for n in range(rows):
        sheet.append([f"测试银行{n}", f"测{n}", f"T{n}", "备注"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bank_csv(rows: int = 5) -> bytes:
    lines = ["银行名称,简称,别名,备注", *(f"测试银行{n},测{n},T{n},备注" for n in range(rows))]
    return ("\n".join(lines) + "\n").encode("utf-8")


@st.composite
def damaged(draw: Any, original: bytes) -> bytes:
    """``original`` with a few bytes flipped, a piece cut out, or random bytes spliced in."""
    data = bytearray(original)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] ^= draw(st.integers(1, 255))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 400)))
        data[start:end] = draw(st.binary(max_size=200))
    return bytes(data)


CSV_TEXT = st.text(
    alphabet=st.sampled_from(list("银行名称简称,;\t\"'\n\r\x00=+-@ abc123０１２")), max_size=400
).map(lambda text: ("银行名称,简称\n" + text).encode("utf-8", "surrogatepass"))


def import_once(services: Services, admin: Actor, path: Path) -> str:
    """Preview and commit ``path``; "crash" for any unexpected exception, "partial" when rows
    were written by a refused import (or only some by an accepted one), else "ok"."""
    with services.store.read() as session:
        before = session.query(Bank).count()
    try:
        plan = services.imports.preview(admin, "banks", path)
        try:
            services.imports.commit(admin, plan)
            expected = before + len(plan.rows)
        except ValidationError:
            expected = before
    except Exception:
        return "crash"
    with services.store.read() as session:
        after = session.query(Bank).count()
    return "ok" if after == expected else "partial"
