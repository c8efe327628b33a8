"""Store access: one transaction per load, so a failed load leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, func, insert, or_, select
from sqlalchemy.engine import Engine

from kpiboard.catalogue import Catalogue, parse_catalogue
from kpiboard.errors import KpiboardError
from kpiboard.figures import Figure
from kpiboard.benchmarks.lookup import ChartPoint, NeighbourChart
from kpiboard.ingest.benchmarks import Benchmark
from kpiboard.ingest.commentary import Comment
from kpiboard.periods import FinancialYear, Month
from kpiboard.store import schema as t
from kpiboard.store import web_tables  # the web app's tables, on t.metadata too

DEFAULT_DB = "kpiboard.db"


def default_db_url(db: str | None = None) -> str:
    """--db, else $KPIBOARD_DB, else kpiboard.db in the current folder. Paths become SQLite URLs."""
    db = db or os.environ.get("KPIBOARD_DB") or DEFAULT_DB
    if "://" not in db:
        return f"sqlite:///{Path(db).resolve()}"
    if db.startswith(("postgresql://", "postgres://")):
        # psycopg 3, the driver kpiboard installs: SQLAlchemy before 2.1 reads a bare
        # postgresql:// as psycopg2.
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    return db


def _period_key(period: Month | FinancialYear) -> str:
    return str(period) if isinstance(period, Month) else f"{period.start_year}/{str(period)[-2:]}"


def _period_from_key(key: str) -> Month | FinancialYear:
    return FinancialYear.parse(key) if "/" in key else Month.parse(key)


def file_hash(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class LoadItem:
    kind: str
    source: str
    sha256: str
    records: list
    warnings: list[str] = field(default_factory=list)
    catalogue_yaml: str | None = None


@dataclass
class LoadBatch:
    """Files validated together and written in one transaction."""

    items: list[LoadItem] = field(default_factory=list)
    as_at: dt.date | None = None


@dataclass
class LoadSummary:
    load_id: int | None
    kind: str
    source: str
    rows: int
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    skipped: str | None = None  # why nothing was written

    def describe(self) -> str:
        """One line, as `kpiboard load` and the web app's load page print it."""
        if self.skipped:
            return f"{self.source}: {self.skipped}; nothing written"
        if self.kind == "values":
            return (f"{self.source}: load {self.load_id}, {self.rows} figures ({self.new} new, "
                    f"{self.revised} revised, {self.unchanged} unchanged)")
        return f"{self.source}: load {self.load_id}, {self.rows} {self.kind} rows"


@dataclass(frozen=True)
class NeighbourValues:
    """One indicator's published figures for the LA and its statistical neighbours
    (``kpiboard load --dfe``): what a benchmarking chart draws."""

    ref: str
    year: str       # labelled as the indicator's benchmark: "2023-24" (workforce: "2024")
    source: str     # e.g. "DfE CIN census 2023-24 (derived from counts), SN 2021"
    chart: NeighbourChart
    load_id: int | None = None  # set when read back from the store


@dataclass(frozen=True)
class Version:
    """One loaded version of a figure, with where it came from."""

    figure: Figure
    load_id: int
    source: str
    loaded_at: str


def _engine_options(url: str) -> dict:
    """How the store connects. To a database server: a fixed set of kept connections.
    SQLAlchemy's default (5 kept, 10 more opened on demand and closed on return) makes a busy web
    server open a new PostgreSQL connection, a new server process, for most requests once more
    than 5 run at once; waiting a moment for a kept connection is far cheaper, and 10 per process
    keeps 4 server processes well under PostgreSQL's default of 100 connections. To a SQLite
    file: wait up to 30 s for another writer (a load while the app's users save commentary)
    rather than fail at once with "database is locked"."""
    if url.startswith(("postgresql", "postgres:")):
        return dict(pool_size=10, max_overflow=0, pool_timeout=60)
    if url.startswith("sqlite:///"):
        return dict(connect_args={"timeout": 30})
    return {}


class Store:
    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        self.url = default_db_url(url)
        if self.url.startswith("sqlite:///") and not create:
            path = Path(self.url.removeprefix("sqlite:///"))
            if not path.exists():
                raise KpiboardError(f"{path}: no store here yet; run 'kpiboard load' first")
        self.engine: Engine = create_engine(self.url, **_engine_options(self.url))
        t.metadata.create_all(self.engine)

    def close(self) -> None:
        """Close the store's connections (a store opened for one job, e.g. a report the web app
        builds, must not hold a database connection until garbage collection)."""
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def shown_url(self) -> str:
        """The URL to print: a database server's password is masked."""
        return self.engine.url.render_as_string(hide_password=True)

    # ---- writing -------------------------------------------------------------------------
    def load(self, batch: LoadBatch) -> list[LoadSummary]:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        as_at = (batch.as_at or dt.date.today()).isoformat()
        summaries = []
        with self.engine.begin() as conn:
            current = self._current_versions(conn)
            for item in batch.items:
                earlier = conn.execute(select(t.loads.c.id, t.loads.c.loaded_at).where(
                    t.loads.c.sha256 == item.sha256, t.loads.c.kind == item.kind)).first()
                if earlier is not None:
                    summaries.append(LoadSummary(None, item.kind, item.source, len(item.records),
                                                 skipped=f"already loaded as load {earlier.id} "
                                                         f"on {earlier.loaded_at[:10]}"))
                    continue
                load_id = conn.execute(insert(t.loads).values(
                    kind=item.kind, source=item.source, sha256=item.sha256, loaded_at=now,
                    as_at=as_at, rows=len(item.records),
                    warnings="\n".join(item.warnings) or None)).inserted_primary_key[0]
                summary = LoadSummary(load_id, item.kind, item.source, len(item.records))
                self._write(conn, item, load_id, current, summary)
                summaries.append(summary)
        return summaries

    def _write(self, conn, item: LoadItem, load_id: int, current: dict, summary: LoadSummary) -> None:
        if item.kind == "catalogue":
            conn.execute(insert(t.catalogues).values(load_id=load_id, yaml=item.catalogue_yaml))
        elif item.kind == "values":
            rows = []
            for f in item.records:
                key = (f.ref, _period_key(f.period))
                before = current.get(key)
                if before is None:
                    summary.new += 1
                elif before.figure.same_figures != f.same_figures:
                    summary.revised += 1
                else:
                    summary.unchanged += 1
                current[key] = Version(f, load_id, item.source, "")
                rows.append(dict(load_id=load_id, ref=f.ref, period=key[1], value=f.value,
                                 numerator=f.numerator, denominator=f.denominator, note=f.note,
                                 rag_given=f.rag_given))
            if rows:
                conn.execute(insert(t.figures), rows)
        elif item.kind == "commentary":
            rows = [dict(load_id=load_id, ref=c.ref, period=str(c.period), author=c.author,
                         subject=c.subject, text=c.text, status=c.status) for c in item.records]
            if rows:
                conn.execute(insert(t.commentary), rows)
        elif item.kind == "breakdowns":
            rows = [dict(load_id=load_id, measure=b.measure, period=str(b.period), window=b.window,
                         dimension=b.dimension, grp=b.group, numerator=b.numerator,
                         denominator=b.denominator, value=b.value) for b in item.records]
            if rows:
                conn.execute(insert(t.breakdowns), rows)
        elif item.kind == "benchmarks":
            rows = [dict(load_id=load_id, **asdict(b)) for b in item.records]
            if rows:
                conn.execute(insert(t.benchmarks), rows)
        elif item.kind == "neighbours":
            self._write_neighbours(conn, item.records, load_id)
        else:  # pragma: no cover
            raise ValueError(item.kind)

    def _write_neighbours(self, conn, records: list[NeighbourValues], load_id: int) -> None:
        rows = []
        for n in records:
            c = n.chart
            common = dict(load_id=load_id, ref=n.ref, measure=c.measure, year=n.year,
                          collection_year=c.year, sn_vintage=c.sn_vintage, source=n.source)
            for i, p in enumerate(c.points):
                rows.append(dict(common, role="la" if p.is_la else "neighbour", position=i,
                                 la_code=p.code, la_name=p.name, value=p.value, missing=p.missing))
            for i, (role, value) in enumerate((("england", c.england), ("sn_mean", c.sn_mean))):
                rows.append(dict(common, role=role, position=len(c.points) + i, la_code=None,
                                 la_name=None, value=value, missing=None))
        if rows:
            conn.execute(insert(t.benchmark_neighbours), rows)

    def record_report(self, kind: str, period: Month) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(t.reports).values(
                kind=kind, period=str(period), last_load_id=self.last_load_id(conn),
                generated_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))

    # ---- reading -------------------------------------------------------------------------
    def last_load_id(self, conn=None) -> int:
        query = select(func.coalesce(func.max(t.loads.c.id), 0))
        if conn is not None:
            return conn.execute(query).scalar_one()
        with self.engine.connect() as c:
            return c.execute(query).scalar_one()

    def catalogue(self) -> Catalogue:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.catalogues.c.yaml, t.loads.c.source)
                               .join(t.loads, t.loads.c.id == t.catalogues.c.load_id)
                               .order_by(t.catalogues.c.load_id.desc()).limit(1)).first()
        if row is None:
            raise KpiboardError("no catalogue loaded yet; run 'kpiboard load --catalogue FILE'")
        return parse_catalogue(row.yaml, source=row.source)

    def _versions(self, conn, up_to_load: int | None = None) -> dict[tuple[str, str], list[Version]]:
        query = (select(t.figures, t.loads.c.source, t.loads.c.loaded_at)
                 .join(t.loads, t.loads.c.id == t.figures.c.load_id).order_by(t.figures.c.load_id))
        if up_to_load is not None:
            query = query.where(t.figures.c.load_id <= up_to_load)
        versions: dict[tuple[str, str], list[Version]] = defaultdict(list)
        for r in conn.execute(query):
            fig = Figure(r.ref, _period_from_key(r.period), r.value, r.numerator, r.denominator,
                         r.note, r.rag_given)
            versions[(r.ref, r.period)].append(Version(fig, r.load_id, r.source, r.loaded_at))
        return versions

    def _current_versions(self, conn) -> dict[tuple[str, str], Version]:
        return {k: v[-1] for k, v in self._versions(conn).items()}

    def history(self) -> dict[tuple[str, str], list[Version]]:
        """Every version of every figure, oldest first."""
        with self.engine.connect() as conn:
            return dict(self._versions(conn))

    def current_figures(self) -> dict[str, list[Version]]:
        """ref -> current versions of its figures (months and published annual figures)."""
        out: dict[str, list[Version]] = defaultdict(list)
        for (ref, _), versions in self.history().items():
            out[ref].append(versions[-1])
        return dict(out)

    def revised_since(self, load_id: int) -> set[tuple[str, Month | FinancialYear]]:
        """Figures whose current version differs from the version known at ``load_id``."""
        revised = set()
        for (ref, period), versions in self.history().items():
            before = [v for v in versions if v.load_id <= load_id]
            if before and before[-1].figure.same_figures != versions[-1].figure.same_figures:
                revised.add((ref, _period_from_key(period)))
        return revised

    def last_report_load(self, kind: str, before: Month) -> int | None:
        """The load the latest earlier report of this kind was built from."""
        with self.engine.connect() as conn:
            return conn.execute(select(t.reports.c.last_load_id)
                                .where(t.reports.c.kind == kind, t.reports.c.period < str(before))
                                .order_by(t.reports.c.id.desc()).limit(1)).scalar()

    def commentary(self) -> list[Comment]:
        """Latest version of each (ref, period, author, subject) comment, then the web app's
        latest approved commentary for each indicator and month, and its commentary in progress
        (status draft, submitted or returned; reports show only approved text)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.commentary).order_by(t.commentary.c.load_id)).all()
            approved = web_tables.approved_comments(conn) + web_tables.pending_comments(conn)
        latest = {}
        for r in rows:
            latest[(r.ref, r.period, r.author, r.subject)] = Comment(
                r.ref, Month.parse(r.period), r.author, r.subject, r.text, r.status)
        return list(latest.values()) + approved

    def benchmarks(self) -> list[Benchmark]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.benchmarks).order_by(t.benchmarks.c.load_id)).all()
        latest = {}
        for r in rows:
            latest[(r.ref, r.year)] = Benchmark(r.ref, r.year, r.sn_average, r.best_sn, r.england,
                                                r.top_quartile, r.region, r.source)
        return list(latest.values())

    def neighbours(self) -> list[NeighbourValues]:
        """The LA-against-neighbours values of each indicator and year, from the latest load
        holding them (as ``benchmarks()`` keeps the latest load's row per indicator and year)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.benchmark_neighbours).order_by(
                t.benchmark_neighbours.c.load_id, t.benchmark_neighbours.c.position)).all()
        grouped: dict[tuple[int, str], list] = defaultdict(list)
        for r in rows:
            grouped[(r.load_id, r.ref)].append(r)
        latest: dict[tuple[str, str], NeighbourValues] = {}
        for (load_id, ref), group in grouped.items():  # in load order, so later loads win
            first = group[0]
            by_role = {r.role: r.value for r in group if r.role in ("england", "sn_mean")}
            points = tuple(ChartPoint(r.la_code, r.la_name, r.value, r.missing, r.role == "la")
                           for r in group if r.role in ("la", "neighbour"))
            chart = NeighbourChart(first.measure, first.collection_year, first.sn_vintage, points,
                                   by_role.get("england"), by_role.get("sn_mean"))
            latest[(ref, first.year)] = NeighbourValues(ref, first.year, first.source, chart, load_id)
        return list(latest.values())

    def page_figures(self, period: Month) -> list:
        """The latest load's figures for "performance on a page" at ``period`` (empty if none)."""
        from kpiboard.measures.pages import PageFigure

        with self.engine.connect() as conn:
            # The load made for this month: only a load's own month has year-to-date or broken
            # down rows (its earlier months are there for the trends), so a later month's load,
            # which repeats this month's LA totals, does not hide this month's breakdowns.
            b = t.breakdowns
            latest = conn.execute(select(func.max(b.c.load_id)).where(
                b.c.period == str(period), or_(b.c.window == "ytd", b.c.dimension != ""))).scalar()
            if latest is None:
                return []
            rows = conn.execute(select(t.breakdowns).where(t.breakdowns.c.load_id == latest)).all()
        return [PageFigure(r.measure, Month.parse(r.period), r.window, r.dimension, r.grp,
                           r.numerator, r.denominator, r.value) for r in rows]

    def loads(self) -> list:
        with self.engine.connect() as conn:
            return conn.execute(select(t.loads).order_by(t.loads.c.id)).all()
