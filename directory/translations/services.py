"""Translations of entries' own text (ServiceTranslation): what is missing per language, and storing new ones.

The spreadsheet round trip for volunteer translators is directory.translations.files; the side-by-side editor
and the status page are admin.translations. Both store through `set_translation`, so a text written by a
person counts as reviewed when a curator wrote it, and a machine translation never does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from directory.catalog.queries import public_filter
from directory.models import Service, ServiceTranslation, TranslationRequest
from i18n.content import content_locale
from i18n.locales import DEFAULT_LOCALE, normalise_locale
from tsunagu.db import utcnow

FIELDS = ("name", "description", "atmosphere_notes", "eligibility_description", "fees_description", "how_to_join")
"""The text of an entry a resident reads, in the order of the detail page."""


def translation_locale(code: str) -> str:
    """The BCP 47 tag translations are stored under, from any spelling of a UI language (pt_BR, pt-br, ja-x-easy)."""
    ui = normalise_locale(code)
    if ui is None or ui == DEFAULT_LOCALE:
        raise ValueError(f"{code!r} is not a language to translate into (one of the UI languages other than ja)")
    return content_locale(ui)


@dataclass(frozen=True)
class Row:
    """One text of one entry to translate into one language (a spreadsheet row)."""

    service_id: str
    field: str
    locale: str
    japanese: str
    translation: str = ""
    machine_translation: str = ""


def _public_services(session: Session) -> list[Service]:
    query = select(Service).where(public_filter()).order_by(Service.id).options(selectinload(Service.translations))
    return list(session.scalars(query))


def _to_translate(service: Service, locale: str) -> list[Row]:
    existing = {t.field: t for t in service.translations if t.locale == locale}
    rows = []
    for name in FIELDS:
        japanese = getattr(service, name)
        done = existing.get(name)
        outdated = done is not None and done.outdated(japanese)
        if not japanese or (done is not None and (not done.is_machine or done.reviewed) and not outdated):
            continue
        if done is not None and outdated:  # the Japanese changed: the old translation to start from
            rows.append(Row(service.uuid, name, locale, japanese, translation=done.value))
            continue
        machine = done.value if done is not None else ""
        rows.append(Row(service.uuid, name, locale, japanese, machine_translation=machine))
    return rows


def missing_fields(service: Service, locale: str) -> list[str]:
    """The fields of an entry still to translate into `locale` (missing, machine-made and unchecked, or outdated)."""
    return [row.field for row in _to_translate(service, locale)]


def untranslated(session: Session, locale: str) -> list[Row]:
    """Each public entry's field in Japanese that lacks a human or reviewed translation into `locale`.

    A machine translation still to check is given in its own column, so the volunteer can start from it.
    """
    return [row for service in _public_services(session) for row in _to_translate(service, locale)]


@dataclass(frozen=True)
class LanguageStatus:
    locale: str
    texts: int
    """Japanese texts of public entries (name, description … of each entry)."""
    done: int
    """Translated by a person, or machine-translated and checked."""
    machine: int
    """Machine-translated, not yet checked."""

    @property
    def missing(self) -> int:
        return self.texts - self.done - self.machine


@dataclass(frozen=True)
class EntryTranslationStatus:
    service: Service
    missing: dict[str, int]
    """locale → texts of this entry still to translate (machine translations to check included)."""
    requested: dict[str, int]
    """locale → residents who asked for this entry in that language (open requests)."""


def translation_status(
    session: Session, locales: list[str]
) -> tuple[list[LanguageStatus], list[EntryTranslationStatus]]:
    """Per language, how much of the public catalog is translated; and the entries with most still to do.

    There is no page-view count yet, so entries are ordered by how much they lack across languages.
    """
    services = _public_services(session)
    requests = open_requests(session)
    texts = sum(1 for service in services for name in FIELDS if getattr(service, name))
    languages, entries = [], []
    todo = {locale: {service.id: _to_translate(service, locale) for service in services} for locale in locales}
    for locale in locales:
        rows = [row for service_rows in todo[locale].values() for row in service_rows]
        machine = sum(1 for row in rows if row.machine_translation)
        languages.append(LanguageStatus(locale, texts, texts - len(rows), machine))
    for service in services:
        missing = {locale: len(todo[locale][service.id]) for locale in locales}
        requested = {locale: requests.get((service.id, locale), 0) for locale in locales}
        if any(missing.values()):
            entries.append(EntryTranslationStatus(service, missing, requested))
    # what residents asked for first, then what lacks most
    entries.sort(key=lambda entry: (-sum(entry.requested.values()), -sum(entry.missing.values()), entry.service.id))
    return languages, entries


def open_requests(session: Session) -> dict[tuple[int, str], int]:
    """(service id, locale) → how many residents asked for it and are still waiting."""
    query = (
        select(TranslationRequest.service_id, TranslationRequest.locale, func.count())
        .where(TranslationRequest.done_at.is_(None))
        .group_by(TranslationRequest.service_id, TranslationRequest.locale)
    )
    return {(service_id, locale): count for service_id, locale, count in session.execute(query)}


def request_translation(session: Session, service: Service, locale: str) -> TranslationRequest:
    """A resident asks for this entry in `locale` (a BCP 47 tag of a UI language other than ja)."""
    request = TranslationRequest(service_id=service.id, locale=locale)
    session.add(request)
    return request


def close_requests(session: Session, service: Service, locale: str) -> int:
    """Mark the open requests for this entry and language done once nothing is left to translate; how many."""
    if missing_fields(service, locale):
        return 0
    requests = session.scalars(
        select(TranslationRequest).where(
            TranslationRequest.service_id == service.id,
            TranslationRequest.locale == locale,
            TranslationRequest.done_at.is_(None),
        )
    ).all()
    for request in requests:
        request.done_at = utcnow()
    return len(requests)


def set_translation(
    service: Service,
    field: str,
    locale: str,
    text: str,
    *,
    machine: bool = False,
    reviewed: bool = True,
    translator_id: int | None = None,
) -> str:
    """Create, update or (for empty text) delete one translation; returns what happened ("created", …).

    The caller refreshes the search text of the services it touched (directory.catalog.indexing).
    """
    if field not in FIELDS:
        raise ValueError(f"{field!r} is not a translatable field ({', '.join(FIELDS)})")
    text = text.strip()
    source = (getattr(service, field) or "").strip()
    current = next((t for t in service.translations if t.field == field and t.locale == locale), None)
    if current is None and not text:
        return "unchanged"
    if current is None:
        service.translations.append(
            ServiceTranslation(
                field=field,
                locale=locale,
                value=text,
                is_machine=machine,
                reviewed=reviewed,
                translator_id=translator_id,
                source_text=source,
            )
        )
        return "created"
    if not text:
        service.translations.remove(current)
        return "deleted"
    if (current.value, current.is_machine, current.reviewed) == (text, machine, reviewed):
        return "unchanged"  # an outdated translation saved untouched stays outdated
    current.value, current.is_machine, current.reviewed, current.translator_id = text, machine, reviewed, translator_id
    current.source_text = source  # rewritten over the current Japanese: no longer outdated
    return "updated"


def confirm_translation(
    service: Service, field: str, locale: str, *, reviewed: bool, translator_id: int | None
) -> bool:
    """A translator says an outdated translation is still correct for the new Japanese: it is no longer outdated,
    its text untouched. False if there was nothing outdated to confirm."""
    japanese = getattr(service, field) if field in FIELDS else None
    current = next((t for t in service.translations if t.field == field and t.locale == locale), None)
    if current is None or not current.outdated(japanese):
        return False
    current.source_text = (japanese or "").strip()
    current.reviewed, current.translator_id = reviewed, translator_id
    return True
