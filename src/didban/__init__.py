"""didban (دیدبان, "the watch"): Persian news to political event data, every field traced to its words.

    >>> import didban
    >>> doc = didban.extract(Path("article.txt"))     # or didban.extract(text="...")
    >>> for ev in doc.events:
    ...     print(ev.cameo, [a.name_en for a in doc.actors_of(ev)])
    >>> doc.events_frame()                            # a pandas DataFrame, when pandas is installed
    >>> store = didban.open_store("didban.sqlite")    # what `didban ingest` stored
    >>> store.query_events(cameo="04").to_pandas()

Importing the package is cheap: the pipeline, the knowledge base and every optional part load on first use.
"""
__version__ = "0.1.0"

# the public API: name -> the module that defines it (imported on first use, which keeps `import didban` light)
_EXPORTS: dict[str, str] = {
    "extract": "didban.api",
    "extract_many": "didban.api",
    "events_frame": "didban.api",
    "Options": "didban.options",
    "Document": "didban.document",
    "Event": "didban.document",
    "Entity": "didban.document",
    "Span": "didban.document",
    "DidbanError": "didban.errors",
    "Failure": "didban.pipeline",
    "Pipeline": "didban.pipeline",
    "Resources": "didban.resources",
    "open_store": "didban.store",
    "load_kb": "didban.kb",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'didban' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    # the API and the module's standard attributes; not the helpers above nor submodules imported on the way
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})
