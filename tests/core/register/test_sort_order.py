"""People and banks are listed by the pinyin of their name, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from desktop_app.core.common.permissions import Actor
from desktop_app.core.common.text import sort_key
from desktop_app.core.services import Services
from desktop_app.core.storage.engine import make_engine
from desktop_app.core.storage.migrate import prepare_database, upgrade
from tests.conftest import START
from tests.helpers.factories import make_bank, make_person, person_draft

# By code point: 安 张 李 欧 王; by pinyin: an li ou wang zhang.
NAMES = ["张伟", "王敏", "安琪", "欧阳明", "李娜"]
BY_PINYIN = ["安琪", "李娜", "欧阳明", "王敏", "张伟"]


def test_the_key_is_pinyin_with_tones_in_letters_and_digits() -> None:
    assert sort_key("王敏") == "wang2min3"
    assert sort_key("中国 ICBC（北京）") == "zhong1guo2icbcbei3jing1"
    assert sort_key("") == ""


def test_people_are_listed_by_pinyin(services: Services, admin: Actor) -> None:
    for name in NAMES:
        make_person(services, admin, name=name)
    listed = [p.name for p in services.people.list(admin) if p.name in NAMES]
    assert listed == BY_PINYIN


def test_banks_are_listed_by_pinyin(services: Services, admin: Actor) -> None:
    for name in ["招商银行", "北京银行", "中国建设银行", "兴业银行"]:
        make_bank(services, admin, name=name)
    listed = [b.name for b in services.banks.list(admin)]
    assert listed == ["北京银行", "兴业银行", "招商银行", "中国建设银行"]


def test_a_renamed_person_moves_to_the_new_place(services: Services, admin: Actor) -> None:
    for name in ["李娜", "王敏"]:
        make_person(services, admin, name=name)
    zhang = make_person(services, admin, name="张伟")
    services.people.update(admin, zhang.id, person_draft(name="艾伦"), zhang.version)
    listed = [p.name for p in services.people.list(admin) if p.name in ("李娜", "王敏", "艾伦")]
    assert listed == ["艾伦", "李娜", "王敏"]


def test_the_migration_fills_the_key_of_existing_rows(empty_db_url: str, tmp_path: Path) -> None:
    engine: Engine = make_engine(empty_db_url)
    try:
        upgrade(engine, "0016_outbox")
        with engine.begin() as connection:
            for name in ["中国工商银行", "北京银行"]:
                connection.execute(
                    text(
                        "INSERT INTO bank (name, short_name, notes, active, version) "
                        "VALUES (:name, '', '', :yes, 1)"
                    ),
                    {"name": name, "yes": True},
                )
        prepare_database(engine, tmp_path / "backups", START)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT name FROM bank ORDER BY sort_key")).all()
        assert [r[0] for r in rows] == ["北京银行", "中国工商银行"]
    finally:
        engine.dispose()
