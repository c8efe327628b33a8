"""Helpers for the web app tests: a small store written here (two sections, four indicators, two
months with a revision), users of every role, and signed-in TestClients."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from kpiboard.loading import prepare_load
from kpiboard.store import Store
from kpiboard.web.accounts import add_user

CATALOGUE = """\
title: Test catalogue
la: {name: Testshire}
indicators:
  - ref: "CR1"
    title: Contacts received
    section: Contact and referral
    polarity: neutral
    unit: count
    aggregation: sum
    owner: Alex Smith
  - ref: "CR2"
    title: Contacts with a decision within 1 working day
    section: Contact and referral
    polarity: higher
    unit: percent
    aggregation: ratio
    target: 90
    rag: {green: {at_least: 90}, amber: {at_least: 85}}
    owner: Alex Smith
  - ref: "CP1"
    title: Child protection plans lasting 2 years or more
    section: Child protection
    polarity: lower
    unit: percent
    aggregation: ratio
    target: 5
    rag: {green: {at_most: 5}, amber: {at_most: 8}}
    owner: Bea Jones
  - ref: "CP2"
    title: Children on a child protection plan
    section: Child protection
    polarity: neutral
    unit: count
    aggregation: latest
    owner: Bea Jones
"""

VALUES_1 = """\
ref,period,value
CR1,2026-08,100
CR1,2026-09,110
CR2,2026-08,80 of 100
CR2,2026-09,92 of 100
CP1,2026-08,4 of 100
CP1,2026-09,9 of 100
CP2,2026-08,200
CP2,2026-09,210
"""

# September's contacts revised
VALUES_2 = """\
ref,period,value
CR1,2026-09,115
CR1,2026-10,120
CR2,2026-10,87 of 100
CP1,2026-10,6 of 100
CP2,2026-10,205
"""

PASSWORD = "correct horse battery"
USERS = {"admin": ("admin", "Ada Admin"), "officer": ("officer", "Olive Officer"),
         "alex": ("owner", "Alex Smith"), "bea": ("owner", "Bea Jones"),
         "viewer": ("viewer", "Vic Viewer")}


def build_store(url: str, folder: Path) -> Store:
    for name, text in [("catalogue.yaml", CATALOGUE), ("v1.csv", VALUES_1), ("v2.csv", VALUES_2)]:
        (folder / name).write_text(text, encoding="utf-8")
    store = Store(url)
    store.load(prepare_load(store, catalogue=folder / "catalogue.yaml", values=[folder / "v1.csv"]))
    store.load(prepare_load(store, values=[folder / "v2.csv"]))
    for name, (role, full_name) in USERS.items():
        add_user(store, name, role, PASSWORD, full_name)
    return store


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"name": name, "password": password,
                                       "csrf_token": csrf_of(page.text), "next": "/"},
                       follow_redirects=False)
