"""/docs (Swagger UI) and /redoc that work without a network.

FastAPI's own pages load their scripts from a CDN and a font service: offline they are blank. Here the scripts and
styles come from the fastapi-offline package (a well-kept wheel that ships Swagger UI and ReDoc; we use its asset
folder only), served under /static-docs, and each page carries a Content-Security-Policy that lets it load nothing
but this server's files: ReDoc's sidebar asks for a logo on cdn.redoc.ly, which the browser then never requests.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/static-docs"
LOCAL_ONLY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'")


def assets_folder() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def _local(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = LOCAL_ONLY
    return page


def install_docs(app: FastAPI) -> None:
    """Mount the assets and add /docs and /redoc to `app` (built with docs_url=None, redoc_url=None)."""
    app.mount(ASSETS_URL, StaticFiles(directory=assets_folder()), name="static-docs")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return _local(get_swagger_ui_html(
            openapi_url=app.openapi_url, title=f"{app.title} — API", swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css", swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None}))  # no validator badge fetched from swagger.io

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _local(get_redoc_html(
            openapi_url=app.openapi_url, title=f"{app.title} — API", redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_URL}/favicon.png", with_google_fonts=False))
