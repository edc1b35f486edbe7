"""People and banks carry the collation key of their name, computed whenever the name is written.

Sorting by the stored key (pinyin with tone numbers, see ``common.text.sort_key``) lists 安琪,
李娜, 王敏, 张伟 in the order a Chinese reader expects, on SQLite and PostgreSQL alike, where
sorting the names themselves follows code points (or the server's locale). The key is set by ORM
events so that no write path (form, import, demo, first administrator) can forget it; it is
touched only when the name changes, so a desk whose login may update only some columns of these
rows (the front desk's) never writes it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import InstanceState

from desktop_app.core.common.text import sort_key
from desktop_app.core.models.banks import Bank
from desktop_app.core.models.people import Person


def _on_insert(_mapper: Any, _connection: Any, target: Person | Bank) -> None:
    target.sort_key = sort_key(target.name or "")


def _on_update(_mapper: Any, _connection: Any, target: Person | Bank) -> None:
    state: InstanceState[Any] = inspect(target)
    if state.attrs.name.history.has_changes():
        target.sort_key = sort_key(target.name or "")


for model in (Person, Bank):
    event.listen(model, "before_insert", _on_insert)
    event.listen(model, "before_update", _on_update)
