"""The self-test behind ``callback-desk check``: database, schema, catalogs, resources."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.common.errors import DeskError
from desktop_app.core.common.i18n import N_, SUPPORTED, _
from desktop_app.core.local.paths import resources_dir, translations_dir
from desktop_app.core.storage.engine import make_engine, safe_url
from desktop_app.core.storage.migrate import HEAD_REVISION, current_revision

REQUIRED_RESOURCES = (
    "icons/app.png",
    "icons/tray.png",
    *(
        f"templates/{kind}_{lang}.xlsx"
        for kind in ("banks", "contracts", "people", "responders")
        for lang in ("zh_CN", "en")
    ),
    "training/course.toml",
    *(
        f"training/{lang}/{name}.toml"
        for lang in ("zh_CN", "en")
        for name in ("texts", "questions")
    ),
)


@dataclass(frozen=True)
class CheckResult:
    """One check: its name, whether it passed, and what was found."""

    name: str
    ok: bool
    detail: str


def run_checks(database_url: str) -> list[CheckResult]:
    """Run every check; never raises for a failed check."""
    results: list[CheckResult] = []
    try:
        engine = make_engine(database_url)
        try:
            revision = current_revision(engine)
        finally:
            engine.dispose()
        if revision == HEAD_REVISION:
            results.append(
                CheckResult(
                    _("Database"),
                    True,
                    _("{url} at schema {revision}").format(
                        url=safe_url(database_url), revision=revision
                    ),
                )
            )
        else:
            results.append(
                CheckResult(
                    _("Database"),
                    False,
                    _(
                        "{url} is at schema {found}, expected {expected}; "
                        "start the app to upgrade it"
                    ).format(
                        url=safe_url(database_url),
                        found=revision or _("none"),
                        expected=HEAD_REVISION,
                    ),
                )
            )
    except DeskError as error:
        results.append(CheckResult(_("Database"), False, error.text()))
    try:
        folder = translations_dir()
        missing = [
            lang
            for lang in SUPPORTED
            if not (folder / lang / "LC_MESSAGES" / "messages.mo").is_file()
        ]
        results.append(
            CheckResult(
                _("Translations"),
                not missing,
                _("missing: {languages}").format(languages=", ".join(missing))
                if missing
                else str(folder),
            )
        )
    except FileNotFoundError:
        results.append(
            CheckResult(_("Translations"), False, _("the translations folder is missing"))
        )
    try:
        folder = resources_dir()
        missing = [name for name in REQUIRED_RESOURCES if not (folder / name).is_file()]
        results.append(
            CheckResult(
                _("Resources"),
                not missing,
                _("missing: {files}").format(files=", ".join(missing)) if missing else str(folder),
            )
        )
    except FileNotFoundError:
        results.append(CheckResult(_("Resources"), False, _("the resources folder is missing")))
    return results


MARKS = {True: N_("ok"), False: N_("FAILED")}
