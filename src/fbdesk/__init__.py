"""fbdesk — an offline workbench for customer-feedback assessment cycles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fbdesk")
except PackageNotFoundError:  # running from a frozen bundle without metadata
    __version__ = "0.0.0"
