"""RowsModel.update_rows: rows changed in place, without a reset, the selection kept."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from pytestqt.modeltest import ModelTester

from desktop_app.ui.widgets.rows_model import Column, RowsModel


class Words(RowsModel[str]):
    COLUMNS = (Column("Word", lambda w: w), Column("Length", lambda w: str(len(w))))


def watch(model: Words) -> list[tuple[str, int, int]]:
    seen: list[tuple[str, int, int]] = []
    model.modelReset.connect(lambda: seen.append(("reset", -1, -1)))
    model.rowsInserted.connect(lambda _p, first, last: seen.append(("inserted", first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: seen.append(("removed", first, last)))
    model.dataChanged.connect(
        lambda top, bottom, *_roles: seen.append(("changed", top.row(), bottom.row()))
    )
    return seen


def test_update_rows_announces_only_what_changed(qtmodeltester: ModelTester) -> None:
    model = Words()
    model.set_rows(["a", "b", "c"])
    qtmodeltester.check(model)
    seen = watch(model)
    assert model.update_rows(["a", "b", "c"]) is False
    assert seen == []
    assert model.update_rows(["a", "x", "c", "d", "e"]) is True
    assert seen == [("changed", 1, 1), ("inserted", 3, 4)]
    seen.clear()
    assert model.update_rows(["y"]) is True
    assert seen == [("removed", 1, 4), ("changed", 0, 0)]
    assert [model.row_at(r) for r in range(model.rowCount())] == ["y"]
    seen.clear()
    assert model.update_rows(["y"], all_changed=True) is True
    assert seen == [("changed", 0, 0)]
    assert model.update_rows([]) is True
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_update_rows_keeps_the_selection_of_a_row_that_stays() -> None:
    model = Words()
    model.set_rows(["a", "b", "c"])
    selection = QItemSelectionModel(model)
    selection.select(
        model.index(1, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    model.update_rows(["a", "b", "c", "d"])
    assert [i.row() for i in selection.selectedRows()] == [1]
    model.update_rows(["z", "b"])
    assert [i.row() for i in selection.selectedRows()] == [1]
    assert model.index(1, 0).data() == "b"
    assert not model.index(0, 0).parent().isValid() and model.rowCount(QModelIndex()) == 2
