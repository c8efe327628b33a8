"""Fixtures for the web app tests (the store and users are in webstore.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kpiboard.store.scratch import scratch_schema
from kpiboard.web import create_app

from webstore import PASSWORD, build_store, csrf_of, sign_in


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """Built once: hashing five passwords with argon2 is deliberately slow."""
    folder = tmp_path_factory.mktemp("web-template")
    build_store(f"sqlite:///{folder / 'web.db'}", folder)
    return folder / "web.db"


@pytest.fixture
def db_url(tmp_path, template_db) -> str:
    shutil.copy(template_db, tmp_path / "web.db")
    return f"sqlite:///{tmp_path / 'web.db'}"


@pytest.fixture
def app(db_url):
    return create_app(db_url)


@pytest.fixture
def login(app):
    """A signed-in client for a user name; its .csrf is the session's token."""
    clients = []

    def make(name: str, password: str = PASSWORD) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        clients.append(client)
        assert sign_in(client, name, password).status_code == 303
        client.csrf = csrf_of(client.get("/").text)
        return client

    yield make
    for c in clients:
        c.close()


def pg_schema(pg_url: str):
    """A fresh schema on the test server, so the store's tables start empty and go afterwards."""
    return scratch_schema(pg_url, "web")


@pytest.fixture
def pg_store_url(pg_url, tmp_path):
    with pg_schema(pg_url) as url:
        build_store(url, tmp_path).engine.dispose()
        yield url
