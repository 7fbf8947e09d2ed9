"""The writers of `tsunagu bench load`: coordinators proposing placements and a curator approving changes,
through the real pages.

Each simulated coordinator signs in (CSRF token from the login page), then proposes placements for the
persons of its agency with the same POST a click on 「提案する」 sends. A redirect back to the person is the
server's acknowledgement; afterwards every acknowledged proposal must be in the placements table.

The curator (an admin) opens a pending change to a published entry in the review queue and approves it (the
POST of 「承認」): the entry's description changes, the catalog version moves, and every cached page and API
answer is built again. Afterwards every acknowledged approval must show in its entry.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field

import aiohttp
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from devtools.bench.load import Writer, csrf_token

PASSWORD = "load-test-coordinator"  # noqa: S105 — a throw-away account in a throw-away database


def prepare_coordinators(session: Session, count: int, persons_each: int = 5) -> list[tuple[str, list[int]]]:
    """`count` coordinator accounts in one agency, each with a few persons; returns (email, person ids).

    The agency and the addresses carry a per-run token, so the benchmark can run again on the same database."""
    from matching.models import Person
    from tsunagu.auth.services import create_user
    from tsunagu.models import Agency, Role

    run = secrets.token_hex(3)
    agency = Agency(name=f"負荷試験の相談支援機関 {run}", kind="相談支援")
    session.add(agency)
    session.flush()
    accounts = []
    for n in range(count):
        email = f"load-coordinator-{run}-{n}@example.test"
        create_user(
            session, email=email, password=PASSWORD, display_name=f"負荷試験{n}", role=Role.COORDINATOR, agency=agency
        )
        persons = [Person(code_name=f"負荷{n}-{k}さん", agency_id=agency.id) for k in range(persons_each)]
        session.add_all(persons)
        session.flush()
        accounts.append((email, [p.id for p in persons]))
    session.commit()
    return accounts


def placement_count(session: Session) -> int:
    """Placements stored, read on a new connection (the server's commits are seen, and a database restart
    during the run has not left this connection dead)."""
    engine = session.get_bind().engine
    session.close()
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(text("placements"))) or 0)


async def sign_in(http: aiohttp.ClientSession, base: str, email: str) -> bool:
    """Sign in through the login form, as a browser does; True when the server accepted it."""
    token = await csrf_token(http, f"{base}/login")
    async with http.post(
        f"{base}/login", data={"email": email, "password": PASSWORD, "csrf_token": token}, allow_redirects=False
    ) as response:
        return response.status == 302


def proposing_writer(accounts: list[tuple[str, list[int]]], service_ids: list[int]) -> Writer:
    """A Writer that signs each coordinator in once, then proposes a random service for one of its persons."""
    signed_in: dict[int, tuple[str, list[int], str]] = {}

    async def write(http: aiohttp.ClientSession, base: str, rng: random.Random) -> bool:
        key = id(http)
        if key not in signed_in:
            email, persons = accounts[len(signed_in) % len(accounts)]
            if not await sign_in(http, base, email):
                return False
            signed_in[key] = (email, persons, await csrf_token(http, f"{base}/coordinator/persons/new"))
        _email, persons, token = signed_in[key]
        person = rng.choice(persons)
        form = {"service_id": str(rng.choice(service_ids)), "score": "0.5", "csrf_token": token}
        async with http.post(
            f"{base}/coordinator/persons/{person}/propose", data=form, allow_redirects=False
        ) as response:
            await response.read()
            return response.status == 302

    return write


@dataclass
class Curation:
    """The curator's account, the pending changes waiting for approval, and those the server acknowledged."""

    email: str
    pending: list[tuple[int, int, str]]
    """(change request id, service id, the description the approval must leave), in the order approved."""
    acknowledged: list[tuple[int, int, str]] = field(default_factory=list)
    signed_in: set[int] = field(default_factory=set)

    def writer(self) -> Writer:
        """A Writer approving the next pending change through /admin/review/<id> (signing in on first use)."""

        async def approve(http: aiohttp.ClientSession, base: str, _rng: random.Random) -> bool:
            if not self.pending:
                return False
            if id(http) not in self.signed_in:
                if not await sign_in(http, base, self.email):
                    return False
                self.signed_in.add(id(http))
            change = self.pending.pop(0)
            page = f"{base}/admin/review/{change[0]}"
            token = await csrf_token(http, page)
            form = {"csrf_token": token, "comment": "", "decision": "approve"}
            async with http.post(page, data=form, allow_redirects=False) as response:
                await response.read()
                if response.status != 302:
                    return False
            self.acknowledged.append(change)
            return True

        return approve

    def applied(self, session: Session) -> int:
        """How many acknowledged approvals show in their entries, read on a new connection."""
        from directory.models import Service

        if not self.acknowledged:
            return 0
        engine = session.get_bind().engine
        session.close()
        with engine.connect() as conn:
            ids = [service_id for _change, service_id, _text in self.acknowledged]
            found = dict(conn.execute(select(Service.id, Service.description).where(Service.id.in_(ids))).all())
        return sum(1 for _change, service_id, wanted in self.acknowledged if found.get(service_id) == wanted)


def prepare_curation(session: Session, service_ids: list[int], count: int) -> Curation:
    """A curator (admin) account and `count` pending changes to published entries (their description gets a
    line), as groups leave them in the review queue. A per-run token keeps runs apart on one database."""
    from directory.contributions.fields import service_snapshot
    from directory.models import ChangeKind, ChangeRequest, Service
    from tsunagu.auth.services import create_user
    from tsunagu.models import Role

    run = secrets.token_hex(3)
    email = f"load-curator-{run}@example.test"
    create_user(session, email=email, password=PASSWORD, display_name=f"負荷試験の審査担当 {run}", role=Role.ADMIN)
    pending = []
    for n, service_id in enumerate(service_ids[:count]):
        service = session.get(Service, service_id)
        if service is None:
            continue
        before = service_snapshot(service)
        wanted = f"{before['description']}\n（負荷試験 {run}-{n}: 開催場所の案内を更新しました）".strip()
        change = ChangeRequest(
            kind=ChangeKind.EDIT,
            service_id=service.id,
            organization_id=service.organization_id,
            before=before,
            after={**before, "description": wanted},
        )
        session.add(change)
        session.flush()
        pending.append((change.id, service.id, wanted))
    session.commit()
    return Curation(email, pending)
