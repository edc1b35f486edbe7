"""The command line speaks one language at a time: argparse's own words too, and an unsupported
--lang is one clear line, never a mix."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from desktop_app.__main__ import main

ENGLISH_ARGPARSE = ("usage:", "options:", "positional arguments", "show this help message")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as stop:
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_help_in_chinese_has_no_english_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--lang", "zh_CN", "--help")
    assert code == 0
    assert out.startswith("用法：callback-desk")
    assert "选项：" in out and "显示此帮助信息并退出" in out
    assert "--data-dir 文件夹" in out and "--as 人员" in out
    assert not [word for word in ENGLISH_ARGPARSE if word in out]
    for english in ("folder for data", "language of the app", "load a fictional", "COMMAND"):
        assert english not in out
    assert "数据文件夹" in out or "数据和设置" in out


def test_a_sub_command_help_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--lang", "zh_CN", "route", "--help")
    assert code == 0
    assert "位置参数：" in out and "文本" in out and "--at 时刻" in out
    assert not [word for word in ENGLISH_ARGPARSE if word in out]


def columns(text: str) -> int:
    """Where ``text`` ends on a terminal: a Chinese character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


@pytest.mark.parametrize("command", ["audit", "route", "report"])
def test_the_help_texts_line_up_beside_chinese_placeholders(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, _err = run(capsys, "--lang", "zh_CN", command, "--help")
    assert code == 0
    assert "\x00" not in out
    starts = set()
    for line in out.splitlines():
        found = re.match(r"^  (-\S.*?  )(\S.*)$", line)  # an option, then its help text
        if found:
            starts.add(columns(found[1]))
    assert len(starts) == 1, out


def test_a_usage_error_in_chinese_is_wholly_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "--lang", "zh_CN", "--data-dir", str(tmp_path), "audit", "--x")
    assert code == 2
    assert out.startswith("用法：callback-desk")
    assert err == "错误：无法识别的参数：--x\n"


def test_an_unsupported_language_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    code, out, err = run(capsys, "--lang", "fr", "banks", "list")
    assert (code, out) == (2, "")
    assert err == (
        "callback-desk: Callback Desk speaks Chinese (zh_CN) and English (en), not “fr”.\n"
    )
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, out, err = run(capsys, "--lang", "fr")
    assert code == 2
    assert err == "callback-desk: 回访台支持中文（zh_CN）和英文（en），不支持“fr”。\n"


def test_demo_names_the_administrator_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = str(tmp_path / "data")
    code, out, _err = run(capsys, "--lang", "zh_CN", "--data-dir", data, "demo")
    assert code == 0
    assert out == "示例公司已加载。您当前的身份是管理员吴晓东。\n"
