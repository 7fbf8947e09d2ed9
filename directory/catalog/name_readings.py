"""The catalog's names with their カナ (名称_カナ of the import files, the フリガナ fields of the forms), for the
furigana of やさしい日本語: a group's name is read as the group says, not as the analyser guesses."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from directory.models import Organization, Service
from tsunagu.db import db

log = logging.getLogger(__name__)


def catalog_name_readings() -> list[tuple[str, str | None]]:
    """(name, カナ) of every organisation and activity that has a カナ; nothing when the database cannot answer."""
    try:
        rows = []
        for model in (Organization, Service):
            rows += db.session.execute(
                select(model.name, model.name_kana).where(model.name_kana.is_not(None)).distinct()
            ).all()
    except SQLAlchemyError as exc:  # no schema yet (init-db not run): furigana from the analyser alone
        db.session.rollback()
        log.warning("name readings not loaded: %s", exc.__class__.__name__)
        return []
    return [(name, kana) for name, kana in rows]
