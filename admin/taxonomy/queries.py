"""Reads for the taxonomy pages: the vocabularies with their terms, how many entries use a term, retirements,
a term's label per UI language."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from directory.models import Taxonomy, TaxonomyTerm, service_taxonomy_terms
from directory.models.curation import TermRetirement
from i18n.locales import DEFAULT_LOCALE, SUPPORTED_LOCALES, html_lang


def taxonomies_with_terms(session: Session) -> list[Taxonomy]:
    """Every vocabulary in id order, its terms and their labels loaded (the list page shows them all)."""
    query = (
        select(Taxonomy).options(selectinload(Taxonomy.terms).selectinload(TaxonomyTerm.labels)).order_by(Taxonomy.id)
    )
    return list(session.scalars(query))


def usage_counts(session: Session) -> dict[int, int]:
    """How many entries (any status) carry each term."""
    query = select(service_taxonomy_terms.c.term_id, func.count()).group_by(service_taxonomy_terms.c.term_id)
    return {int(term_id): int(count) for term_id, count in session.execute(query)}


def term_usage(session: Session, term_id: int) -> int:
    """How many entries (any status, drafts and archived ones too) carry the term: any of them keeps it in use."""
    query = select(func.count()).select_from(service_taxonomy_terms).where(service_taxonomy_terms.c.term_id == term_id)
    return int(session.scalar(query) or 0)


def retired_term_ids(session: Session) -> set[int]:
    """Terms no longer offered for new entries (forms and facets leave them out)."""
    return set(session.scalars(select(TermRetirement.term_id)))


def is_retired(session: Session, term_id: int) -> bool:
    """Whether the term is retired (no longer offered, still shown on the entries that carry it)."""
    return session.get(TermRetirement, term_id) is not None


def term_labels(term: TaxonomyTerm) -> dict[str, str]:
    """The term's label per UI locale ("" when missing); Japanese is the term's own name."""
    stored = {label.locale: label.label for label in term.labels}
    return {
        code: term.name if code == DEFAULT_LOCALE else stored.get(html_lang(code), "") for code in SUPPORTED_LOCALES
    }
