"""Builds Callback Desk's bundle and installer for the system it runs on.

Usage: python packaging/build.py [--skip-installer] [--dist DIR] [--work DIR] [--max-mb N]

Runs PyInstaller with packaging/callback-desk.spec (one folder), then makes this system's installer:
Linux a ``.tar.gz`` of the folder; Windows an Inno Setup installer (``iscc`` on PATH or in its
default folder); macOS a ``.dmg`` of the ``.app`` (``hdiutil``), signed and notarised only when
the certificate and the notary credentials are given in the environment:

- ``MACOS_SIGN_IDENTITY`` (e.g. "Developer ID Application: Example Ltd (TEAMID)") — sign;
- ``MACOS_NOTARY_PROFILE`` (a ``notarytool store-credentials`` profile), or ``APPLE_ID``,
  ``APPLE_TEAM_ID`` and ``APPLE_APP_PASSWORD`` — notarise and staple the .dmg;
- ``WINDOWS_SIGN_PFX`` and ``WINDOWS_SIGN_PASSWORD`` — sign the Windows exe and installer.

The version comes from pyproject.toml; the build's commit (``git rev-parse``, or ``GITHUB_SHA``)
and the version are written into the bundle as build_info.json for the About dialog. This file is
a script: ``packaging/`` must never become an importable package, as it would shadow the
``packaging`` library that pip and setuptools import.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "callback-desk.spec"
NAME = "callback-desk"
APP_BUNDLE = "Callback Desk.app"


def project_version() -> str:
    """The version in pyproject.toml: the one version of a release."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def build_commit() -> str:
    """The commit being built: GITHUB_SHA in CI, else git's HEAD, else "unknown"."""
    if os.environ.get("GITHUB_SHA"):
        return os.environ["GITHUB_SHA"][:12]
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return found + ("-dirty" if dirty else "")


def machine() -> str:
    """A short name of the processor: x86_64, arm64."""
    name = platform.machine().lower()
    return {"amd64": "x86_64", "aarch64": "arm64"}.get(name, name)


def windows_version_file(version: str, target: Path) -> Path:
    """The version resource PyInstaller puts on the Windows exe (shown in its Properties)."""
    numbers = [int(part) for part in version.split(".")[:3] if part.isdigit()]
    numbers += [0] * (4 - len(numbers))
    tuple_text = ", ".join(str(n) for n in numbers)
    strings = {
        "CompanyName": "Callback Desk",
        "FileDescription": "Callback Desk",
        "FileVersion": version,
        "InternalName": NAME,
        "OriginalFilename": f"{NAME}.exe",
        "ProductName": "Callback Desk",
        "ProductVersion": version,
    }
    entries = ",\n".join(f"          StringStruct('{k}', '{v}')" for k, v in strings.items())
    target.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({tuple_text}), prodvers=({tuple_text}),
                    mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
{entries}
    ])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200, 1033, 1200])])
  ]
)
""",
        encoding="utf-8",
    )
    return target


def run(command: list[str], secrets: tuple[str, ...] = (), **kwargs: object) -> None:
    """Run ``command``, printed first with each of ``secrets`` shown as ***."""
    shown = " ".join(command)
    for secret in secrets:
        shown = shown.replace(secret, "***")
    print("+", shown, flush=True)
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]


def pyinstaller(work: Path, dist: Path, version: str, commit: str) -> None:
    """Run the spec with the version, the commit and (on Windows) the version resource."""
    work.mkdir(parents=True, exist_ok=True)
    info = work / "build_info.json"
    info.write_text(json.dumps({"version": version, "commit": commit}), encoding="utf-8")
    env = dict(os.environ, CALLBACK_DESK_VERSION=version, CALLBACK_DESK_BUILD_INFO=str(info))
    if sys.platform == "win32":
        env["CALLBACK_DESK_VERSION_FILE"] = str(windows_version_file(version, work / "version.txt"))
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--workpath",
            str(work),
            "--distpath",
            str(dist),
            str(SPEC),
        ],
        env=env,
    )


def folder_size(folder: Path) -> int:
    """Bytes of the files in ``folder``; a symbolic link counts once, as the file it names."""
    files = (path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return sum(path.stat().st_size for path in files)


def size_problem(size_mb: float, max_mb: float | None) -> str | None:
    """What is wrong with a bundle of ``size_mb`` under a limit of ``max_mb`` (None: no limit)."""
    if max_mb is None or size_mb <= max_mb:
        return None
    return f"bundle too big: {size_mb:.1f} MB unpacked, the limit is {max_mb:g} MB"


def make_tarball(dist: Path, version: str) -> Path:
    """Linux: the one-folder bundle as callback-desk-<version>-linux-<machine>.tar.gz."""
    target = dist / f"{NAME}-{version}-linux-{machine()}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(dist / NAME, arcname=f"{NAME}-{version}")
    return target


def find_iscc() -> str:
    """Inno Setup's compiler: on PATH, or in Inno Setup 7's or 6's default folder."""
    found = shutil.which("iscc")
    if found:
        return found
    for version in ("7", "6"):
        for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
            if base and (Path(base) / f"Inno Setup {version}" / "ISCC.exe").is_file():
                return str(Path(base) / f"Inno Setup {version}" / "ISCC.exe")
    raise SystemExit("Inno Setup (iscc) was not found; install it or use --skip-installer")


def chinese_installer_texts(iscc: str) -> Path | None:
    """Inno Setup's Simplified Chinese texts, as the .iss looks for them: official in the
    compiler's Languages folder since Inno Setup 7.0.2, else a copy beside the .iss."""
    for candidate in (
        Path(iscc).parent / "Languages" / "ChineseSimplified.isl",
        HERE / "windows" / "ChineseSimplified.isl",
    ):
        if candidate.is_file():
            return candidate
    return None


def find_signtool() -> str:
    """signtool: on PATH, or the newest in the Windows SDK (it is not on a runner's PATH)."""
    found = shutil.which("signtool")
    if found:
        return found
    kits = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Windows Kits"
    tools = sorted(kits.glob("10/bin/10.*/x64/signtool.exe"))
    if not tools:
        raise SystemExit("signtool was not found: install the Windows SDK")
    return str(tools[-1])


TIMESTAMP_URL = "http://timestamp.digicert.com"


def windows_signing() -> tuple[str, str] | None:
    """The certificate file and its password, when both are given in the environment."""
    pfx, password = os.environ.get("WINDOWS_SIGN_PFX"), os.environ.get("WINDOWS_SIGN_PASSWORD")
    return (pfx, password) if pfx and password else None


def sign_windows(path: Path) -> None:
    """Sign with signtool when a certificate is given; otherwise leave the file unsigned."""
    signing = windows_signing()
    if signing is None:
        print(f"not signing {path.name}: WINDOWS_SIGN_PFX is not set")
        return
    pfx, password = signing
    run(
        [
            find_signtool(),
            "sign",
            "/f",
            pfx,
            "/p",
            password,
            "/fd",
            "SHA256",
            "/tr",
            TIMESTAMP_URL,
            "/td",
            "SHA256",
            str(path),
        ],
        secrets=(password,),
    )


def make_windows_installer(dist: Path, version: str) -> Path:
    """Windows: the Inno Setup installer, per user, from packaging/windows/callback-desk.iss."""
    sign_windows(dist / NAME / f"{NAME}.exe")
    sign_windows(dist / NAME / f"{NAME}-cli.exe")
    output = f"{NAME}-{version}-windows-{machine()}-setup"
    iscc = find_iscc()
    chinese = chinese_installer_texts(iscc)
    if chinese:
        print(f"installer languages: English and Chinese ({chinese})")
    else:
        print("installer languages: English only (Inno Setup 7.0.2 or newer brings Chinese)")
    command = [
        iscc,
        f"/DAppVersion={version}",
        f"/DSourceDir={dist / NAME}",
        f"/DIconFile={ROOT / 'resources' / 'icons' / 'app.ico'}",
        f"/O{dist}",
        f"/F{output}",
    ]
    secrets: tuple[str, ...] = ()
    signing = windows_signing()
    if signing:
        # Inno Setup signs the installer and the uninstaller it embeds with this Sign Tool
        # ($q is a quote, $f the file), declared in the .iss when Sign is defined.
        pfx, password = signing
        tool = (
            f"$q{find_signtool()}$q sign /f $q{pfx}$q /p $q{password}$q /fd SHA256 "
            f"/tr {TIMESTAMP_URL} /td SHA256 $f"
        )
        command += [f"/Scallbackdesk={tool}", "/DSign"]
        secrets = (password,)
    else:
        print("not signing the installer: WINDOWS_SIGN_PFX is not set")
    run([*command, str(HERE / "windows" / "callback-desk.iss")], secrets=secrets)
    installer = dist / f"{output}.exe"
    return installer


# Apple's language IDs (zh-Hans, not zh_CN), as CFBundleLocalizations in the spec lists them.
MACOS_NAMES = {"en": "Callback Desk", "zh-Hans": "回访台"}


def add_macos_localisations(app: Path) -> None:
    """Declare the app's two languages the way Finder and the menu bar read them: one .lproj
    folder per language with the localised name (Info.plist lists them in
    CFBundleLocalizations, set by the spec)."""
    for language, name in MACOS_NAMES.items():
        folder = app / "Contents" / "Resources" / f"{language}.lproj"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "InfoPlist.strings").write_text(
            f'CFBundleName = "{name}";\nCFBundleDisplayName = "{name}";\n', encoding="utf-16"
        )


def sign_macos(app: Path) -> bool:
    """Sign the .app with the Developer ID (hardened runtime, entitlements), or else ad hoc.

    PyInstaller signs the bundle ad hoc, but the .lproj folders added afterwards break that
    seal, and on Apple silicon an app with a broken seal is refused as "damaged" instead of
    being offered "Open Anyway". Signed ad hoc again, an unsigned build opens as the README
    says."""
    identity = os.environ.get("MACOS_SIGN_IDENTITY")
    if not identity:
        print("not signing the .app with a Developer ID: MACOS_SIGN_IDENTITY is not set")
        run(["codesign", "--force", "--deep", "--sign", "-", str(app)])
        return False
    run(
        [
            "codesign",
            "--force",
            "--deep",
            "--options",
            "runtime",
            "--timestamp",
            "--entitlements",
            str(HERE / "macos" / "entitlements.plist"),
            "--sign",
            identity,
            str(app),
        ]
    )
    run(["codesign", "--verify", "--deep", "--strict", "--verbose=2", str(app)])
    return True


def notarise_macos(dmg: Path) -> None:
    """Submit the .dmg to Apple's notary service and staple the ticket, when credentials exist."""
    profile = os.environ.get("MACOS_NOTARY_PROFILE")
    apple_id = os.environ.get("APPLE_ID")
    if profile:
        credentials = ["--keychain-profile", profile]
    elif apple_id and os.environ.get("APPLE_TEAM_ID") and os.environ.get("APPLE_APP_PASSWORD"):
        credentials = [
            "--apple-id",
            apple_id,
            "--team-id",
            os.environ["APPLE_TEAM_ID"],
            "--password",
            os.environ["APPLE_APP_PASSWORD"],
        ]
    else:
        print("not notarising: no MACOS_NOTARY_PROFILE or APPLE_ID credentials")
        return
    password = os.environ.get("APPLE_APP_PASSWORD", "")
    run(
        ["xcrun", "notarytool", "submit", str(dmg), *credentials, "--wait"],
        secrets=(password,) if password and not profile else (),
    )
    run(["xcrun", "stapler", "staple", str(dmg)])


def make_dmg(dist: Path, version: str) -> Path:
    """macOS: the .app (signed if a certificate is given) in a compressed .dmg."""
    app = dist / APP_BUNDLE
    signed = sign_macos(app)
    staging = dist / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    shutil.copytree(app, staging / APP_BUNDLE, symlinks=True)
    (staging / "Applications").symlink_to("/Applications")
    dmg = dist / f"{NAME}-{version}-macos-{machine()}.dmg"
    dmg.unlink(missing_ok=True)
    create = [
        "hdiutil",
        "create",
        "-volname",
        f"Callback Desk {version}",
        "-srcfolder",
        str(staging),
        "-fs",
        "HFS+",
        "-format",
        "UDZO",
        "-ov",
        str(dmg),
    ]
    # hdiutil now and then fails with "Resource busy" on build machines: try again twice.
    for attempt in range(3):
        try:
            run(create)
            break
        except subprocess.CalledProcessError:
            if attempt == 2:
                raise
            time.sleep(5)
    shutil.rmtree(staging)
    if signed:
        run(
            [
                "codesign",
                "--force",
                "--timestamp",
                "--sign",
                os.environ["MACOS_SIGN_IDENTITY"],
                str(dmg),
            ]
        )
        notarise_macos(dmg)
    return dmg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder")
    parser.add_argument("--skip-installer", action="store_true", help="only the one-folder bundle")
    parser.add_argument(
        "--max-mb",
        type=float,
        help="fail when the unpacked bundle is bigger than this many MB (CI keeps it in check)",
    )
    args = parser.parse_args(argv)
    version, commit = project_version(), build_commit()
    dist, work = args.dist.resolve(), args.work.resolve()
    started = time.monotonic()
    pyinstaller(work, dist, version, commit)
    bundle_seconds = time.monotonic() - started
    bundle = dist / (APP_BUNDLE if sys.platform == "darwin" else NAME)
    if sys.platform == "darwin":
        add_macos_localisations(bundle)
    size_mb = folder_size(bundle) / 1e6
    print(f"bundle: {bundle} ({size_mb:.1f} MB unpacked, {bundle_seconds:.0f} s)")
    too_big = size_problem(size_mb, args.max_mb)
    if too_big:
        print(too_big)
        return 1
    if args.skip_installer:
        return 0
    if sys.platform == "win32":
        installer = make_windows_installer(dist, version)
    elif sys.platform == "darwin":
        installer = make_dmg(dist, version)
    else:
        installer = make_tarball(dist, version)
    total = time.monotonic() - started
    print(f"installer: {installer} ({installer.stat().st_size / 1e6:.1f} MB, {total:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
