"""Gregorian days as Jalali (Solar Hijri) days, for the page and the exports' `date_jalali` column."""
from __future__ import annotations

from datetime import date


def to_jalali(day: str | None) -> str | None:
    """'2025-03-07' (or an ISO date-time starting with a day) → '1403-12-17'; None for no or an unreadable day."""
    if not day:
        return None
    try:
        gregorian = date.fromisoformat(str(day)[:10])
    except ValueError:
        return None
    import jdatetime

    return jdatetime.date.fromgregorian(date=gregorian).strftime("%Y-%m-%d")
