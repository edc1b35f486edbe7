"""Makes a smaller ICU data library for the Linux bundle (run by callback-desk.spec).

PySide6's Linux wheels bring ICU, whose data library (libicudata.so.NN, 32 MB) holds every
language's locale data, collations, converters, break dictionaries and transliterators. Qt Core
asks ICU for little: upper/lower case, collation (QCollator, locale-aware sorting), time-zone
names and the less common text codecs. This script keeps what those need for the languages the
app speaks — the root, English and Chinese locales in each tree, the collation tables, the
time-zone data, Chinese and the usual Western codecs — and drops the rest: other languages,
break iteration (Qt breaks text itself), transliterators, EBCDIC and other far-away
codecs. The result is about a fifth of the size.

It needs ICU's ``icupkg`` and a C compiler (``cc``) on the build machine; without them, or if
anything goes wrong, :func:`slim_icu_data` returns None and the spec keeps the full library.
The data keeps its own format and version: ICU 73's data goes back into a library that
exports the same one symbol (``icudt73_dat``) under the same soname.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

# Locale files kept in each tree: root, English and Chinese (and their regional variants).
KEPT_LOCALE = re.compile(r"^(root|en|en_\w+|zh|zh_\w+)\.res$")
# A locale's file name (two or three lower-case letters, then optional parts), as opposed to the
# trees' shared files (pool.res, res_index.res, supplementalData.res, zoneinfo64.res …).
LOCALE = re.compile(r"^[a-z]{2,3}(_\w*)?\.res$")
# Converters kept: Chinese (GB 18030, GBK, GB 2312, EUC-CN, Big5 and Big5-HKSCS), the Windows and
# ISO 8859 code pages. The algorithmic ones (UTF-*, Latin-1, ASCII) have no file.
KEPT_CONVERTER = re.compile(
    r"^(gb18030|windows-9(36|50)-|ibm-(1386|5478|1383|1373|950|1375|5471|125\d|534\d|535\d|"
    r"437|850|858|91[2-9]|92[0-3]|813|1089|874)_|iso-8859_|iso-ir-165|cns-11643|"
    r"icu-internal-25546|macos-0_2)"
)
# Whole trees Qt never opens: break iteration (Qt breaks text itself; its Chinese, Thai … word
# dictionaries are 2.6 MB), transliteration and the spelled-out numbers.
DROPPED_TREES = {"brkitr", "translit", "rbnf"}


def dropped(item: str) -> bool:
    """Whether the data item (as icupkg lists it, e.g. ``coll/fr.res``) is left out."""
    tree, _, name = item.rpartition("/")
    if tree in DROPPED_TREES:
        return True
    if name.endswith(".cnv"):
        return not KEPT_CONVERTER.match(name)
    if name.endswith(".res") and LOCALE.match(name):
        return not KEPT_LOCALE.match(name)
    return False


def _symbol(library: Path) -> tuple[str, int, int]:
    """The data symbol of ``library`` (name, file offset, size): ICU's one exported object."""
    listing = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(library)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            address, size = int(parts[0], 16), int(parts[1], 16)
            return parts[3], _file_offset(library, address), size
    raise ValueError(f"no icudtNN_dat symbol in {library}")


def _file_offset(library: Path, address: int) -> int:
    """The file offset of a virtual ``address``, from the section that holds it."""
    sections = subprocess.run(
        ["readelf", "-W", "-S", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in sections.splitlines():
        match = re.search(r"\]\s+\S+\s+\S+\s+([0-9a-f]{16})\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if match:
            start, offset, size = (int(group, 16) for group in match.groups())
            if start <= address < start + size:
                return address - start + offset
    raise ValueError(f"address {address:#x} is in no section of {library}")


def slim_icu_data(library: Path, work: Path) -> Path | None:
    """A slimmed copy of ICU's data ``library`` in ``work``, or None if it cannot be made."""
    tools = {tool: shutil.which(tool) for tool in ("icupkg", "cc", "nm", "readelf")}
    missing = [tool for tool, found in tools.items() if not found]
    if missing:
        print(f"slim_icu: keeping the full ICU data ({', '.join(missing)} not found)")
        return None
    try:
        return _slim(library, work)
    except (OSError, ValueError, subprocess.CalledProcessError) as error:
        print(f"slim_icu: keeping the full ICU data ({error})")
        return None


def _slim(library: Path, work: Path) -> Path:
    symbol, offset, size = _symbol(library)
    work.mkdir(parents=True, exist_ok=True)
    full = work / f"{symbol[:-4]}l.dat"
    with library.open("rb") as file:
        file.seek(offset)
        full.write_bytes(file.read(size))
    listing = subprocess.run(
        ["icupkg", "-l", str(full)], capture_output=True, text=True, check=True
    ).stdout.split()
    removed = [item for item in listing if dropped(item)]
    (work / "removed.txt").write_text("\n".join(removed) + "\n", encoding="utf-8")
    # icupkg names the items after the output file: it must keep the input's name (icudt73l).
    slim = work / "slim" / full.name
    slim.parent.mkdir(exist_ok=True)
    subprocess.run(
        ["icupkg", "-r", str(work / "removed.txt"), str(full), str(slim)],
        check=True,
        capture_output=True,
    )
    assembly = work / "icudata.s"
    assembly.write_text(
        "\n".join(
            [
                '.section .rodata,"a"',
                f".globl {symbol}",
                f".type {symbol}, @object",
                ".balign 16",
                f"{symbol}:",
                f'.incbin "{slim}"',
                f".size {symbol}, . - {symbol}",
                '.section .note.GNU-stack,"",@progbits',
                "",
            ]
        ),
        encoding="utf-8",
    )
    target = work / library.name
    subprocess.run(
        [
            "cc",
            "-shared",
            "-nostdlib",
            f"-Wl,-soname,{library.name}",
            "-o",
            str(target),
            str(assembly),
        ],
        check=True,
        capture_output=True,
    )
    print(
        f"slim_icu: {library.name} {library.stat().st_size / 1e6:.1f} MB → "
        f"{target.stat().st_size / 1e6:.1f} MB ({len(removed)} of {len(listing)} items left out)"
    )
    return target
