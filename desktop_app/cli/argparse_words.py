"""argparse's own words (``usage:``, ``options``, its error lines) in the app's language.

argparse translates its strings with the module-level ``_`` and ``ngettext`` it imported from
``gettext``, which read the process's default text domain and environment, not the language the
person chose with ``--lang``. :func:`install` points them at the app's catalog, and the strings
are listed here, marked, so that Babel extracts them into it. They must stay exactly argparse's.
"""

from __future__ import annotations

import argparse

from desktop_app.core.common import i18n
from desktop_app.core.common.i18n import N_

#: argparse's strings a person can see (Python 3.11 to 3.13), as argparse spells them.
WORDS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("subcommands"),
)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return i18n.ngettext(singular, plural, count)


def install() -> None:
    """Make argparse speak the active language (call after choosing it, before parsing).

    WORKAROUND for https://github.com/python/cpython/issues/81056 (argparse ships no catalog
    and follows gettext's global domain only): argparse looks ``_`` and ``ngettext`` up in its
    own module.
    """
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
