"""``training report`` and ``training certificates`` on both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete

from desktop_app.__main__ import main
from desktop_app.core.context import open_context
from desktop_app.core.local.secrets import MemoryStore
from desktop_app.core.models import Certificate


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def base(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The demo company, with 王敏 (finance) certified today on the real clock, and nobody else
    (the demo's own certificates are removed)."""
    args = ["--db", db_url, "--data-dir", str(tmp_path / "data"), "--lang", "en"]
    assert run(capsys, *args, "demo")[0] == 0
    ctx = open_context(db=db_url, data_dir=str(tmp_path / "data"), secrets=MemoryStore())
    try:
        with ctx.services.store.write() as session:
            session.execute(delete(Certificate))
        training = ctx.services.training
        actor = ctx.services.identity.actor_named("王敏")
        for status in training.progress(actor).lessons:
            training.mark_lesson_read(actor, status.lesson.code)
        quiz = training.start_quiz(actor, language="en", seed=1)
        training.submit(actor, quiz, {q.id: q.correct for q in quiz.questions})
    finally:
        ctx.close()
    return args


def test_the_report_flags_uncertified_responders(
    capsys: pytest.CaptureFixture[str], base: list[str], tmp_path: Path
) -> None:
    xlsx = tmp_path / "report.xlsx"
    code, out, err = run(capsys, *base, "--as", "周杰", "training", "report", "--xlsx", str(xlsx))
    assert code == 0, err
    assert "王敏" in out and "Finance responder" in out and "9/9" in out and "100%" in out
    assert "responders have no current certificate" in out and "李娜" in out
    assert load_workbook(xlsx)["People"].max_row == 10  # nine people and the header
    code, out, _err = run(capsys, *base, "--as", "周杰", "training", "report", "--json")
    report = json.loads(out)
    people = {p["name"]: p for p in report["people"]}
    assert people["王敏"]["state"] == "valid" and people["王敏"]["lessons_read"] == 9
    assert "李娜" in report["uncertified_responders"]
    assert "王敏" not in report["uncertified_responders"]
    assert report["counts"]["valid"] == 1


def test_the_front_desk_may_not_read_the_team_report(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    code, out, err = run(capsys, *base, "--as", "刘洋", "training", "report")
    assert code == 1 and out == ""
    assert "may not do this" in err and "Traceback" not in err


def test_certificates_and_those_expiring(
    capsys: pytest.CaptureFixture[str], base: list[str]
) -> None:
    code, out, _err = run(capsys, *base, "--as", "周杰", "training", "certificates", "--json")
    assert code == 0
    found = json.loads(out)
    assert [c["name"] for c in found] == ["王敏"]
    assert found[0]["number"].startswith("CD-") and found[0]["state"] == "valid"
    code, out, _err = run(
        capsys, *base, "--as", "周杰", "training", "certificates", "--expiring-days", "30"
    )
    assert code == 0 and out.strip() == "No certificates."
    code, out, _err = run(
        capsys, *base, "--as", "周杰", "training", "certificates", "--expiring-days", "400"
    )
    assert "王敏" in out and "Finance responder" in out
    code, out, _err = run(capsys, *base, "--as", "刘洋", "training", "certificates")
    assert out.strip() == "No certificates."  # only one's own, and there is none
    with pytest.raises(SystemExit) as raised:
        main([*base, "--as", "周杰", "training", "certificates", "--expiring-days", "-3"])
    assert raised.value.code == 2
    assert "is not a number of days" in capsys.readouterr().err
