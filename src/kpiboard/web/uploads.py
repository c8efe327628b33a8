"""Data loads through the app, in two steps: the files are uploaded, read and validated exactly
as `kpiboard load` does (kpiboard.loading.prepare_load), and the preview shows rows, warnings and
what would change; nothing is written to the figures until the officer confirms. The uploaded
files wait in the store (``pending_uploads``), so any server process can confirm them, and are
read again on confirmation, so what is written is what was validated.

Uploaded files may be child-level extracts, so they do not stay: their contents
(``pending_files``) are deleted as soon as the upload is confirmed, discarded or rejected, and an
upload left at its preview for longer than STALE_AFTER expires (contents deleted) when anyone next
uploads. The ``pending_uploads`` row stays, holding no data, as the record of who uploaded what
kind of files when and how it ended; the audit log names the files."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, insert, select, update

from kpiboard.errors import KpiboardError
from kpiboard.loading import prepare_load
from kpiboard.store import LoadBatch, Store
from kpiboard.store.schema import loads
from kpiboard.store.web_tables import now, pending_files, pending_uploads

KINDS = ("catalogue", "values", "commentary", "benchmarks", "annex_a", "ssda903", "cin_census")
CHILD_LEVEL = ("annex_a", "ssda903", "cin_census")  # read together as one set of records
MAX_BYTES = 100 * 1024 * 1024  # all files of one upload together
SHOWN_CHANGES = 50
# Long enough to check a preview over a working day, short enough that an abandoned child-level
# extract is gone by the next day's uploads.
STALE_AFTER = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Options:
    as_at: dt.date | None = None
    la: str = "LA"
    sheet: str | None = None

    def to_json(self) -> str:
        return json.dumps({"as_at": self.as_at.isoformat() if self.as_at else None, "la": self.la,
                           "sheet": self.sheet})

    @classmethod
    def from_json(cls, text: str) -> "Options":
        d = json.loads(text)
        return cls(dt.date.fromisoformat(d["as_at"]) if d["as_at"] else None, d["la"], d["sheet"])


@dataclass
class ItemPreview:
    kind: str
    source: str
    rows: int
    warnings: list[str]
    already: str | None = None           # "already loaded as load N on DATE": it would be skipped
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    changes: list[tuple[str, str, str, str]] = field(default_factory=list)  # ref, period, was, now
    note: str = ""                      # e.g. indicators added to / removed from the catalogue


@dataclass(frozen=True)
class Pending:
    id: int
    token: str
    created_by: str
    options: Options
    base_load_id: int
    status: str
    files: list[tuple[str, str, bytes]]  # kind, name, content


def safe_name(name: str) -> str:
    """A file name with no folders and nothing a shell or path would read specially."""
    base = Path(name.replace("\\", "/")).name
    return re.sub(r"[^A-Za-z0-9._ -]", "_", base).strip(". ") or "upload"


def save(store: Store, user: str, files: list[tuple[str, str, bytes]], options: Options) -> Pending:
    if not files:
        raise KpiboardError("choose at least one file to load")
    if sum(len(c) for _, _, c in files) > MAX_BYTES:
        raise KpiboardError(f"the files come to more than {MAX_BYTES // 2**20} MB; load them in parts")
    for kind, _, _ in files:
        if kind not in KINDS:
            raise KpiboardError(f"unknown kind of file '{kind}'")
    if sum(1 for k, _, _ in files if k == "catalogue") > 1:
        raise KpiboardError("load one catalogue at a time")
    token = secrets.token_urlsafe(24)
    with store.engine.begin() as conn:
        purge(conn, stale_before(dt.datetime.now(dt.timezone.utc)))
        upload_id = conn.execute(insert(pending_uploads).values(
            token=token, created_by=user, created_at=now(), options=options.to_json(),
            base_load_id=store.last_load_id(conn), status="previewed")).inserted_primary_key[0]
        conn.execute(insert(pending_files), [dict(upload_id=upload_id, kind=k, name=safe_name(n), content=c)
                                             for k, n, c in files])
    return find(store, token)


def find(store: Store, token: str) -> Pending:
    with store.engine.connect() as conn:
        row = conn.execute(select(pending_uploads).where(pending_uploads.c.token == token)).first()
        if row is None:
            raise KpiboardError("no such upload: it may have been confirmed or discarded already")
        files = [(f.kind, f.name, f.content) for f in conn.execute(
            select(pending_files).where(pending_files.c.upload_id == row.id).order_by(pending_files.c.id))]
    return Pending(row.id, row.token, row.created_by, Options.from_json(row.options), row.base_load_id,
                   row.status, files)


def set_status(store: Store, pending: Pending, status: str, base_load_id: int | None = None,
               from_status: str = "previewed") -> bool:
    """Move an upload on from ``from_status`` (a previewed one to confirmed, discarded or
    rejected; a confirmed one whose load failed to rejected) and delete its files' contents in
    the same transaction; ``pending`` keeps them in memory for the confirmation to read. False
    if another request already moved it (confirm runs once)."""
    values = {"status": status}
    if base_load_id is not None:
        values["base_load_id"] = base_load_id
    with store.engine.begin() as conn:
        moved = bool(conn.execute(update(pending_uploads).where(
            pending_uploads.c.id == pending.id, pending_uploads.c.status == from_status).values(**values)).rowcount)
        if moved:
            conn.execute(delete(pending_files).where(pending_files.c.upload_id == pending.id))
        return moved


def stale_before(at: dt.datetime, limit: dt.timedelta = STALE_AFTER) -> str:
    """The created_at (as stored, see web_tables.now) before which a previewed upload has expired."""
    return (at - limit).astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def purge(conn, cutoff: str) -> int:
    """Expire uploads still at their preview that were made before ``cutoff``, then delete the
    contents of every upload that is no longer waiting (expired now, or finished earlier by a
    process that stopped before it deleted them). Returns how many uploads expired.

    The status change is conditional, as set_status's is, so a confirmation racing the purge
    either wins (and its upload is left alone) or finds the upload expired and is refused."""
    expired = conn.execute(update(pending_uploads).where(
        pending_uploads.c.status == "previewed", pending_uploads.c.created_at < cutoff)
        .values(status="expired")).rowcount
    done = select(pending_uploads.c.id).where(pending_uploads.c.status != "previewed")
    conn.execute(delete(pending_files).where(pending_files.c.upload_id.in_(done)))
    return expired


@contextmanager
def prepared(store: Store, pending: Pending):
    """The files written to a private folder and read as `kpiboard load` reads them: yields the
    load batch and the child-level records, if any. Sources and error messages name the files
    as uploaded, never the server's private folder."""
    with tempfile.TemporaryDirectory(prefix="kpiboard-upload-") as folder:
        def local(text: str) -> str:
            for kind in KINDS:
                text = text.replace(f"{folder}/{kind}/", "")
            return text.replace(f"{folder}/", "")

        paths: dict[str, list[Path]] = {k: [] for k in KINDS}
        for kind, name, content in pending.files:
            path = Path(folder) / kind / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(content)
            paths[kind].append(path)
        try:
            records = None
            if any(paths[k] for k in CHILD_LEVEL):
                from kpiboard.records.read import read_records

                records = read_records(paths["annex_a"] or None,
                                       [Path(folder) / "ssda903"] if paths["ssda903"] else None,
                                       pending.options.la, cin_census=paths["cin_census"] or None)
                records.sources = [local(s) for s in records.sources]
            batch = prepare_load(store, catalogue=(paths["catalogue"] or [None])[0], values=paths["values"],
                                 commentary=paths["commentary"], benchmarks=paths["benchmarks"],
                                 sheet=pending.options.sheet, as_at=pending.options.as_at, records=records)
            for item in batch.items:
                item.source = local(item.source)
                item.warnings = [local(w) for w in item.warnings]
            yield batch, records
        except KpiboardError as exc:
            raise KpiboardError(local(str(exc))) from None


def preview(store: Store, batch: LoadBatch) -> list[ItemPreview]:
    """What each file would do to the store, by the rules Store.load applies: a file loaded
    before (same SHA-256 and kind) is skipped; a figure is new, revised (other figures than the
    current version) or unchanged."""
    history = store.history()
    current = {key: versions[-1].figure for key, versions in history.items()}
    with store.engine.connect() as conn:
        earlier = {(r.kind, r.sha256): r for r in conn.execute(select(loads.c.id, loads.c.kind, loads.c.sha256,
                                                                       loads.c.loaded_at))}
    out = []
    for item in batch.items:
        p = ItemPreview(item.kind, item.source, len(item.records), list(item.warnings))
        seen = earlier.get((item.kind, item.sha256))
        if seen is not None:
            p.already = f"already loaded as load {seen.id} on {seen.loaded_at[:10]}"
        elif item.kind == "values":
            _figure_changes(p, item.records, current)
        elif item.kind == "catalogue":
            p.note = _catalogue_change(store, item.records)
        out.append(p)
    return out


def _figure_changes(p: ItemPreview, figures, current) -> None:
    from kpiboard.store.db import _period_key  # the store's own key for a period

    for f in figures:
        key = (f.ref, _period_key(f.period))
        before = current.get(key)
        if before is None:
            p.new += 1
        elif before.same_figures != f.same_figures:
            p.revised += 1
            if len(p.changes) < SHOWN_CHANGES:
                p.changes.append((f.ref, key[1], _show(before), _show(f)))
        else:
            p.unchanged += 1
        current[key] = f  # a later file in the same load compares with this one, as Store.load does


def _show(f) -> str:
    if f.value is None:
        return f"no value ({f.note})" if f.note else "no value"
    parts = f" ({f.numerator:g} of {f.denominator:g})" if f.numerator is not None and f.denominator else ""
    return f"{f.value:g}{parts}"


def _catalogue_change(store: Store, indicators) -> str:
    new = {i.ref for i in indicators}
    try:
        old = {i.ref for i in store.catalogue().indicators}
    except KpiboardError:
        return f"first catalogue: {len(new)} indicators"
    added, removed = sorted(new - old), sorted(old - new)
    words = [f"{len(new)} indicators"]
    if added:
        words.append("added: " + ", ".join(added))
    if removed:
        words.append("removed: " + ", ".join(removed))
    if not added and not removed:
        words.append("the same indicators as the current catalogue")
    return "; ".join(words)
