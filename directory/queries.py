"""Reads of the catalog for public pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from directory.models import (
    EntryStatus,
    HsdsStatus,
    Location,
    Service,
    ServiceAtLocation,
    Visibility,
)


def public_filter():  # type: ignore[no-untyped-def]
    """The WHERE clause of "what the public may see": published, public, listed, running."""
    return (
        (Service.status == EntryStatus.PUBLISHED)
        & (Service.visibility == Visibility.PUBLIC)
        & Service.do_not_list.is_(False)
        & (Service.hsds_status != HsdsStatus.DEFUNCT)
    )


@dataclass(frozen=True)
class Page:
    """One page of results with the total count."""

    items: list[Service]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def published_services(session: Session, *, page: int = 1, per_page: int = 50) -> Page:
    """Public services ordered by name (kana where known), one page, with what the list shows preloaded."""
    total = session.scalar(select(func.count()).select_from(Service).where(public_filter())) or 0
    rows = session.scalars(
        select(Service)
        .where(public_filter())
        .order_by(func.coalesce(Service.name_kana, Service.name), Service.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .options(
            selectinload(Service.terms),
            selectinload(Service.schedules),
            selectinload(Service.costs),
            selectinload(Service.organization),
            selectinload(Service.at_locations).selectinload(ServiceAtLocation.location),
        )
    ).all()
    return Page(list(rows), total, page, per_page)


def get_service(session: Session, service_id: int) -> Service | None:
    """One service with everything its detail page shows (the caller checks can_view_service)."""
    return session.scalar(
        select(Service)
        .where(Service.id == service_id)
        .options(
            selectinload(Service.terms),
            selectinload(Service.schedules),
            selectinload(Service.costs),
            selectinload(Service.languages),
            selectinload(Service.eligibilities),
            selectinload(Service.organization),
            selectinload(Service.at_locations)
            .selectinload(ServiceAtLocation.location)
            .selectinload(Location.accessibility),
        )
    )
