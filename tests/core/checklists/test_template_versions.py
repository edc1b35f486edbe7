"""Checklist templates are versioned: an administrator's edit of a template item after another
desk's is a conflict naming what changed, re-applied over it on request; putting back the shipped
wording moves the versions on too."""

from __future__ import annotations

import pytest

from desktop_app.core.checklists.templates import ChecklistTemplateService, TemplateItemDraft
from desktop_app.core.common.errors import ConflictError
from desktop_app.core.common.permissions import Actor
from desktop_app.core.services import Services
from tests.helpers.factories import make_person


def statements(templates: ChecklistTemplateService, actor: Actor) -> tuple[int, int, str]:
    """The bank-statements item of the working-capital template: (id, version, Chinese name)."""
    item = next(
        i for i in templates.get(actor, "working_capital").items if i.code == "bank_statements"
    )
    return item.id, item.version, item.title_zh


def as_shown(
    templates: ChecklistTemplateService, actor: Actor, **changes: object
) -> TemplateItemDraft:
    """The item's form as an editor shows it, with ``changes`` typed in."""
    item = next(
        i for i in templates.get(actor, "working_capital").items if i.code == "bank_statements"
    )
    values = {
        "title_zh": item.title_zh,
        "title_en": item.title_en,
        "guidance_zh": item.guidance_zh,
        "guidance_en": item.guidance_en,
        "freshness_days": item.freshness_days,
    }
    return TemplateItemDraft(**{**values, **changes})  # type: ignore[arg-type]


def test_a_stale_template_edit_is_a_conflict_and_can_be_reapplied(
    services: Services, admin: Actor
) -> None:
    templates = services.checklist_templates
    colleague = services.identity.actor_for(make_person(services, admin, "admin", "王敏").id)
    other_desk = ChecklistTemplateService(services.store)
    item_id, version, _title_zh = statements(templates, admin)
    mine = as_shown(templates, admin, title_en="Statements, 3 months", guidance_zh="近三个月")
    theirs = as_shown(templates, admin, title_en="Bank statements (12 months)", freshness_days=400)
    other_desk.save_item(colleague, "working_capital", item_id, theirs, version)
    with pytest.raises(ConflictError) as refused:
        templates.save_item(admin, "working_capital", item_id, mine, version)
    conflict = refused.value.conflict
    assert conflict is not None and conflict.changed_by == "王敏"
    assert (conflict.expected_version, conflict.current_version) == (version, version + 1)
    changes = {c.field: c for c in conflict.changes}
    assert set(changes) == {"title_en", "freshness_days"}
    assert changes["title_en"].theirs == "Bank statements (12 months)"
    assert changes["title_en"].you_changed and not changes["freshness_days"].you_changed
    assert statements(templates, admin)[1] == version + 1  # nothing of the refused save
    keep = conflict.keep_theirs()
    saved = templates.save_item(admin, "working_capital", item_id, mine, version + 1, keep).value
    item = next(i for i in saved.items if i.id == item_id)
    assert (item.title_en, item.guidance_zh, item.freshness_days, item.version) == (
        "Statements, 3 months",
        "近三个月",
        400,  # theirs, which this person did not change
        version + 2,
    )


def test_restoring_the_shipped_wording_makes_an_open_edit_stale(
    services: Services, admin: Actor
) -> None:
    templates = services.checklist_templates
    item_id, version, title_zh = statements(templates, admin)
    templates.restore_shipped(admin, "working_capital")
    with pytest.raises(ConflictError):
        templates.save_item(
            admin, "working_capital", item_id, TemplateItemDraft(title_zh, "Statements"), version
        )
