"""didban's HTTP API and web page (FastAPI; the `server` extra): `create_app(db_url)` or `didban serve`."""
from __future__ import annotations


def create_app(*args, **kwargs):
    from didban.server.app import create_app as _create_app

    return _create_app(*args, **kwargs)


__all__ = ["create_app"]
