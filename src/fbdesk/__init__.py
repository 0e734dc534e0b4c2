"""fbdesk — an offline workbench for customer-feedback assessment cycles."""


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed package's metadata when first asked for:
    reading it costs a command that never shows it a quarter of a second on a busy machine."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("fbdesk")
    except PackageNotFoundError:  # running from a frozen bundle without metadata
        found = "0.0.0"
    globals()["__version__"] = found
    return found
