"""Today's coverage gaps: listed after the first paint, for finance staff only, refreshed by the
hub when an absence, a window or a responder list changes, and cleared once someone can cover."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.core.common.permissions import Actor
from desktop_app.core.context import AppContext
from desktop_app.core.windows.service import WindowDraft
from desktop_app.ui.change_hub import ChangeHub
from desktop_app.ui.today.coverage_panel import GapsModel
from desktop_app.ui.today.today_view import TodayView

BEIJING = ZoneInfo("Asia/Shanghai")


def make_view(qtbot: QtBot, app_ctx: AppContext, actor: Actor) -> tuple[TodayView, ChangeHub]:
    hub = ChangeHub()
    services = app_ctx.services
    view = TodayView(
        services.today,
        hub,
        actor,
        app_ctx.clock,
        follow_ups=services.follow_ups,
        coverage=services.coverage,
        org=services.org,
    )
    qtbot.addWidget(view)
    signals = [view.refreshed]
    if view.coverage_panel is not None:  # finance: the gaps are read right after the overview
        signals.append(view.coverage_panel.reloaded)
    with qtbot.waitSignals(signals, order="strict"):
        view.show()  # the data is read just after the first paint
    return view, hub


def person_id(app_ctx: AppContext, actor: Actor, name: str) -> int:
    return next(p.id for p in app_ctx.services.people.list(actor) if p.name == name)


def banks_with_gaps(view: TodayView) -> list[str]:
    assert view.coverage_panel is not None
    model = view.coverage_panel.model
    return [model.row_at(r)[0].occurrence.bank_name for r in range(model.rowCount())]


def test_the_demo_gap_is_listed_with_reasons_and_who_could_cover(
    qtbot: QtBot, qtmodeltester: ModelTester, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view, _hub = make_view(qtbot, app_ctx, demo_admin)
    panel = view.coverage_panel
    assert panel is not None and not panel.isHidden()
    qtmodeltester.check(panel.model)
    assert banks_with_gaps(view) == ["北京银行"]
    model = panel.model
    assert model.index(0, GapsModel.WHEN).data().endswith("10:00–11:00")
    assert model.index(0, GapsModel.BANK).data() == "北京银行 · BOB-ZGC-2026-0045"
    why = model.index(0, GapsModel.WHY).data()
    assert "张伟" in why and "李娜" in why
    could = model.index(0, GapsModel.WHO_COULD).data()
    assert could and "张伟" not in could and "李娜" not in could
    assert panel.empty_label.isHidden()


def test_a_gap_clears_when_covered_and_appears_with_an_absence(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view, hub = make_view(qtbot, app_ctx, demo_admin)
    panel = view.coverage_panel
    assert panel is not None
    people = app_ctx.services.people
    li_na = person_id(app_ctx, demo_admin, "李娜")
    leave = next(a for a in people.absences(demo_admin, li_na) if a.kind == "leave")
    with qtbot.waitSignal(panel.reloaded):
        hub.apply(people.remove_absence(demo_admin, li_na, leave.id))  # 李娜 can answer again
    assert banks_with_gaps(view) == []
    assert panel.table.isHidden() and not panel.empty_label.isHidden()
    assert panel.empty_label.text() == "Every window in the next 14 days has someone on duty."

    # 招行's visit: 周杰, then 陈静, then 王敏. Send all three away that day.
    visit = next(
        o
        for o in app_ctx.services.windows.occurrences(
            demo_admin, app_ctx.clock.now(), app_ctx.clock.now() + timedelta(days=14)
        )
        if o.bank_name == "招商银行"
    )
    day = visit.starts_at.astimezone(BEIJING).date()
    for name in ("周杰", "陈静", "王敏"):
        with qtbot.waitSignal(panel.reloaded):
            hub.apply(
                people.add_absence(
                    demo_admin,
                    person_id(app_ctx, demo_admin, name),
                    "leave",
                    datetime.combine(day, time(0), BEIJING),
                    datetime.combine(day, time(23, 59), BEIJING),
                )
            )
    # the last of the reloads the three changes started is the one that counts
    qtbot.waitUntil(lambda: banks_with_gaps(view) == ["招商银行"], timeout=10_000)
    assert not panel.table.isHidden()


def test_a_new_window_without_responders_is_a_gap(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    view, hub = make_view(qtbot, app_ctx, demo_admin)
    panel = view.coverage_panel
    assert panel is not None
    icbc = app_ctx.services.banks.list(demo_admin, "工行")[0]
    start = datetime(2026, 11, 30, 15, 0, tzinfo=BEIJING)
    with qtbot.waitSignal(panel.reloaded):
        hub.apply(
            app_ctx.services.windows.create(
                demo_admin,
                WindowDraft(
                    bank_id=icbc.id,
                    kind="one_off",
                    title="工行临时回访",
                    one_off_start=start,
                    one_off_end=start + timedelta(hours=1),
                ),
            )
        )
    assert banks_with_gaps(view) == ["北京银行", "中国工商银行"]
    assert panel.model.index(1, GapsModel.WHY).data() == "No responder is designated"


def test_front_desk_sees_no_coverage_panel(
    qtbot: QtBot, app_ctx: AppContext, demo_admin: Actor
) -> None:
    desk = app_ctx.services.identity.actor_named("刘洋")
    view, _hub = make_view(qtbot, app_ctx, desk)
    assert view.coverage_panel is None
