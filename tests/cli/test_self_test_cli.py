"""``callback-desk --self-test`` from source, as a person (or CI) runs it: a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "Version",
    "Catalogs (zh_CN, en)",
    "Database created and migrated",
    "Qt's Chinese translation",
    "Main window rendered",
    "Every page opened",
    "PDF with Chinese text",
    "Routing a sample number",
    "Reading a sample .xlsx",
    "Chinese working calendar",
    "Keyring backend",
    "PostgreSQL driver (psycopg)",
}


def self_test(
    *args: str, data_dir: Path, shots: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CALLBACK_DESK_DATA_DIR=str(data_dir))
    if shots is not None:
        env["CALLBACK_DESK_SELF_TEST_SHOTS"] = str(shots)
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_check_passes_from_source_and_the_persons_data_is_untouched(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "my-data"
    shots = tmp_path / "shots"
    done = self_test("--lang", "en", "--self-test", "--json", data_dir=data_dir, shots=shots)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["passed"] is True
    assert {check["name"] for check in report["checks"]} == EXPECTED
    failed = [check for check in report["checks"] if not check["ok"]]
    assert failed == []
    details = {check["name"]: check["detail"] for check in report["checks"]}
    assert "回访台自检" in details["PDF with Chinese text"]
    assert "Oct 9, 2025" in details["Chinese working calendar"]
    assert "Reports" in details["Every page opened"]  # the page drawn with QtCharts
    # each page's image, saved as asked: as many as pages opened, each a real PNG
    pages = int(details["Every page opened"].split()[0])
    images = sorted(shots.glob("page-*.png"))
    assert len(images) == pages >= 11
    assert all(image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for image in images)
    assert not data_dir.exists()  # a temporary folder, never the person's own


def test_the_table_is_translated(tmp_path: Path) -> None:
    done = self_test("--lang", "zh_CN", "--self-test", data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "全部检查通过" in done.stdout
