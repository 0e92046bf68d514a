"""The database's failures, for the doors that report them (the CLI's exit codes, the server's JSON errors) without
importing SQLAlchemy themselves: `DatabaseError` is what any query may raise, `PoolTimeout` a connection that was not
free in time, `translate_db_error` the DidbanError (code and hint) a failure means."""
from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError as DatabaseError, TimeoutError as PoolTimeout

from didban.store.engine import translate_db_error

__all__ = ["DatabaseError", "PoolTimeout", "translate_db_error"]
