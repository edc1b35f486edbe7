"""packaging/slim_icu.py: the Linux bundle's smaller ICU data still sorts Chinese by pinyin,
names time zones in Chinese and English and decodes the Chinese codecs, exactly as the full
data does (the same program is run against both, the slim library preloaded)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6 import QtCore

ROOT = Path(__file__).resolve().parents[2]
QT_LIB = Path(QtCore.__file__).resolve().parent / "Qt" / "lib"

PROBE = """
import json
from PySide6.QtCore import QCollator, QLocale, QStringConverter, QStringDecoder, QTimeZone
names = ["张伟", "王敏", "李娜", "周杰", "阿明", "Zoe", "adam", "Émile", "中国工商银行"]
zone = QTimeZone(b"Asia/Shanghai")
long_name = QTimeZone.NameType.LongName
print(json.dumps({
    "sorted": {loc: sorted(names, key=QCollator(QLocale(loc)).sortKey)
               for loc in ("zh_CN", "en_US")},
    "zone": [zone.displayName(QTimeZone.TimeType.StandardTime, long_name, QLocale(loc))
             for loc in ("zh_CN", "en_US")],
    "codecs": {name: QStringDecoder(name).isValid()
               for name in ("GBK", "GB18030", "GB2312", "Big5", "windows-1252", "Shift_JIS")},
    "upper": QLocale("tr_TR").toUpper("istanbul"),
    "count": len(QStringConverter.availableCodecs()),
}, ensure_ascii=False))
"""


def load_slim_icu() -> ModuleType:
    spec = importlib.util.spec_from_file_location("slim_icu", ROOT / "packaging" / "slim_icu.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def probe(preload: Path | None) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if preload is not None:
        env["LD_PRELOAD"] = str(preload)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_only_other_languages_and_unused_trees_are_left_out() -> None:
    slim = load_slim_icu()
    for kept in (
        "root.res",
        "zh_Hans_CN.res",
        "en_GB.res",
        "pool.res",
        "supplementalData.res",
        "zoneinfo64.res",
        "coll/zh.res",
        "coll/ucadata.icu",
        "zone/zh_Hans.res",
        "gb18030.cnv",
        "ibm-1386_P100-2001.cnv",
        "ibm-5348_P100-1997.cnv",
        "cnvalias.icu",
        "uprops.icu",
    ):
        assert not slim.dropped(kept), kept
    for left_out in (
        "fr.res",
        "coll/de.res",
        "coll/de_.res",
        "zone/ja.res",
        "brkitr/cjdict.dict",
        "translit/root.res",
        "ibm-37_P100-1995.cnv",
        "euc-jp-2007.cnv",
    ):
        assert slim.dropped(left_out), left_out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PySide6 brings ICU on Linux only")
def test_the_slim_data_answers_what_qt_asks_as_the_full_data_does(tmp_path: Path) -> None:
    (full,) = QT_LIB.glob("libicudata.so.*")
    made = load_slim_icu().slim_icu_data(full, tmp_path)
    assert made is not None, "icupkg and cc are needed (icu-devtools, gcc)"
    assert made.stat().st_size < full.stat().st_size / 3
    expected, found = probe(None), probe(made)
    assert found["sorted"] == expected["sorted"]
    assert found["sorted"]["zh_CN"][:3] == ["阿明", "李娜", "王敏"]  # type: ignore[index]
    assert found["zone"] == expected["zone"] == ["中国标准时间", "China Standard Time"]
    assert found["upper"] == "İSTANBUL"
    codecs = found["codecs"]
    assert codecs == {**expected["codecs"], "Shift_JIS": False}  # type: ignore[dict-item]
    assert found["count"] < expected["count"]  # type: ignore[operator]
