"""Quiz questions made from the company's own contracts: who answers, how and how often the bank
checks, which lender comes on site, and — for those allowed to see loan details — the stated use
of funds and the documents to have ready.

Questions are built only from what the actor's :class:`ContractView` carries: a front-desk view
has no purpose of funds, clause text or amounts, so no question can leak them; the ``details``
flag is checked as well, so a question about documents is never put to the front desk either.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from desktop_app.core.common.i18n import N_
from desktop_app.core.register.contracts import CADENCES, METHODS, TOPICS, ContractView
from desktop_app.core.training.quiz import CONTRACTS, QuizChoice, QuizQuestion

Translate = Callable[[str], str]
MAX_CHOICES = 4
ON_SITE = ("on_site", "both")


def _question(
    question_id: str,
    prompt: str,
    options: Sequence[str],
    correct: Sequence[str],
    explanation: str,
    scenario: bool = False,
) -> QuizQuestion:
    choices = tuple(QuizChoice(key, text) for key, text in enumerate(options))
    keys = frozenset(key for key, text in enumerate(options) if text in correct)
    return QuizQuestion(
        id=question_id,
        prompt=prompt,
        choices=choices,
        multiple=len(keys) > 1,
        correct=keys,
        explanation=explanation,
        scenario=scenario,
        source=CONTRACTS,
    )


def _with_distractors(
    correct: Sequence[str], pool: Sequence[str], rng: random.Random, size: int = MAX_CHOICES
) -> list[str]:
    others = sorted({item for item in pool if item and item not in correct})
    picked = rng.sample(others, min(len(others), max(0, size - len(correct))))
    return sorted([*correct, *picked])


def _label(contract: ContractView, tr: Translate) -> str:
    return tr(N_("{number} ({bank})")).format(
        number=contract.contract_number, bank=contract.bank_name
    )


def _responder_questions(
    contract: ContractView, people: Sequence[str], tr: Translate, rng: random.Random
) -> list[QuizQuestion]:
    active = [r.name for r in contract.responders if r.active]
    if not active:
        return []
    label = _label(contract, tr)
    found = []
    pool = [*active, *people]
    backup = active[1] if len(active) > 1 else ""
    options = _with_distractors([active[0]], pool, rng)
    if len(options) > 1:
        explanation = (
            tr(
                N_(
                    "{primary} is the primary responder for contract {contract}; "
                    "the first backup is {backup}."
                )
            )
            if backup
            else tr(
                N_(
                    "{primary} is the primary responder for contract {contract}; "
                    "it has no backup yet."
                )
            )
        )
        found.append(
            _question(
                f"contract:{contract.id}:primary",
                tr(
                    N_(
                        "The bank calls about contract {contract}. To whom does the front desk "
                        "put the call through first?"
                    )
                ).format(contract=label),
                options,
                [active[0]],
                explanation.format(primary=active[0], contract=label, backup=backup),
                scenario=True,
            )
        )
    if backup:
        options = _with_distractors([backup], pool, rng)
        found.append(
            _question(
                f"contract:{contract.id}:backup",
                tr(
                    N_(
                        "Who is the first backup for contract {contract} when the primary "
                        "responder, {primary}, cannot answer?"
                    )
                ).format(contract=label, primary=active[0]),
                options,
                [backup],
                tr(
                    N_(
                        "The responder list of contract {contract} is {names}: after the primary "
                        "comes {backup}."
                    )
                ).format(contract=label, names=" > ".join(active), backup=backup),
            )
        )
    return found


def _reading_questions(contract: ContractView, tr: Translate) -> list[QuizQuestion]:
    label = _label(contract, tr)
    cadence = tr(CADENCES[contract.clause_cadence])
    method = tr(METHODS[contract.clause_method])
    reading = tr(N_("Contract {contract}: how often: {cadence}; how: {method}.")).format(
        contract=label, cadence=cadence, method=method
    )
    found = [
        _question(
            f"contract:{contract.id}:cadence",
            tr(N_("How often does the bank check on contract {contract}?")).format(contract=label),
            [tr(text) for text in CADENCES.values()],
            [cadence],
            reading,
        ),
        _question(
            f"contract:{contract.id}:method",
            tr(N_("How does the bank carry out its checks on contract {contract}?")).format(
                contract=label
            ),
            [tr(text) for text in METHODS.values()],
            [method],
            reading,
        ),
    ]
    topics = [tr(TOPICS[t]) for t in contract.clause_topics if t in TOPICS]
    offered = [t for t in TOPICS if t != "other" or t in contract.clause_topics]
    if topics:
        found.append(
            _question(
                f"contract:{contract.id}:topics",
                tr(N_("Which topics does the callback clause of contract {contract} name?")).format(
                    contract=label
                ),
                [tr(TOPICS[t]) for t in offered],
                topics,
                tr(N_("The clause of contract {contract} names: {topics}.")).format(
                    contract=label, topics=tr(N_(", ")).join(topics)
                ),
            )
        )
    return found


def _on_site_question(
    contracts: Sequence[ContractView], tr: Translate, rng: random.Random
) -> list[QuizQuestion]:
    banks = sorted({c.bank_name for c in contracts})
    on_site = sorted({c.bank_name for c in contracts if c.clause_method in ON_SITE})
    if not on_site or len(on_site) == len(banks) or len(on_site) >= MAX_CHOICES:
        return []
    options = _with_distractors(on_site, banks, rng, size=max(MAX_CHOICES, len(on_site) + 1))
    where = tr(N_(", ")).join(
        tr(N_("contract {contract} ({cadence})")).format(
            contract=_label(c, tr), cadence=tr(CADENCES[c.clause_cadence])
        )
        for c in contracts
        if c.clause_method in ON_SITE
    )
    return [
        _question(
            "contracts:on_site",
            tr(N_("Which lenders' contracts provide for checks on site, not only by phone?")),
            options,
            on_site,
            tr(N_("On-site checks are written into {contracts}.")).format(contracts=where),
        )
    ]


def _detail_questions(
    contract: ContractView, contracts: Sequence[ContractView], tr: Translate, rng: random.Random
) -> list[QuizQuestion]:
    label = _label(contract, tr)
    found = []
    purpose = contract.purpose_of_funds or ""
    purposes = [c.purpose_of_funds or "" for c in contracts]
    options = _with_distractors([purpose], purposes, rng)
    if purpose and len(options) > 1:
        found.append(
            _question(
                f"contract:{contract.id}:purpose",
                tr(N_("Which use of funds does contract {contract} state?")).format(contract=label),
                options,
                [purpose],
                tr(
                    N_(
                        "Contract {contract} states: {purpose}. Every payment from this loan must "
                        "match it, and the vouchers must show it."
                    )
                ).format(contract=label, purpose=purpose),
            )
        )
    documents = list(contract.clause_documents[:3])
    others = [d for c in contracts for d in c.clause_documents]
    options = _with_distractors(documents, others, rng, size=len(documents) + 2)
    if documents and len(options) > len(documents):
        found.append(
            _question(
                f"contract:{contract.id}:documents",
                tr(
                    N_(
                        "Which of these should be ready when the bank calls about contract "
                        "{contract}?"
                    )
                ).format(contract=label),
                options,
                documents,
                tr(N_("The clause of contract {contract} asks for: {documents}.")).format(
                    contract=label, documents=tr(N_(", ")).join(contract.clause_documents)
                ),
            )
        )
    return found


def contract_questions(
    contracts: Sequence[ContractView],
    people: Sequence[str],
    tr: Translate,
    details: bool,
    rng: random.Random,
) -> list[QuizQuestion]:
    """Questions about the active ``contracts`` as the actor sees them; ``people`` are names that
    may stand as wrong answers; ``details`` allows questions on the use of funds and documents."""
    active = [c for c in contracts if c.status == "active"]
    found: list[QuizQuestion] = []
    for contract in active:
        found += _responder_questions(contract, people, tr, rng)
        found += _reading_questions(contract, tr)
        if details and not contract.restricted:
            found += _detail_questions(contract, active, tr, rng)
    found += _on_site_question(active, tr, rng)
    return found
