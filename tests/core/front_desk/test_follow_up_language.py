"""A return call's text is read in the reader's language, not frozen in the language of the desk
that logged the call; a text a person wrote is left as written. Both databases."""

from __future__ import annotations

from sqlalchemy import update

from desktop_app.core.common.i18n import set_language
from desktop_app.core.context import AppContext
from desktop_app.core.models import FollowUp
from desktop_app.core.services import Services
from tests.core.front_desk.test_calls import WEDNESDAY, Desk, message, world  # noqa: F401


def test_a_return_call_logged_in_chinese_reads_in_english_and_back(
    services: Services,
    world: Desk,  # noqa: F811
    app_ctx: AppContext,
) -> None:
    set_language("zh_CN")
    try:
        call = services.calls.log(world.desk, message(world, WEDNESDAY)).value
        assert call.follow_up_id is not None
        chinese = services.follow_ups.get(world.desk, call.follow_up_id).description
    finally:
        set_language("en")
    assert chinese.startswith("回电：黄蕾, ")
    english = services.follow_ups.get(world.desk, call.follow_up_id).description
    assert english.startswith("Return the call: 黄蕾, ")
    assert english.endswith("核实资金用途")
    assert "010 6552 1234" in english
    # A text a person wrote instead stays as written, in every language.
    with app_ctx.engine.begin() as connection:
        connection.execute(
            update(FollowUp).where(FollowUp.id == call.follow_up_id).values(description="请回电")
        )
    assert services.follow_ups.get(world.desk, call.follow_up_id).description == "请回电"
