"""What day it is for the people who use tsunagu: every page, report, import and benchmark asks here."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


def today_in_japan() -> date:
    """Today's date where the users are (a server in UTC is a day behind from 00:00 to 09:00 JST)."""
    return datetime.now(TOKYO).date()
