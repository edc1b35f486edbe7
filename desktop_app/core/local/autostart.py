"""Start Callback Desk at login, minimised, the way each operating system expects it.

Windows: a value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``. macOS: a launch
agent ``~/Library/LaunchAgents/<label>.plist`` with ``RunAtLoad``. Linux and other XDG desktops:
``$XDG_CONFIG_HOME/autostart/callback-desk.desktop`` (``~/.config`` when the variable is unset).
Every writer takes its folder or registry key from its constructor, so the tests run the macOS
and XDG writers into a temporary folder on any system and the Windows writer against a small
in-memory key. ``enable`` and ``disable`` are idempotent; failures raise :class:`AutostartError`
with a translated message.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from desktop_app import APP_ID, APP_NAME
from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import N_

MINIMISED_FLAG = "--minimised"
LAUNCH_AGENT_LABEL = "com.callback-desk.desk"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = APP_NAME


class AutostartError(DeskError):
    """Starting at login could not be switched on or off."""


def _failed(where: object, error: Exception) -> AutostartError:
    return AutostartError(
        N_("Could not change starting at login ({where}): {reason}"),
        where=str(where),
        reason=getattr(error, "strerror", None) or str(error),
    )


def _write_file(path: Path, write: Callable[[Path], object]) -> None:
    """Write ``path`` through a temporary file beside it (``write`` fills it), so that a failure
    never leaves half a file behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        write(temporary)
        os.replace(temporary, path)
    except OSError as error:
        raise _failed(path, error) from error


def _remove_file(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise _failed(path, error) from error


class Autostart(Protocol):
    """One system's way of starting the app at login."""

    def enable(self, command: Sequence[str]) -> None: ...
    def disable(self) -> None: ...
    def is_enabled(self) -> bool: ...
    def where(self) -> str: ...


def default_data_dir() -> Path:
    """The data folder the app uses when neither ``--data-dir`` nor the environment says."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def launch_command(data_dir: Path | None = None) -> list[str]:
    """The command that starts this installation minimised, on ``data_dir`` when that is not the
    default folder (a ``--data-dir`` or environment override is not there at login).

    A frozen app starts its own executable; otherwise the interpreter runs the package, with
    ``pythonw.exe`` on Windows so that no console window opens at login.
    """
    if getattr(sys, "frozen", False):
        command = [sys.executable]
    else:
        python = Path(sys.executable)
        windowless = python.with_name("pythonw.exe")
        if sys.platform == "win32" and python.name.lower() == "python.exe" and windowless.exists():
            python = windowless
        command = [str(python), "-m", "desktop_app"]
    if data_dir is not None and data_dir.resolve() != default_data_dir().resolve():
        command += ["--data-dir", str(data_dir)]
    return [*command, MINIMISED_FLAG]


# --- XDG (Linux, BSD) ---------------------------------------------------------------------------


def xdg_config_home(environ: Mapping[str, str] | None = None, home: Path | None = None) -> Path:
    """``$XDG_CONFIG_HOME`` when it is an absolute path, else ``~/.config`` (the spec's rule)."""
    value = (os.environ if environ is None else environ).get("XDG_CONFIG_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return (home or Path.home()) / ".config"


def _desktop_exec_argument(argument: str) -> str:
    """Quote one argument for a desktop entry's ``Exec`` key (Desktop Entry spec, "Exec key")."""
    text = argument.replace("%", "%%")
    if text and not any(c in text for c in " \t\n\"'\\><~|&;$*?#()`="):
        return text
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in text)
    # The string-value escape rule applies before the quoting rule: double every backslash again.
    return '"' + quoted.replace("\\", "\\\\") + '"'


class XdgAutostart:
    """``callback-desk.desktop`` in the XDG autostart folder."""

    def __init__(self, config_home: Path) -> None:
        self.path = config_home / "autostart" / f"{APP_ID}.desktop"

    def where(self) -> str:
        return str(self.path)

    def entry(self, command: Sequence[str]) -> str:
        return "\n".join(
            [
                "[Desktop Entry]",
                "Type=Application",
                f"Name={APP_NAME}",
                "Name[zh_CN]=回访台",
                "Comment=No post-loan callback from a lending bank goes unanswered",
                "Exec=" + " ".join(_desktop_exec_argument(a) for a in command),
                f"Icon={APP_ID}",
                "Terminal=false",
                "X-GNOME-Autostart-enabled=true",
                "",
            ]
        )

    def enable(self, command: Sequence[str]) -> None:
        entry = self.entry(command)
        _write_file(self.path, lambda file: file.write_text(entry, encoding="utf-8"))

    def disable(self) -> None:
        _remove_file(self.path)

    def is_enabled(self) -> bool:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return False
        switched_off = {"Hidden=true", "X-GNOME-Autostart-enabled=false"}
        return not switched_off.intersection(line.strip() for line in lines)


# --- macOS ---------------------------------------------------------------------------------------


class LaunchAgentAutostart:
    """A per-user launch agent that runs the app once at login (``RunAtLoad``)."""

    def __init__(self, agents_dir: Path, label: str = LAUNCH_AGENT_LABEL) -> None:
        self.label = label
        self.path = agents_dir / f"{label}.plist"

    def where(self) -> str:
        return str(self.path)

    def agent(self, command: Sequence[str]) -> dict[str, object]:
        return {
            "Label": self.label,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }

    def enable(self, command: Sequence[str]) -> None:
        agent = self.agent(command)
        _write_file(self.path, lambda file: file.write_bytes(plistlib.dumps(agent)))

    def disable(self) -> None:
        _remove_file(self.path)

    def is_enabled(self) -> bool:
        try:
            with self.path.open("rb") as file:
                agent = plistlib.load(file)
        except (OSError, plistlib.InvalidFileException, ValueError):
            return False
        return isinstance(agent, dict) and agent.get("RunAtLoad") is True


# --- Windows -------------------------------------------------------------------------------------


class RunKey(Protocol):
    """The few operations on the registry's Run key that starting at login needs."""

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...


class WinregRunKey:
    """``HKEY_CURRENT_USER\\...\\CurrentVersion\\Run`` through ``winreg`` (Windows only)."""

    def get(self, name: str) -> str | None:
        if sys.platform != "win32":  # also tells mypy the lines below are Windows code
            raise OSError("the registry exists only on Windows")
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _kind = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return str(value)

    def set(self, name: str, value: str) -> None:
        if sys.platform != "win32":  # also tells mypy the lines below are Windows code
            raise OSError("the registry exists only on Windows")
        import winreg

        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete(self, name: str) -> None:
        if sys.platform != "win32":  # also tells mypy the lines below are Windows code
            raise OSError("the registry exists only on Windows")
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            return


class WindowsAutostart:
    """A value named after the app under the current user's Run key."""

    def __init__(self, key: RunKey, name: str = RUN_VALUE) -> None:
        self.key = key
        self.name = name

    def where(self) -> str:
        return f"HKEY_CURRENT_USER\\{RUN_KEY}\\{self.name}"

    def enable(self, command: Sequence[str]) -> None:
        try:
            self.key.set(self.name, subprocess.list2cmdline(list(command)))
        except OSError as error:
            raise _failed(self.where(), error) from error

    def disable(self) -> None:
        try:
            self.key.delete(self.name)
        except OSError as error:
            raise _failed(self.where(), error) from error

    def is_enabled(self) -> bool:
        try:
            return bool(self.key.get(self.name))
        except OSError:
            return False


def for_this_system(
    platform: str = sys.platform,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Autostart:
    """The writer this system uses."""
    if platform == "win32":
        return WindowsAutostart(WinregRunKey())
    if platform == "darwin":
        return LaunchAgentAutostart((home or Path.home()) / "Library" / "LaunchAgents")
    return XdgAutostart(xdg_config_home(environ, home))
