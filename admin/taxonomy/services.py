"""Writes of 分類の管理: new terms, labels per UI language, retiring, reinstating and deleting terms.

A term that no entry carries is deleted outright; one in use is retired (no longer offered, kept on the entries
that have it) so that nothing an entry says is lost. Every change lands in the audit log. The pages are in
admin/taxonomy/views.py; these functions flush and leave the commit to their caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin.curation_log import Actor, record_decision
from admin.taxonomy.queries import is_retired, term_labels, term_usage
from directory.models import TaxonomyTerm, TaxonomyTermLabel
from directory.models.curation import TermRetirement
from i18n.locales import DEFAULT_LOCALE, SUPPORTED_LOCALES, html_lang


class TermCodeTaken(ValueError):
    """The vocabulary already has a term with this code (codes are what imports, exports and URLs name)."""


class TermHasNarrowerTerms(ValueError):
    """An unused term with narrower terms under it cannot be deleted: they would lose their parent."""


@dataclass(frozen=True)
class TermRemoval:
    """What `remove_term` did: retired the term (`services` entries keep it) or deleted it (none carried it)."""

    name: str
    services: int

    @property
    def retired(self) -> bool:
        return self.services > 0


def add_term(session: Session, actor: Actor, *, taxonomy_id: int, code: str, name: str) -> TaxonomyTerm:
    """A new term at the end of its vocabulary, logged; `TermCodeTaken` when the code is already used there.

    Sort orders only grow (max + 1), so a new term never reorders the ones groups already see.
    """
    code, name = code.strip(), name.strip()
    taken = select(TaxonomyTerm.id).where(TaxonomyTerm.taxonomy_id == taxonomy_id, TaxonomyTerm.code == code)
    if session.scalar(taken) is not None:
        raise TermCodeTaken(code)
    last = session.scalar(select(func.max(TaxonomyTerm.sort_order)).where(TaxonomyTerm.taxonomy_id == taxonomy_id))
    term = TaxonomyTerm(taxonomy_id=taxonomy_id, code=code, name=name, sort_order=(last or 0) + 1)
    session.add(term)
    session.flush()
    record_decision(session, actor, "taxonomy.term_add", "taxonomy_term", term.id, code=code, name=name)
    session.flush()
    return term


def set_term_labels(session: Session, actor: Actor, term: TaxonomyTerm, wanted: dict[str, str]) -> dict[str, list[str]]:
    """Write the labels that changed and log them; returns {locale: [before, after]} of the changes.

    An empty label is removed, so the Japanese name shows in that language instead; an empty Japanese name is
    ignored, since the name is what every other language falls back to. Unknown locales are ignored.
    """
    current = term_labels(term)
    changes: dict[str, list[str]] = {}
    for code, value in wanted.items():
        if code not in SUPPORTED_LOCALES or value == current[code] or (code == DEFAULT_LOCALE and not value):
            continue
        changes[code] = [current[code], value]
        if code == DEFAULT_LOCALE:
            term.name = value
            continue
        existing = next((label for label in term.labels if label.locale == html_lang(code)), None)
        if existing is None:
            term.labels.append(TaxonomyTermLabel(locale=html_lang(code), label=value))
        elif value:
            existing.label = value
        else:
            term.labels.remove(existing)
    if changes:
        record_decision(session, actor, "taxonomy.labels", "taxonomy_term", term.id, code=term.code, changes=changes)
    session.flush()
    return changes


def remove_term(session: Session, actor: Actor, term: TaxonomyTerm) -> TermRemoval:
    """廃止: retire a term in use (entries keep it), delete an unused one; logged with a snapshot of the term.

    Retiring twice logs once. An unused term with narrower terms raises `TermHasNarrowerTerms` and stays.
    """
    count = term_usage(session, term.id)
    snapshot: dict[str, Any] = {"code": term.code, "name": term.name, "labels": term_labels(term)}
    if count:
        if not is_retired(session, term.id):
            session.add(TermRetirement(term_id=term.id, retired_by_id=actor.user.id))
            record_decision(
                session, actor, "taxonomy.term_retire", "taxonomy_term", term.id, services=count, **snapshot
            )
        session.flush()
        return TermRemoval(name=term.name, services=count)
    if session.scalar(select(func.count(TaxonomyTerm.id)).where(TaxonomyTerm.parent_id == term.id)):
        raise TermHasNarrowerTerms(term.code)
    record_decision(session, actor, "taxonomy.term_delete", "taxonomy_term", term.id, **snapshot)
    session.delete(term)
    session.flush()
    return TermRemoval(name=snapshot["name"], services=0)


def reinstate_term(session: Session, actor: Actor, term: TaxonomyTerm) -> bool:
    """Offer a retired term again, logged; False (and nothing logged) when it was not retired."""
    retirement = session.get(TermRetirement, term.id)
    if retirement is None:
        return False
    session.delete(retirement)
    record_decision(session, actor, "taxonomy.term_reinstate", "taxonomy_term", term.id, code=term.code)
    session.flush()
    return True
