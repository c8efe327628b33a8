"""Users and passwords (argon2id). Only hashes are stored; names are the login names."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from kpiboard.errors import KpiboardError
from kpiboard.store import Store
from kpiboard.store.web_tables import ROLES, now, users

ROLE_WORDS = {"admin": "Administrator", "officer": "Performance officer", "owner": "Indicator owner",
              "manager": "Team manager", "viewer": "Viewer"}
_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps the time the same either way, so the
# login form does not tell which names exist.
_DUMMY_HASH = _hasher.hash("not a password")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    full_name: str | None
    role: str
    active: bool
    team: str | None = None  # a team manager sees only their team's restricted exception rows

    @property
    def display(self) -> str:
        return self.full_name or self.name


def user_from_row(row) -> User:
    return User(row.id, row.name, row.full_name, row.role, bool(row.active), row.team)



def check_role(role: str) -> str:
    if role not in ROLES:
        raise KpiboardError(f"role '{role}' is not one of {', '.join(ROLES)}")
    return role


def add_user(store: Store, name: str, role: str, password: str, full_name: str | None = None,
             team: str | None = None) -> User:
    name = name.strip()
    if not name or len(name) > 64:
        raise KpiboardError("a user name is 1 to 64 characters")
    check_role(role)
    team = check_team(role, team)
    if len(password) < 8:
        raise KpiboardError("a password is at least 8 characters")
    try:
        with store.engine.begin() as conn:
            new_id = conn.execute(insert(users).values(
                name=name, full_name=(full_name or "").strip() or None, role=role, active=1,
                password_hash=_hasher.hash(password), created_at=now(), team=team)).inserted_primary_key[0]
    except IntegrityError:
        raise KpiboardError(f"user '{name}' already exists") from None
    return User(new_id, name, (full_name or "").strip() or None, role, True, team)


def list_users(store: Store) -> list[User]:
    with store.engine.connect() as conn:
        return [user_from_row(r) for r in conn.execute(select(users).order_by(users.c.name))]


def get_user(store: Store, user_id: int) -> User | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).first()
    return user_from_row(row) if row else None


def check_team(role: str, team: str | None) -> str | None:
    """A team manager must name their team (as the child-level records' `team` column spells
    it); other roles have none."""
    team = (team or "").strip() or None
    if role == "manager" and team is None:
        raise KpiboardError("a team manager needs a team (as the records name it)")
    return team if role == "manager" else None


def set_role(store: Store, name: str, role: str, active: bool, team: str | None = None) -> None:
    check_role(role)
    team = check_team(role, team)
    with store.engine.begin() as conn:
        done = conn.execute(update(users).where(users.c.name == name)
                            .values(role=role, active=int(active), team=team)).rowcount
    if not done:
        raise KpiboardError(f"no user '{name}'")


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The active user with this name and password, else None (same work either way)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.name == name)).first()
    try:
        ok = _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or row is None or not row.active:
        return None
    return user_from_row(row)
