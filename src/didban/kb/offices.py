"""Offices a country fills many times at once (kb/data/many_holders.tsv): an ambassador in each capital, a Friday
prayer leader in each city. The resolver never picks one of their holders by date, only by a name in the article."""
from __future__ import annotations

from functools import lru_cache

from didban.kb.base import DATA_DIR
from didban.kb.files import read_tsv


@lru_cache(maxsize=1)
def many_holder_offices() -> frozenset[str]:
    """The role ids (as in roles.tsv) of the offices many hold at once."""
    return frozenset(row["role"] for _, row in read_tsv(DATA_DIR / "many_holders.tsv", ("role",)))
