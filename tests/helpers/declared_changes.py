"""Proves the Changes a service declares agree with what its transactions wrote.

What a call changed is derived from the rows it committed (``core.storage.written``); services
still return hand-declared ``Changes`` in their ``Outcome``. :func:`watch` wraps every public
method of every service so that each call returning an Outcome is compared with what was derived
during it (with the areas that show what was written, ``SHOWN_WITH``): an area declared that the
call neither wrote nor shows is a declaration the derivation would miss. A call that wrote
nothing at all (a no-op, a refusal after checks) may declare what it would have touched. Every
service test that uses the ``services`` fixture runs through it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from desktop_app.core.common.changes import Area, Outcome
from desktop_app.core.services import Services
from desktop_app.core.storage.written import collect_changes

#: Areas a method declares although it writes there only in some cases (and why): harmless
#: (a screen re-reads for nothing), and the derivation is then the more precise of the two.
CONDITIONAL: dict[str, frozenset[Area]] = {
    # follow-ups only for the documents promised in the record
    "callback_records.record": frozenset({Area.FOLLOW_UPS}),
    # a return-call follow-up only when one is asked for
    "calls.close_with_return_call": frozenset({Area.FOLLOW_UPS}),
    # notify-the-bank follow-ups only for the person's numbers; a person already inactive (a
    # later hand-over) is not written again, nor are contracts and numbers without them
    "people.deactivate_with": frozenset(
        {Area.FOLLOW_UPS, Area.PEOPLE, Area.CONTRACTS, Area.NUMBERS}
    ),
    # the numbers screen shows the confirmation asked for: it writes follow-ups only
    "numbers.request_confirmation": frozenset({Area.NUMBERS}),
}


#: Services built on first use since before every service was (they were never watched here).
UNWATCHED = frozenset(
    {
        "training",
        "reminders",
        "reports",
        "presence",
        "notify_settings",
        "outbox",
        "notify",
        "messages",
    }
)


def watch(services: Services, problems: list[str]) -> None:
    """Wrap the services' methods; each disagreement is added to ``problems``."""
    for service_name in Services.names():
        if service_name in UNWATCHED:
            continue
        service = getattr(services, service_name)
        if not hasattr(service, "__dict__"):
            continue
        for name in dir(type(service)):
            if name.startswith("_"):
                continue
            method = getattr(service, name, None)
            if callable(method) and getattr(method, "__self__", None) is service:
                setattr(service, name, _checked(f"{service_name}.{name}", method, problems))


def _checked(label: str, method: Callable[..., Any], problems: list[str]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        with collect_changes() as collected:
            result = method(*args, **kwargs)
        if isinstance(result, Outcome) and collected.changes.areas:
            extra = result.changes.areas - collected.changes.areas - CONDITIONAL.get(label, set())
            if extra:
                names = ", ".join(sorted(area.value for area in extra))
                problems.append(f"{label} declared {names} but wrote no row there")
        return result

    return call
