"""The Contact windows page: month grid and agenda over the demo company's real windows, filters,
the editor (create, edit, validation), read-only for the front desk, deactivation, the
confirmation letter in Chinese and English, and the .ics export parsed back with icalendar."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor, Role
from desktop_app.core.context import AppContext
from desktop_app.core.windows.ics_export import occurrence_uid
from desktop_app.core.windows.rules import WindowPreset
from desktop_app.ui.app import app_icon
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.controller import DeskController
from desktop_app.ui.people.absence_calendar import day_off_colour
from desktop_app.ui.screens import windows_view
from desktop_app.ui.widgets.rows_model import warning_brush
from desktop_app.ui.windows.occurrences_model import AgendaRow, OccurrencesModel
from desktop_app.ui.windows.window_dialog import WindowDialog
from desktop_app.ui.windows.windows_view import WindowsView
from tests.helpers.operations import loaded, settle, written
from tests.helpers.pdfs import pdf_text, wrong_code_points


def make_view(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> WindowsView:
    view = windows_view(app_ctx.services, ChangeHub(), actor, app_ctx.clock)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    settle(qtbot)  # the occurrences are read off the GUI thread
    return view


def agenda(view: WindowsView) -> list[AgendaRow]:
    return [view.agenda_model.row_at(r) for r in range(view.agenda_model.rowCount())]


def agenda_row_titled(view: WindowsView, title: str) -> int:
    """The agenda's first row of an occurrence titled ``title``."""
    return next(r for r, row in enumerate(agenda(view)) if row.occurrence.title == title)


def cell_rows(view: WindowsView, day: date) -> list[AgendaRow]:
    cell = view.month_model.cell(view.month_model.index_of(day))
    assert cell is not None
    return cell.rows


def test_the_page_is_registered_with_ctrl_9(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    controller = DeskController(app_ctx, demo_admin, app_icon())
    window = controller.build_window()
    qtbot.addWidget(window)
    action = next(a for a in window.go_menu.actions() if a.text() == "Contact windows")
    assert action.shortcut().toString() == "Ctrl+9"
    assert controller.windows_view is None  # built only when first shown
    action.trigger()
    window.show()
    qtbot.waitUntil(lambda: controller.windows_view is not None)


def test_month_grid_shows_the_demo_windows_on_the_working_calendar(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    qtmodeltester.check(view.month_model)
    assert view.month_label.text() == "November 2026"
    # 建行's monthly window on the 15th: a Sunday in November 2026, so it moves to Monday.
    assert cell_rows(view, date(2026, 11, 15)) == []
    monday = cell_rows(view, date(2026, 11, 16))
    assert [(r.occurrence.bank_name, r.starts.time()) for r in monday] == [
        ("中国建设银行", time(14, 0))
    ]
    sunday = view.month_model.index_of(date(2026, 11, 15))
    assert sunday.data(Qt.ItemDataRole.BackgroundRole) == day_off_colour()
    today = view.month_model.cell(view.month_model.index_of(date(2026, 11, 25)))
    assert today is not None and today.is_today
    assert view.month_model.cell(view.month_grid.currentIndex()) == today
    # The appointment while both responders of 北京银行 are away: a problem, shown in red.
    gap = cell_rows(view, date(2026, 11, 26))
    assert len(gap) == 1 and not gap[0].occurrence.covered and gap[0].has_problem
    tip = view.month_model.index_of(date(2026, 11, 26)).data(Qt.ItemDataRole.ToolTipRole)
    assert "北京银行" in tip and "Nobody on duty" in tip

    view.month_grid.setFocus()
    qtbot.keyClick(view.month_grid, Qt.Key.Key_PageDown)
    settle(qtbot)
    assert view.month_label.text() == "December 2026"
    assert [r.occurrence.bank_name for r in cell_rows(view, date(2026, 12, 2))] == ["招商银行"]
    assert view.month_model.cell(view.month_grid.currentIndex()).day == date(2026, 12, 1)
    qtbot.keyClick(view.month_grid, Qt.Key.Key_Down)  # arrow keys move between days
    assert view.month_model.cell(view.month_grid.currentIndex()).day == date(2026, 12, 8)
    assert view.day_table.isHidden()  # no window that day: the label says so, no empty table
    assert view.month_page.day_label.text() == "Tuesday, December 8, 2026: 0 windows"
    view.month_grid.setCurrentIndex(view.month_model.index_of(date(2026, 12, 2)))
    assert view.day_model.rowCount() == 1 and not view.day_table.isHidden()
    assert view.day_model.row_at(0).occurrence.title == "招行现场检查"
    qtbot.keyClick(view.month_grid, Qt.Key.Key_Home)
    settle(qtbot)
    assert view.month_label.text() == "November 2026"
    view.next_button.click()
    view.next_button.click()
    settle(qtbot)
    assert view.month_label.text() == "January 2027"
    assert "2027" in view.year_note.text()  # the official schedule is not published yet
    view.today_button.click()
    settle(qtbot)
    assert view.month_model.cell(view.month_grid.currentIndex()).day == date(2026, 11, 25)


def test_agenda_lists_who_is_on_duty_and_the_warnings(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    view.tabs.setCurrentIndex(WindowsView.AGENDA_TAB)
    qtmodeltester.check(view.agenda_model)
    now = app_ctx.clock.now()
    expected = app_ctx.services.windows.occurrences(demo_admin, now, now + timedelta(days=90))
    assert [r.occurrence.key for r in agenda(view)] == [o.key for o in expected]
    model = view.agenda_model
    first = model.index(0, OccurrencesModel.ON_DUTY)
    assert model.index(0, OccurrencesModel.BANK).data() == "北京银行"
    assert first.data() == "Nobody on duty"
    assert first.data(Qt.ItemDataRole.ForegroundRole) == warning_brush()
    assert "张伟" in model.index(0, OccurrencesModel.OTHERS).data(Qt.ItemDataRole.ToolTipRole)
    visit = model.row_of_key(next(o.key for o in expected if o.title == "招行现场检查"))
    assert model.index(visit, OccurrencesModel.TIME).data() == "10:00–12:00"
    assert model.index(visit, OccurrencesModel.ON_DUTY).data() == "周杰"
    assert model.index(visit, OccurrencesModel.OTHERS).data() == "陈静 › 王敏"
    evening = next(r for r in range(model.rowCount()) if model.row_at(r).flagged)
    assert model.index(evening, OccurrencesModel.TIME).data() == "18:30–19:30"
    assert "Outside office hours" in model.index(evening, OccurrencesModel.PROBLEMS).data()
    assert model.index(evening, OccurrencesModel.TIME).data(Qt.ItemDataRole.ForegroundRole) == (
        warning_brush()
    )


def test_filters_by_bank_and_to_problems(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    everything = agenda(view)
    view.bank_combo.setCurrentIndex(view.bank_combo.findText("中国建设银行"))
    settle(qtbot)
    ccb = agenda(view)
    assert ccb and {r.occurrence.bank_name for r in ccb} == {"中国建设银行"}
    assert len(ccb) < len(everything)
    assert all(
        r.occurrence.bank_name == "中国建设银行"
        for r in view.month_model.cell(view.month_model.index_of(date(2026, 11, 16))).rows
    )
    assert cell_rows(view, date(2026, 11, 26)) == []  # 北京银行's appointment is filtered out
    view.bank_combo.setCurrentIndex(0)
    settle(qtbot)
    view.problems_check.setChecked(True)
    problems = agenda(view)
    assert problems and all(r.has_problem for r in problems)
    assert len(problems) < len(everything)
    assert cell_rows(view, date(2026, 11, 16)) == []  # 李娜 is there: no problem
    assert len(cell_rows(view, date(2026, 11, 26))) == 1


def test_editor_creates_a_window_with_a_live_preview(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    view.tabs.setCurrentIndex(WindowsView.AGENDA_TAB)
    before = len(agenda(view))
    dialog = view.open_editor(None)
    assert isinstance(dialog, WindowDialog)
    loaded(qtbot, dialog)
    dialog.bank_combo.setCurrentIndex(dialog.bank_combo.findText("招商银行"))
    dialog.contract_combo.setCurrentIndex(dialog.contract_combo.findText("2025-BJ-XM-017"))
    dialog.title_edit.setText("招行月度回访")
    dialog.rule_fields.set_preset(WindowPreset.MONTHLY_ON_DAY)
    dialog.rule_fields.day_spin.setValue(10)
    with qtbot.waitSignal(dialog.preview_updated):  # recomputed shortly after the last change
        dialog.when_fields.starts_edit.setTime(
            dialog.when_fields.starts_edit.time().fromString("09:00", "HH:mm")
        )
    days = [dialog.preview_model.row_at(r).day for r in range(dialog.preview_model.rowCount())]
    assert days == [
        date(2026, 12, 10),
        date(2027, 1, 11),  # the 10th is a Sunday: the next working day
        date(2027, 2, 10),
        date(2027, 3, 10),
        date(2027, 4, 12),  # a Saturday
    ]
    with qtbot.waitSignal(dialog.window_saved):
        dialog.save()
    settle(qtbot)  # the page re-reads off the GUI thread
    saved = app_ctx.services.windows.list(demo_admin, contract_id=dialog.contact_window.contract_id)
    assert "招行月度回访" in [w.title for w in saved]
    rows = agenda(view)
    assert len(rows) == before + 3  # Dec 10, Jan 11, Feb 10 within the next 90 days
    assert view.message_label.text() == "Saved the contact window “招行月度回访”."


def test_double_click_edits_the_window_of_an_occurrence(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    view.tabs.setCurrentIndex(WindowsView.AGENDA_TAB)
    row = agenda_row_titled(view, "建行月度贷后核查")
    rect = view.agenda_table.visualRect(view.agenda_model.index(row, OccurrencesModel.TITLE))
    viewport = view.agenda_table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # as a mouse does
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(view.findChildren(WindowDialog)) == 1
    dialog = view.findChild(WindowDialog)
    assert dialog is not None and dialog.title_edit.text() == "建行月度贷后核查"
    assert dialog.rule_fields.preset() == WindowPreset.MONTHLY_ON_DAY
    assert dialog.rule_fields.day_spin.value() == 15
    assert "Monthly on day 15" in dialog.description_label.text()
    loaded(qtbot, dialog)
    dialog.rule_fields.day_spin.setValue(20)
    dialog.title_edit.setText("建行月度核查")
    with qtbot.waitSignal(dialog.window_saved):
        dialog.save()
    settle(qtbot)  # the page re-reads off the GUI thread
    titles = {r.occurrence.title for r in agenda(view)}
    assert "建行月度核查" in titles and "建行月度贷后核查" not in titles
    assert cell_rows(view, date(2026, 11, 20))[0].occurrence.title == "建行月度核查"


def test_keyboard_enter_on_a_day_with_one_window_opens_it(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    view.month_grid.setCurrentIndex(view.month_model.index_of(date(2026, 11, 16)))
    view.month_grid.setFocus()
    qtbot.keyClick(view.month_grid, Qt.Key.Key_Return)
    dialog = view.findChild(WindowDialog)
    assert dialog is not None and dialog.title_edit.text() == "建行月度贷后核查"


def test_validation_errors_are_shown_at_their_fields(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    count = len(app_ctx.services.windows.list(demo_admin))
    dialog = view.open_editor(None)
    assert dialog is not None
    loaded(qtbot, dialog)
    dialog.rule_fields.set_preset(WindowPreset.CUSTOM)
    assert dialog.rule_fields.count_spin.value() == 0  # "the first N working days" is optional
    dialog.rule_fields.rrule_edit.setText("FREQ=SOMETIMES")
    dialog.when_fields.starts_edit.setTime(
        dialog.when_fields.starts_edit.time().fromString("15:00", "HH:mm")
    )
    dialog.when_fields.ends_edit.setTime(
        dialog.when_fields.ends_edit.time().fromString("14:00", "HH:mm")
    )
    dialog.save()
    settle(qtbot)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.isVisible()
    rrule_error = dialog.rule_fields.labels["rrule"]
    assert not rrule_error.isHidden()
    assert rrule_error.text() == "“FREQ=SOMETIMES” is not a rule the calendar understands."
    times_error = dialog.when_fields.times_error
    assert times_error.text() == "The window must end after it starts."
    assert dialog.preview_model.rowCount() == 0
    assert len(app_ctx.services.windows.list(demo_admin)) == count
    dialog.rule_fields.rrule_edit.setText("FREQ=WEEKLY;BYDAY=TU")
    dialog.refresh_preview()  # once shown, the errors follow the corrections live
    assert rrule_error.isHidden()
    assert not times_error.isHidden()


def test_front_desk_only_looks(qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    assert desk.role == Role.FRONT_DESK
    view = make_view(qtbot, app_ctx, desk)
    assert view.agenda_model.rowCount() > 0
    for button in (view.new_button, view.deactivate_button, view.letter_button):
        assert button.isHidden()
    assert view.edit_button.text() == "Open…"
    view.tabs.setCurrentIndex(WindowsView.AGENDA_TAB)
    view.agenda_table.selectRow(0)
    view.edit_button.click()
    dialog = view.findChild(WindowDialog)
    assert dialog is not None
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save) is None
    assert dialog.title_edit.isReadOnly() and not dialog.bank_combo.isEnabled()
    assert not dialog.rule_fields.preset_combo.isEnabled()


def test_deactivating_asks_and_removes_the_dates(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    view.tabs.setCurrentIndex(WindowsView.AGENDA_TAB)
    row = agenda_row_titled(view, "招行现场检查")
    view.agenda_table.selectRow(row)
    assert view.deactivate_button.isEnabled()
    view.deactivate_button.click()
    box = view.findChild(QMessageBox)
    assert box is not None and "招行现场检查" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot)
    assert "招行现场检查" not in {r.occurrence.title for r in agenda(view)}
    assert view.message_label.text() == "Deactivated the contact window “招行现场检查”."
    windows = app_ctx.services.windows.list(demo_admin, include_inactive=True)
    assert not next(w for w in windows if w.title == "招行现场检查").active


def test_confirmation_letter_in_chinese_and_english(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    view.tabs.setCurrentIndex(WindowsView.AGENDA_TAB)
    view.agenda_table.selectRow(view.agenda_model.row_of_key(agenda(view)[1].occurrence.key))
    assert not view.letter_button.isEnabled()  # 招行's visit is in office hours
    flagged = next(
        r for r in range(view.agenda_model.rowCount()) if view.agenda_model.row_at(r).flagged
    )
    view.agenda_table.selectRow(flagged)
    assert view.letter_button.isEnabled()
    occurrence = view.agenda_model.row_at(flagged).occurrence
    dialog = view.window_actions.open_letter(occurrence)
    qtbot.addWidget(dialog)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    assert dialog.letter is not None and dialog.letter.language == "en"
    english = dialog.letter.text()
    assert "BOB-ZGC-2026-0045" in english and "January 4, 2027" in english
    assert "18:30" in english
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
    assert dialog.letter is not None and dialog.letter.language == "zh_CN"
    assert "2027年1月4日" in dialog.letter.text()
    assert dialog.letter.text() != english
    dialog.copy_to_clipboard()
    copied = QGuiApplication.clipboard().mimeData()
    assert "2027年1月4日" in copied.text() and "BOB-ZGC-2026-0045" in copied.html()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer)
    del printer
    assert "BOB-ZGC-2026-0045" in pdf_text(tmp_path / "printed.pdf")
    saved = pdf_text(written(qtbot, dialog.save_pdf(tmp_path / "letter.pdf")))
    for text in (pdf_text(tmp_path / "printed.pdf"), saved):  # printed to a file, saved
        for line in (
            "关于确认贷后回访时间的函",
            "致：北京银行中关村分行",
            "收件人：冯涛（客户经理）",
            "2027年1月4日星期一 18:30–19:30",
            "工作日 09:00–18:00",
            "本次及此后同一时间的回访",
            "北京示例精密制造有限公司",
            "2026年11月25日",
        ):
            assert line in text.split("\n"), line
        assert not wrong_code_points(text)


def test_export_to_ics_is_read_back_by_icalendar(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    from icalendar import Calendar

    view = make_view(qtbot, app_ctx, demo_admin)
    target = tmp_path / "windows.ics"
    count = view.window_actions.export_ics(target, *view.export_range())
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert count == len(events)
    uids = {str(event["UID"]) for event in events}
    for row in agenda(view):
        assert occurrence_uid(row.occurrence) in uids
    visit = next(e for e in events if "招行现场检查" in str(e["SUMMARY"]))
    assert visit.decoded("DTSTART") == next(
        r.occurrence.starts_at for r in agenda(view) if r.occurrence.title == "招行现场检查"
    )
    assert view.message_label.text() == f"Exported {count} events to {target}."
    wrong = tmp_path / "windows.txt"
    assert view.window_actions.export_ics(wrong, *view.export_range()) is None
    assert view.message_label.text() == "Choose a file name ending in .ics."
    assert not wrong.exists()


def test_a_change_elsewhere_reloads_the_page_when_shown_again(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    view = windows_view(app_ctx.services, hub, demo_admin, app_ctx.clock)
    qtbot.addWidget(view)
    settle(qtbot)  # read off the GUI thread, also while hidden the first time
    rows = view.agenda_model.rowCount()
    assert rows > 0
    window = next(
        w for w in app_ctx.services.windows.list(demo_admin) if w.title == "建行月度贷后核查"
    )
    hub.apply(app_ctx.services.windows.deactivate(demo_admin, window.id))
    assert view.agenda_model.rowCount() == rows  # hidden: nothing re-read yet
    view.show()
    qtbot.waitExposed(view)
    settle(qtbot)
    assert view.agenda_model.rowCount() < rows
