"""Run a didban command and SIGKILL its process group at a chosen point of its progress (the fault test's driver).

    python kill_at.py BATCHES STATEMENTS didban-arguments...

Counting starts once the run has begun writing its BATCHES-th batch of new documents (one multi-row INSERT INTO
documents a batch, one transaction each; 0: from the very first SQL statement, i.e. during start-up and schema
creation); after STATEMENTS more SQL statements the whole process group is killed, as an out-of-memory killer or
`kill -9` would. The points are statements, not seconds, so a kill lands in the same place however loaded the machine
is: inside a batch's transaction, right after a commit, or inside the migrations.
"""
from __future__ import annotations

import os
import signal
import sys

from sqlalchemy import event
from sqlalchemy.engine import Engine

BATCHES, STATEMENTS = int(sys.argv[1]), int(sys.argv[2])
seen = {"batches": 0, "statements": 0}


@event.listens_for(Engine, "before_cursor_execute")
def _maybe_kill(conn, cursor, statement, parameters, context, executemany):
    if seen["batches"] >= BATCHES:
        if seen["statements"] >= STATEMENTS:
            os.killpg(os.getpgrp(), signal.SIGKILL)
        seen["statements"] += 1
    if statement.lstrip().upper().startswith("INSERT INTO DOCUMENTS"):
        seen["batches"] += 1


if __name__ == "__main__":
    from didban.cli import main_entry

    main_entry(sys.argv[3:])
