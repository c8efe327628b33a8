"""A store of its own on a shared PostgreSQL server: a new schema, dropped afterwards. For
benchmarks and tests, which must never touch a database's existing tables."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from kpiboard.store.db import default_db_url


@contextmanager
def scratch_schema(server_url: str, prefix: str = "scratch") -> Iterator[str]:
    """The store URL of a new, empty schema on the server at ``server_url``; the schema and
    everything in it are dropped when the block ends."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    url = default_db_url(server_url)
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {name}"))
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {name} CASCADE"))
        admin.dispose()
