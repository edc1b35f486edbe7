"""The checklist templates shipped in ``resources/checklists/``, read and checked.

``templates.toml`` says which items each loan type needs and how long each stays fresh;
``zh_CN.toml`` and ``en.toml`` word them. Both languages must word every template and every item:
a template that reads well in one language and is blank in the other is refused here, not found
by a person in the middle of a bank's call.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.local.paths import resources_dir

LANGUAGES = ("zh_CN", "en")
FOLDER = "checklists"


class TemplateDataError(ValueError):
    """The shipped template files are inconsistent (a packaging or editing mistake)."""


@dataclass(frozen=True)
class ShippedItem:
    """One item of a shipped template, in both languages."""

    code: str
    title_zh: str
    title_en: str
    guidance_zh: str
    guidance_en: str
    freshness_days: int | None


@dataclass(frozen=True)
class ShippedTemplate:
    """The shipped checklist of one loan type."""

    loan_type: str
    title_zh: str
    title_en: str
    items: tuple[ShippedItem, ...]


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only when the shipped templates are read, not at start-up

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise TemplateDataError(f"{path.name}: {error}") from error


def _text(data: dict[str, Any], where: str, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TemplateDataError(f"{where}: “{key}” is missing or empty")
    return value.strip()


def load_shipped(folder: Path | None = None) -> dict[str, ShippedTemplate]:
    """Every shipped template by loan type; raises TemplateDataError if the files disagree."""
    root = folder or resources_dir() / FOLDER
    structure = _read(root / "templates.toml")
    wording = {language: _read(root / f"{language}.toml") for language in LANGUAGES}
    freshness: dict[str, int | None] = {}
    for code, item in structure.get("items", {}).items():
        days = item.get("freshness_days")
        if days is not None and (not isinstance(days, int) or days <= 0):
            raise TemplateDataError(f"templates.toml: {code}: freshness_days must be positive")
        freshness[code] = days
    templates: dict[str, ShippedTemplate] = {}
    for loan_type, template in structure.get("templates", {}).items():
        codes = template.get("items", [])
        if not codes or len(set(codes)) != len(codes):
            raise TemplateDataError(f"templates.toml: {loan_type}: items empty or repeated")
        items = []
        for code in codes:
            if code not in freshness:
                raise TemplateDataError(f"templates.toml: {loan_type}: unknown item {code}")
            texts = {}
            for language in LANGUAGES:
                entry = wording[language].get("items", {}).get(code)
                where = f"{language}.toml: {code}"
                if not isinstance(entry, dict):
                    raise TemplateDataError(f"{where}: not worded")
                texts[language] = (_text(entry, where, "title"), _text(entry, where, "guidance"))
            items.append(
                ShippedItem(
                    code=code,
                    title_zh=texts["zh_CN"][0],
                    title_en=texts["en"][0],
                    guidance_zh=texts["zh_CN"][1],
                    guidance_en=texts["en"][1],
                    freshness_days=freshness[code],
                )
            )
        titles = {
            language: _text(wording[language].get("templates", {}), f"{language}.toml", loan_type)
            for language in LANGUAGES
        }
        templates[loan_type] = ShippedTemplate(
            loan_type, titles["zh_CN"], titles["en"], tuple(items)
        )
    if not templates:
        raise TemplateDataError("templates.toml: no templates")
    return templates
