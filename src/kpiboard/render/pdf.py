"""PDF from the same HTML the browser shows, by WeasyPrint: A4 landscape, running header, page
numbers, repeated table headers, charts as vector SVG and fonts embedded. Nothing is fetched."""

from __future__ import annotations

import logging


def html_to_pdf(html: str) -> bytes:
    import weasyprint

    # WeasyPrint logs every CSS property it ignores (sticky headers, flex gaps): not the user's problem.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args, **kwargs):
    """Reports are self-contained; any URL is a bug, so refuse rather than reach the network."""
    raise ValueError(f"report tried to load {url!r}; reports must not reference external files")
