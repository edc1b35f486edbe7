"""The release recipes: the CI workflow (checked by actionlint), the PyInstaller spec, the build
script, the Windows installer script and the lock file agree with the app and with each other."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import packaging.version
import pytest

from desktop_app import APP_ID, __version__
from desktop_app.core.local import autostart

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"


def load_build_script() -> ModuleType:
    """packaging/build.py as a module of another name (packaging/ is no package)."""
    spec = importlib.util.spec_from_file_location("callback_desk_build", PACKAGING / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).with_name("actionlint"))
    assert Path(found).is_file(), "actionlint is installed with the test extra"
    return found


def test_the_workflow_passes_actionlint() -> None:
    done = subprocess.run(
        [actionlint(), "-no-color", str(WORKFLOW)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_does_find_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-22.04\n"
        "    steps:\n      - run: echo ${{ matrix.nothing }}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [actionlint(), "-no-color", str(broken)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1 and "matrix" in done.stdout


def test_the_workflow_builds_on_every_system_and_runs_the_self_test() -> None:
    text = WORKFLOW.read_text("utf-8")
    for runner in ("windows-2022", "macos-15", "macos-15-intel", "ubuntu-22.04"):
        assert f"os: {runner}" in text
    assert "python packaging/build.py" in text
    assert "--self-test" in text
    assert "packaging/requirements-lock.txt" in text
    assert "actions/upload-artifact" in text


def test_packaging_is_never_an_importable_package() -> None:
    assert not (PACKAGING / "__init__.py").exists()
    # `packaging` is the library pip and setuptools import, not this folder
    assert Path(packaging.version.__file__).resolve().parent != PACKAGING


def test_the_build_reads_the_one_version() -> None:
    build = load_build_script()
    with (ROOT / "pyproject.toml").open("rb") as file:
        assert build.project_version() == tomllib.load(file)["project"]["version"]
    assert build.project_version() == __version__


def test_a_bundle_over_the_size_limit_fails_the_build() -> None:
    build = load_build_script()
    assert build.size_problem(142.0, 150.0) is None
    assert build.size_problem(142.0, None) is None
    assert build.size_problem(150.4, 150.0) == (
        "bundle too big: 150.4 MB unpacked, the limit is 150 MB"
    )
    assert "--max-mb 150" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_the_windows_version_resource(tmp_path: Path) -> None:
    build = load_build_script()
    text = build.windows_version_file("1.2.3", tmp_path / "version.txt").read_text("utf-8")
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('ProductVersion', '1.2.3')" in text


def test_the_spec_keeps_only_what_the_app_uses() -> None:
    spec = (PACKAGING / "callback-desk.spec").read_text("utf-8")
    compile(spec, "callback-desk.spec", "exec")
    for needed in (
        '"resources"',
        "migrations",
        "messages.mo",
        "qtbase_zh_CN.qm",
        'copy_metadata("keyring")',
        "psycopg_binary",
        '"phonenumbers"',
        '"pypinyin"',
        '"chinese_calendar"',
        '"icalendar"',
        "BUILD_INFO",
    ):
        assert needed in spec, needed
    for left_out in ("Qml", "Quick", "WebEngine"):
        assert left_out in spec, left_out
    assert '"CFBundleURLSchemes": ["callback-desk"]' in spec  # the ring URL on macOS


def test_the_installer_matches_the_app() -> None:
    script = (PACKAGING / "windows" / "callback-desk.iss").read_text("utf-8")
    assert "PrivilegesRequired=lowest" in script
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", script, re.MULTILINE)
    assert f'#define DataFolder "{APP_ID}"' in script  # where platformdirs puts the data
    assert f'#define RunValue "{autostart.RUN_VALUE}"' in script  # the app's own autostart value
    assert autostart.MINIMISED_FLAG in script
    assert "RemoveDataCheck" in script and "Check.Checked := False" in script
    assert "{autoprograms}" in script
    # Inno Setup 6.6+ takes the form's size up front; it must be scaled for high-DPI screens.
    assert "CreateCustomForm(ScaleX(420), ScaleY(170), False, False)" in script
    # Chinese: Inno Setup's official texts (7.0.2+), else a copy beside the script.
    assert 'MessagesFile: "compiler:Languages\\ChineseSimplified.isl"' in script
    # The callback-desk: URL scheme opens the app with the address as its argument.
    url_protocol = (
        'Subkey: "Software\\Classes\\callback-desk"; ValueType: string; ValueName: "URL Protocol"'
    )
    assert url_protocol in script
    assert '""{app}\\{#AppExe}"" ""%1""' in script
    assert 'MessagesFile: "ChineseSimplified.isl"' in script


def test_a_signing_password_never_reaches_the_build_log(
    capsys: pytest.CaptureFixture[str],
) -> None:
    build = load_build_script()
    build.run([sys.executable, "-c", "pass", "/p", "s3cret-pass"], secrets=("s3cret-pass",))
    printed = capsys.readouterr().out
    assert "/p ***" in printed
    assert "s3cret-pass" not in printed


def test_the_installer_and_its_uninstaller_are_signed_when_asked() -> None:
    script = (PACKAGING / "windows" / "callback-desk.iss").read_text("utf-8")
    assert re.search(r"#ifdef Sign\n(;.*\n)*SignTool=callbackdesk\nSignedUninstaller=yes\n", script)
    assert '"/Scallbackdesk=' in (PACKAGING / "build.py").read_text("utf-8")


def test_the_chinese_installer_texts_are_found_where_the_script_looks(tmp_path: Path) -> None:
    build = load_build_script()
    iscc = tmp_path / "Inno Setup 7" / "ISCC.exe"
    iscc.parent.mkdir()
    iscc.write_bytes(b"")
    beside = PACKAGING / "windows" / "ChineseSimplified.isl"
    expected = beside if beside.is_file() else None
    assert build.chinese_installer_texts(str(iscc)) == expected
    official = iscc.parent / "Languages" / "ChineseSimplified.isl"
    official.parent.mkdir()
    official.write_text("; texts", encoding="utf-8")
    assert build.chinese_installer_texts(str(iscc)) == official


def test_a_step_condition_reads_what_a_step_condition_can_read() -> None:
    """GitHub evaluates a step's `if` before its own `env` exists and without `secrets`."""
    text = WORKFLOW.read_text("utf-8")
    conditions = re.findall(r"^\s+if: (.+)$", text, re.MULTILINE)
    assert conditions
    for condition in conditions:
        assert "secrets." not in condition, condition
    assert "env.HAVE_MACOS_CERTIFICATE == 'true'" in text
    assert "HAVE_MACOS_CERTIFICATE: ${{ secrets.MACOS_CERTIFICATE_P12 != '' }}" in text


def test_the_mac_app_declares_apples_language_ids() -> None:
    spec = (PACKAGING / "callback-desk.spec").read_text("utf-8")
    assert '"CFBundleLocalizations": ["zh-Hans", "en"]' in spec
    assert '"LSMinimumSystemVersion": "13.0"' in spec  # what Qt 6.10+ runs on
    assert set(load_build_script().MACOS_NAMES) == {"zh-Hans", "en"}


def test_the_lock_file_pins_every_dependency() -> None:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    lock = (PACKAGING / "requirements-lock.txt").read_text("utf-8")
    pinned = {
        re.sub(r"[-_.]+", "-", m.group(1)).lower()
        for m in re.finditer(r"^([A-Za-z0-9_.-]+)==\S+", lock, re.MULTILINE)
    }
    wanted = [*project["dependencies"], *project["optional-dependencies"]["build"]]
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement)
        assert name is not None
        assert re.sub(r"[-_.]+", "-", name.group(0)).lower() in pinned, requirement
