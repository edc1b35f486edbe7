"""The shipped checklist templates: every loan type, worded in zh_CN and en, and checked on load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.core.checklists.resources import TemplateDataError, load_shipped
from desktop_app.core.local.paths import resources_dir
from desktop_app.core.register.contracts import LOAN_TYPES

SHIPPED = resources_dir() / "checklists"


def test_every_loan_type_has_a_template_in_both_languages() -> None:
    templates = load_shipped()
    assert set(templates) == set(LOAN_TYPES)
    for template in templates.values():
        assert template.title_zh and template.title_en
        assert "回访清单" in template.title_zh and "checklist" in template.title_en
        for item in template.items:
            assert item.title_zh and item.title_en and item.guidance_zh and item.guidance_en
            assert "\n" not in item.guidance_en  # continuation lines are joined
            assert item.freshness_days is None or 0 < item.freshness_days <= 400


def test_the_templates_cover_what_banks_check() -> None:
    templates = load_shipped()
    everywhere = {"payment_vouchers", "invoices", "supply_contracts", "financial_statements"}
    everywhere |= {"tax_returns", "bank_statements", "business_licence", "major_changes"}
    for template in templates.values():
        assert everywhere <= {item.code for item in template.items}, template.loan_type
    assert "collateral_status" in {item.code for item in templates["mortgage"].items}
    major = next(i for i in templates["working_capital"].items if i.code == "major_changes")
    for word in ("shareholders", "management", "disputes", "large investments"):
        assert word in major.guidance_en
    for word in ("股东", "高管", "纠纷", "大额投资"):
        assert word in major.guidance_zh


def copy_of_shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "checklists"
    shutil.copytree(SHIPPED, folder)
    return folder


def test_a_language_missing_an_item_is_refused(tmp_path: Path) -> None:
    folder = copy_of_shipped(tmp_path)
    english = (folder / "en.toml").read_text("utf-8")
    (folder / "en.toml").write_text(
        english.replace("[items.tax_returns]", "[items.tax_returns_old]"), "utf-8"
    )
    with pytest.raises(TemplateDataError, match=r"en\.toml: tax_returns: not worded"):
        load_shipped(folder)


def test_an_unknown_item_or_a_bad_freshness_is_refused(tmp_path: Path) -> None:
    folder = copy_of_shipped(tmp_path)
    structure = (folder / "templates.toml").read_text("utf-8")
    (folder / "templates.toml").write_text(
        structure.replace('"tax_returns",', '"tax_return",', 1), "utf-8"
    )
    with pytest.raises(TemplateDataError, match="unknown item tax_return"):
        load_shipped(folder)
    (folder / "templates.toml").write_text(
        structure.replace(
            "tax_returns = { freshness_days = 95 }", "tax_returns = { freshness_days = -1 }"
        ),
        "utf-8",
    )
    with pytest.raises(TemplateDataError, match="freshness_days must be positive"):
        load_shipped(folder)
    (folder / "templates.toml").write_text("format = [", "utf-8")
    with pytest.raises(TemplateDataError, match=r"templates\.toml"):
        load_shipped(folder)
