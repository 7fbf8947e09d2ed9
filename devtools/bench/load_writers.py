"""The coordinators of `tsunagu bench load`: five accounts proposing placements through the real pages.

Each simulated coordinator signs in (CSRF token from the login page), then proposes placements for the
persons of its agency with the same POST a click on 「提案する」 sends. A redirect back to the person is the
server's acknowledgement; afterwards every acknowledged proposal must be in the placements table.
"""

from __future__ import annotations

import random
import secrets

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


def proposing_writer(accounts: list[tuple[str, list[int]]], service_ids: list[int]) -> Writer:
    """A Writer that signs each coordinator in once, then proposes a random service for one of its persons."""
    signed_in: dict[int, tuple[str, list[int], str]] = {}

    async def write(http: aiohttp.ClientSession, base: str, rng: random.Random) -> bool:
        key = id(http)
        if key not in signed_in:
            email, persons = accounts[len(signed_in) % len(accounts)]
            token = await csrf_token(http, f"{base}/login")
            async with http.post(
                f"{base}/login", data={"email": email, "password": PASSWORD, "csrf_token": token}, allow_redirects=False
            ) as response:
                if response.status != 302:
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
