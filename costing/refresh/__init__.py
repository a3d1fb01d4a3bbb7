"""Refresh the price catalog from the AWS Price List Bulk API (no credentials) into the user's cache.

bulk_api: the API's layout and which offers price which services; download: streamed HTTP with
retries and resumption; offer_csv: a CSV offer file read row by row and verified; mapping: the
rows the rules need and their catalog keys; collect: one price per key; run: `refresh_prices`.
"""

from costing.refresh.bulk_api import DEFAULT_ENDPOINT

_LAZY = {"OfferOutcome": "run", "RefreshReport": "run", "refresh_prices": "run", "RetryPolicy": "download",
         "OFFERS": "mapping"}
__all__ = ["DEFAULT_ENDPOINT", *sorted(_LAZY)]


def __getattr__(name: str):
    """The refresh itself loads pandas, urllib and the rules: import it on first use, so the CLI starts fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"costing.refresh.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
