"""The Training page: a lesson, a quiz taken from the keyboard, the certificate as PDF, the review,
the clause library by role, the team report (both re-read off the GUI thread after a change, a
hidden tab when shown), and every table model."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, update

from desktop_app.core.common.changes import Area, Changes
from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.models import Certificate, LoanContract, Person
from desktop_app.core.training.content import LANGUAGES, load_course, render_lesson
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.people.people_model import PeopleModel
from desktop_app.ui.people.people_view import PeopleView
from desktop_app.ui.training.quiz_dialog import QuizDialog
from desktop_app.ui.training.training_view import TrainingView
from tests.helpers.operations import calls_on_gui_thread, settle, written
from tests.helpers.pdfs import pdf_text, wrong_code_points


def make_view(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> TrainingView:
    view = TrainingView(app_ctx.services.training, ChangeHub(), actor)
    qtbot.addWidget(view)
    return view


def answer_by_keyboard(qtbot: QtBot, dialog: QuizDialog, wrong: int = 0) -> None:
    """Answer every question with the number keys and Enter; the first ``wrong`` wrongly."""
    for number, question in enumerate(dialog.quiz.questions):
        assert dialog.position_label.text() == f"Question {number + 1} of {dialog.quiz.total}"
        positions = [
            p
            for p, choice in enumerate(question.choices)
            if (choice.key in question.correct) != (number < wrong)
        ]
        for position in positions[:1] if number < wrong else positions:
            qtbot.keyClick(dialog, str(position + 1))
        if number < dialog.quiz.total - 1:
            qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.answered_label.text().startswith(f"{dialog.quiz.total} of")


def test_a_lesson_and_the_quiz_lead_to_a_certificate_as_pdf(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view = make_view(qtbot, app_ctx, desk)
    page = view.my_page
    assert view.team_page is None and view.tabs.count() == 2
    assert page.path_combo.currentData() == "front_desk"
    assert page.lessons_model.rowCount() == 6 and not page.quiz_button.isEnabled()
    assert page.progress_label.text() == "0 of 6 lessons read"
    page.lessons_table.selectRow(0)
    page.read_button.click()
    reader = page.dialog
    assert reader is not None and reader.windowTitle() == "Why banks call back"
    assert "The three checks" in reader.browser.toPlainText()
    for _lesson in range(6):
        reader.read_button.click()  # marks it read and moves on to the next
        settle(qtbot)  # written off the GUI thread
    assert page.progress_label.text() == "6 of 6 lessons read"
    assert "Read on" in reader.read_label.text() and not reader.read_button.isEnabled()
    assert page.quiz_button.isEnabled()
    dialog = page.open_quiz(seed=5)
    assert isinstance(dialog, QuizDialog) and dialog.quiz.total == 12
    assert dialog.quiz.pass_percent == 80
    answer_by_keyboard(qtbot, dialog, wrong=1)
    with qtbot.waitSignal(dialog.quiz_submitted) as submitted:
        dialog.submit_button.click()
    assert submitted.args is not None and submitted.args[0].result.score == 11
    assert dialog.result_label.text() == "Passed: 11 of 12 right (91%)"
    assert "Right" in dialog.review_browser.toPlainText()
    assert not dialog.certificate_button.isHidden()
    dialog.certificate_button.click()
    certificate = page.certificate_dialog
    assert certificate is not None
    certificate.language_combo.setCurrentIndex(certificate.language_combo.findData("en"))
    english = pdf_text(written(qtbot, certificate.save_pdf(tmp_path / "certificate-en.pdf")))
    assert (tmp_path / "certificate-en.pdf").stat().st_size > 1000
    for expected in (
        "Certificate of Training",
        "This is to certify that",
        "Front desk",
        "Valid until November 25, 2027",
        "Quiz result: 11 of 12 correct (91%)",
    ):
        assert expected in english
    certificate.language_combo.setCurrentIndex(certificate.language_combo.findData("zh_CN"))
    assert certificate.document is not None and certificate.document.path_title == "前台接待"
    chinese = pdf_text(written(qtbot, certificate.save_pdf(tmp_path / "certificate-zh.pdf")))
    for line in (
        "培训合格证书",
        "兹证明",
        "前台接待",
        "颁发日期：2026年11月25日",
        "有效期至：2027年11月25日",
        "测验成绩：共 12 题，答对 11 题（91%）",
        "北京示例精密制造有限公司",
        "由回访台颁发",
    ):
        assert line in chinese.split("\n"), line
    assert not wrong_code_points(chinese)
    assert page.status_label.text().startswith("Certified until")
    assert page.attempts_model.rowCount() == 1
    assert page.refresher_button.text() == "No refresher due"  # due tomorrow


def test_review_shows_the_explanation_of_a_wrong_answer(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("赵丽")
    training = app_ctx.services.training
    for status in training.progress(desk).lessons:
        training.mark_lesson_read(desk, status.lesson.code)
    view = make_view(qtbot, app_ctx, desk)
    dialog = view.my_page.open_quiz(seed=2)
    assert dialog is not None
    answer_by_keyboard(qtbot, dialog, wrong=4)
    dialog.submit()
    settle(qtbot)
    assert dialog.result_label.text().startswith("Not passed: 8 of 12")
    assert dialog.certificate_button.isHidden()
    view.my_page.reload()
    view.my_page.attempts_table.selectRow(0)
    view.my_page.review_button.click()
    review = view.my_page.dialog
    text = review.browser.toPlainText()  # type: ignore[union-attr]
    first = dialog.quiz.questions[0]
    assert first.prompt in text and first.explanation in text
    assert text.count("Wrong") == 4 and "your answer" in text


def test_the_keys_tick_choices_and_escape_keeps_the_answers(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view = make_view(qtbot, app_ctx, demo_admin)
    dialog = view.library_page.open_practice(seed=3)
    assert dialog is not None and dialog.windowTitle() == "Practice on our contracts"
    question = dialog.question
    qtbot.keyClick(dialog, "b")
    assert dialog.answers[question.id] == {question.choices[1].key}
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.answers[question.id]
    buttons = dialog.choices_box.findChildren(type(dialog._buttons[0]))
    assert {b.accessibleName() for b in buttons if b.isVisible()} == {
        c.text for c in question.choices
    }
    dialog.next_button.click()
    dialog.back_button.click()
    assert dialog._buttons[1].isChecked()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_lesson_renders_without_markdown_left_over(language: str) -> None:
    course = load_course(language)
    values = {
        "company_name": "X",
        "follow_up_working_hours": 2,
        "stale_after_months": 6,
        "certificate_valid_months": 12,
    }
    for lesson in course.lessons:
        document = QTextDocument()
        document.setMarkdown(render_lesson(lesson, values, course.company_fallback))
        text = document.toPlainText()
        assert lesson.title in text
        assert "*" not in text and "{{" not in text and "#" not in text, lesson.file


def test_the_clause_library_follows_the_role(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    finance = app_ctx.services.identity.actor_named("王敏")
    desk_view = make_view(qtbot, app_ctx, desk)
    finance_view = make_view(qtbot, app_ctx, finance)
    desk_page, finance_page = desk_view.library_page, finance_view.library_page
    assert desk_page.model.rowCount() == finance_page.model.rowCount() == 6
    restricted = desk_page.case_browser.toPlainText()
    full = finance_page.case_browser.toPlainText()
    assert "Structured reading" in restricted and "not shown to your role" in restricted
    assert "借款人应配合" not in restricted and "借款人应配合" in full
    assert "Callback clause text" in full and "Study points" in full


def test_the_team_page_and_its_export(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, tmp_path: Path
) -> None:
    finance = app_ctx.services.identity.actor_named("王敏")
    lapsed = app_ctx.services.identity.actor_named("李娜")
    with app_ctx.services.store.write() as session:  # the demo certified her; say it lapsed
        session.execute(delete(Certificate).where(Certificate.person_id == lapsed.person_id))
    view = make_view(qtbot, app_ctx, finance)
    team = view.team_page
    assert team is not None and view.tabs.count() == 3
    assert team.model.rowCount() == 9
    assert not team.warning_label.isHidden()
    assert team.warning_label.text() == "1 responder has no current certificate: 李娜."
    with qtbot.waitSignal(team.export(tmp_path / "team.xlsx").succeeded) as exported:
        pass  # written off the GUI thread
    assert exported.args == [9]
    assert team.message_label.text() == "Exported 9 people to team.xlsx."
    sheet = load_workbook(tmp_path / "team.xlsx")["People"]
    assert sheet.max_row == 10 and sheet["A1"].value == "Name"


def test_the_page_follows_changes_from_the_hub(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    hub = ChangeHub()
    view = TrainingView(app_ctx.services.training, hub, demo_admin)
    qtbot.addWidget(view)
    assert view.my_page.progress_label.text() == "0 of 10 lessons read"
    outcome = app_ctx.services.training.mark_lesson_read(demo_admin, "why-banks-call")
    with qtbot.waitSignal(view.my_page.refreshed):
        hub.apply(outcome)
    assert view.my_page.progress_label.text() == "1 of 10 lessons read"


def test_every_table_model(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    training = app_ctx.services.training
    for status in training.progress(demo_admin).lessons:
        training.mark_lesson_read(demo_admin, status.lesson.code)
    quiz = training.start_quiz(demo_admin, seed=1)
    training.submit(demo_admin, quiz, {q.id: q.correct for q in quiz.questions})
    view = make_view(qtbot, app_ctx, demo_admin)
    assert view.team_page is not None
    models = (
        view.my_page.lessons_model,
        view.my_page.attempts_model,
        view.library_page.model,
        view.team_page.model,
    )
    for model in models:
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    assert view.my_page.attempts_model.headerData(2, Qt.Orientation.Horizontal) == "Score"


def test_people_show_until_when_they_are_certified(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    services = app_ctx.services
    finance = services.identity.actor_named("王敏")
    for status in services.training.progress(finance).lessons:
        services.training.mark_lesson_read(finance, status.lesson.code)
    quiz = services.training.start_quiz(finance, seed=1)
    services.training.submit(finance, quiz, {q.id: q.correct for q in quiz.questions})
    view = PeopleView(
        services.people,
        ChangeHub(),
        demo_admin,
        app_ctx.clock,
        services.calendar,
        services.org,
        training=services.training,
    )
    qtbot.addWidget(view)
    settle(qtbot)  # the list is read off the GUI thread
    qtmodeltester.check(view.model)
    names = [view.model.row_at(r).person.name for r in range(view.model.rowCount())]
    certified = view.model.index(names.index("王敏"), PeopleModel.CERTIFIED).data()
    assert certified == "Nov 25, 2027"
    assert view.model.index(names.index("孙强"), PeopleModel.CERTIFIED).data() == "Not certified"
    assert view.model.headerData(PeopleModel.CERTIFIED, Qt.Orientation.Horizontal) == (
        "Certified until"
    )


def test_the_library_and_the_team_report_re_read_off_the_gui_thread_when_shown(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = ChangeHub()
    view = TrainingView(app_ctx.services.training, hub, demo_admin)
    qtbot.addWidget(view)
    view.show()
    library, team = view.library_page, view.team_page
    assert team is not None
    view.tabs.setCurrentWidget(library)
    library.table.selectRow(1)
    picked = library.selected()
    assert picked is not None
    library_reads = calls_on_gui_thread(monkeypatch, app_ctx.services.training, "clause_library")
    team_reads = calls_on_gui_thread(monkeypatch, app_ctx.services.training, "team_report")
    someone = team.model.row_at(0)
    with app_ctx.services.store.write() as session:
        session.execute(
            update(LoanContract).where(LoanContract.id == picked.id).values(title="新的用途说明")
        )
        session.execute(
            update(Person).where(Person.id == someone.person_id).values(name="改名后的人")
        )
    hub.announce(Changes.of(Area.CONTRACTS, Area.PEOPLE))
    assert library.background_read.reading is not None  # under way, not done at once
    assert team.background_read.reading is None and team_reads == []  # its tab is hidden
    settle(qtbot)
    assert library_reads == [False]  # read on the worker thread
    shown = library.selected()
    assert shown is not None and shown.id == picked.id and shown.title == "新的用途说明"
    assert "新的用途说明" in library.case_browser.toPlainText()
    view.tabs.setCurrentWidget(team)  # shown: now it reads, once
    assert team.background_read.reading is not None
    settle(qtbot)
    assert team_reads == [False]
    names = [team.model.row_at(r).name for r in range(team.model.rowCount())]
    assert "改名后的人" in names and someone.name not in names


def test_my_training_re_reads_off_the_gui_thread_when_shown(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = ChangeHub()
    view = TrainingView(app_ctx.services.training, hub, demo_admin)
    qtbot.addWidget(view)
    view.show()
    page = view.my_page
    reads = calls_on_gui_thread(monkeypatch, app_ctx.services.training, "progress")
    view.tabs.setCurrentWidget(view.library_page)  # My training is behind another tab
    hub.apply(app_ctx.services.training.mark_lesson_read(demo_admin, "why-banks-call"))
    assert page.background_read.reading is None and reads == []
    assert page.progress_label.text() == "0 of 10 lessons read"
    view.tabs.setCurrentWidget(page)  # shown: read now, once
    assert page.background_read.reading is not None
    with qtbot.waitSignal(page.refreshed):
        pass
    assert reads == [False]  # on the worker thread
    assert page.progress_label.text() == "1 of 10 lessons read"
