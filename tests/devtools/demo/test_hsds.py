"""Every public demo service, as the API serves it, validates against the official HSDS 3.1 schema."""

from __future__ import annotations

from sqlalchemy import select

from directory.catalog.queries import get_services, public_filter
from directory.formats.hsds import objects as hsds
from directory.models import Service
from tests.helpers import assert_valid


def test_every_public_demo_service_validates(demo_session, shared_dir):
    ids = list(demo_session.scalars(select(Service.id).where(public_filter()).order_by(Service.id)))
    assert len(ids) >= 120  # of ~150: the few unconfirmed for 18 months are hidden (directory.catalog.queries)
    for locale in ("ja", "pt-BR"):
        for service in get_services(demo_session, ids):
            assert_valid(shared_dir, "service", hsds.service(service, locale))
