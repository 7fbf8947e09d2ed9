"""The catalog's names with their カナ (名称_カナ of the import files, the フリガナ fields of the forms), for the
furigana of やさしい日本語: a group's name is read as the group says, not as the analyser guesses."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from directory.models import Area, Organization, Service
from tsunagu.db import db

log = logging.getLogger(__name__)


def catalog_name_readings() -> list[tuple[str, str | None, bool]]:
    """(name, カナ) of every organisation, activity and area (地区, 中学校区: the admin's 読み) that has a カナ;
    nothing when the database cannot answer."""
    try:
        rows = []
        for model in (Organization, Service):
            rows += db.session.execute(
                select(model.name, model.name_kana).where(model.name_kana.is_not(None)).distinct()
            ).all()
        # an area's 読み is typed by an admin: trusted even where it reads an everyday word otherwise (東部 ひがしべ)
        areas = [
            (name, kana, True)
            for name, kana in db.session.execute(
                select(Area.name, Area.name_kana).where(Area.name_kana.is_not(None)).distinct()
            )
        ]
    except SQLAlchemyError as exc:  # no schema yet (init-db not run): furigana from the analyser alone
        db.session.rollback()
        log.warning("name readings not loaded: %s", exc.__class__.__name__)
        return []
    return [(name, kana, False) for name, kana in rows] + areas
