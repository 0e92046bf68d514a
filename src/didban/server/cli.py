"""`didban serve`: the HTTP API and the web page."""
from __future__ import annotations

import os

import click


@click.command()
@click.option("--db", "db", metavar="URL", help="database (default: $DIDBAN_DB, else ./didban.sqlite)")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to bind (loopback by default)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", envvar="DIDBAN_TOKEN", help="enable POST /api/documents for 'Authorization: Bearer TOKEN' "
                                                     "(also $DIDBAN_TOKEN)")
@click.option("--cors-origin", "cors_origins", multiple=True, help="allow browser requests from this origin "
                                                                   "(CORS is off by default)")
def serve(db, host, port, token, cors_origins):
    """Serve the HTTP API (/api, /docs) and the web page (/) over the database."""
    import uvicorn

    from didban.errors import DidbanError
    from didban.server.app import create_app

    try:
        # a server over a database that does not exist yet only makes sense when it may write to it
        app = create_app(db, token=token or None, cors_origins=list(cors_origins) or None, create=bool(token))
    except DidbanError as exc:
        raise click.ClickException(f"{exc} (hint: {exc.hint})") from exc
    click.echo(f"didban: serving {app.state.store.url.split('://')[0]} database on http://{host}:{port}/ "
               f"(writing {'enabled' if token else 'disabled'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("DIDBAN_LOG_LEVEL", "warning"))
