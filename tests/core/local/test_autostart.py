"""Starting at login: the XDG desktop entry, the macOS launch agent and the Windows Run value."""

from __future__ import annotations

import plistlib
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.local.autostart import (
    LAUNCH_AGENT_LABEL,
    MINIMISED_FLAG,
    AutostartError,
    LaunchAgentAutostart,
    WindowsAutostart,
    XdgAutostart,
    _desktop_exec_argument,
    default_data_dir,
    for_this_system,
    launch_command,
    xdg_config_home,
)

COMMAND = [
    "/opt/回访台 app/bin/python",
    "-m",
    "desktop_app",
    "--data-dir",
    "/data/50%",
    "--minimised",
]


class DictRunKey:
    """The Run key as a dict: the registry is Windows', not our database."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.fail = False

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        if self.fail:
            raise PermissionError(13, "Access is denied")
        self.values[name] = value

    def delete(self, name: str) -> None:
        if self.fail:
            raise PermissionError(13, "Access is denied")
        self.values.pop(name, None)


def desktop_entry(path: Path) -> dict[str, str]:
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def unescape_exec(value: str) -> list[str]:
    """Read an Exec value back as the spec says: string escapes first, then the quoting."""
    return [a.replace("%%", "%") for a in shlex.split(value.replace("\\\\", "\\"))]


def test_xdg_entry_is_written_read_and_removed(tmp_path: Path) -> None:
    writer = XdgAutostart(tmp_path / "config")
    assert not writer.is_enabled()
    writer.enable(COMMAND)
    path = tmp_path / "config" / "autostart" / "callback-desk.desktop"
    assert writer.where() == str(path)
    entry = desktop_entry(path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Callback Desk"
    assert unescape_exec(entry["Exec"]) == COMMAND
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert writer.is_enabled()
    writer.enable(COMMAND)  # idempotent
    assert sorted(p.name for p in path.parent.iterdir()) == ["callback-desk.desktop"]
    writer.disable()
    assert not path.exists() and not writer.is_enabled()
    writer.disable()  # idempotent


def test_xdg_entry_switched_off_by_the_desktop_counts_as_off(tmp_path: Path) -> None:
    writer = XdgAutostart(tmp_path)
    writer.enable(COMMAND)
    text = writer.path.read_text("utf-8")
    writer.path.write_text(text + "Hidden=true\n", "utf-8")
    assert not writer.is_enabled()


@pytest.mark.parametrize(
    ("argument", "written"),
    [
        ("plain", "plain"),
        ("with space", '"with space"'),
        ("50%", "50%%"),
        ('say "hi"', '"say \\\\"hi\\\\""'),
        ("C:\\Apps", '"C:\\\\\\\\Apps"'),
        ("$HOME", '"\\\\$HOME"'),
        ("", '""'),
    ],
)
def test_exec_arguments_are_quoted_as_the_spec_says(argument: str, written: str) -> None:
    assert _desktop_exec_argument(argument) == written


def test_xdg_config_home_respects_the_variable(tmp_path: Path) -> None:
    assert xdg_config_home({"XDG_CONFIG_HOME": str(tmp_path / "cfg")}) == tmp_path / "cfg"
    assert xdg_config_home({"XDG_CONFIG_HOME": "relative/ignored"}, tmp_path) == (
        tmp_path / ".config"
    )
    assert xdg_config_home({}, tmp_path) == tmp_path / ".config"
    chosen = for_this_system("linux", {"XDG_CONFIG_HOME": str(tmp_path / "x")}, tmp_path)
    assert isinstance(chosen, XdgAutostart)
    assert chosen.path == tmp_path / "x" / "autostart" / "callback-desk.desktop"


def test_launch_agent_runs_at_load(tmp_path: Path) -> None:
    chosen = for_this_system("darwin", {}, tmp_path)
    assert isinstance(chosen, LaunchAgentAutostart)
    assert chosen.path == tmp_path / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
    assert not chosen.is_enabled()
    chosen.enable(COMMAND)
    chosen.enable(COMMAND)  # idempotent
    agent = plistlib.loads(chosen.path.read_bytes())
    assert agent["Label"] == LAUNCH_AGENT_LABEL
    assert agent["ProgramArguments"] == COMMAND
    assert agent["RunAtLoad"] is True
    assert chosen.is_enabled()
    chosen.path.write_bytes(b"not a plist")
    assert not chosen.is_enabled()
    chosen.disable()
    chosen.disable()
    assert not chosen.path.exists()


def test_windows_run_value(tmp_path: Path) -> None:
    key = DictRunKey()
    writer = WindowsAutostart(key)
    assert not writer.is_enabled()
    writer.enable(COMMAND)
    writer.enable(COMMAND)
    assert list(key.values) == ["Callback Desk"]
    assert key.values["Callback Desk"] == subprocess.list2cmdline(COMMAND)
    assert key.values["Callback Desk"].startswith('"/opt/回访台 app/bin/python" -m desktop_app')
    assert writer.is_enabled()
    assert writer.where().startswith("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows")
    writer.disable()
    writer.disable()
    assert key.values == {} and not writer.is_enabled()


def test_failures_are_translated_errors(tmp_path: Path) -> None:
    key = DictRunKey()
    key.fail = True
    with pytest.raises(AutostartError) as raised:
        WindowsAutostart(key).enable(COMMAND)
    assert "Could not change starting at login" in raised.value.text()
    assert "Access is denied" in raised.value.text()
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    with pytest.raises(AutostartError) as raised:
        XdgAutostart(blocked).enable(COMMAND)
    assert str(blocked) in raised.value.text()
    with pytest.raises(AutostartError):
        LaunchAgentAutostart(blocked).enable(COMMAND)


def test_the_command_starts_this_install_minimised(tmp_path: Path) -> None:
    command = launch_command(tmp_path)
    assert command[-1] == MINIMISED_FLAG
    assert command[:3] == [sys.executable, "-m", "desktop_app"]
    assert command[3:5] == ["--data-dir", str(tmp_path)]
    assert "--data-dir" not in launch_command(default_data_dir())
    assert "--data-dir" not in launch_command(None)
