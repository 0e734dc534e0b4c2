"""fbdesk — an offline workbench for customer-feedback assessment cycles."""


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata only when asked: importlib.metadata costs
    # about 20 ms, which every process (the window's first paint, each command) would pay.
    if name != "__version__":
        raise AttributeError(f"module 'fbdesk' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("fbdesk")
    except PackageNotFoundError:  # running from a frozen bundle without metadata
        value = "0.0.0"
    globals()["__version__"] = value
    return value
