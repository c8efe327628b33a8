"""The three engines behind one small interface: put an Arrow table in, materialise an
expression as a table, run an expression. Everything else is the same Ibis code on all three."""

from __future__ import annotations

import tempfile
import uuid

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from kpiboard.errors import KpiboardError

from kpiboard.measures.spec import ENGINES


class Backend:
    name = "base"

    def __init__(self, con) -> None:
        self.con = con
        self.prefix = f"kb_{uuid.uuid4().hex[:8]}_"  # tables of one engine session never collide

    def put(self, name: str, table: pa.Table) -> ir.Table:
        return self.con.create_table(self.prefix + name, table, overwrite=True)

    def materialise(self, name: str, expr: ir.Table) -> ir.Table:
        return self.con.create_table(self.prefix + name, expr, overwrite=True)

    def execute(self, expr: ir.Expr):
        return self.con.to_pyarrow(expr)

    def run_sql(self, sql: str) -> list[dict]:
        """Run compiled SQL (cached by the engine) and return rows as dicts."""
        cur = self.con.raw_sql(sql)
        try:
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]
        finally:
            cur.close()

    def close(self) -> None:
        pass


class DuckDB(Backend):
    name = "duckdb"

    def __init__(self, url: str | None = None) -> None:
        path = (url or ":memory:").removeprefix("duckdb://")
        # No extension auto-install or auto-load: nothing may be downloaded at run time.
        con = ibis.duckdb.connect(path or ":memory:", autoinstall_known_extensions=False,
                                  autoload_known_extensions=False)
        super().__init__(con)

    def run_sql(self, sql: str) -> list[dict]:
        return self.con.con.sql(sql).to_arrow_table().to_pylist()


class Postgres(Backend):
    name = "postgres"

    def __init__(self, url: str | None) -> None:
        if not url:
            raise KpiboardError("--engine postgres needs --db postgresql://user:password@host/db")
        try:
            con = ibis.connect(url.replace("postgresql+psycopg://", "postgres://")
                               .replace("postgresql://", "postgres://"))
        except Exception as exc:  # connection problems are the user's to fix: say which
            raise KpiboardError(f"cannot connect to PostgreSQL at {_safe(url)}: "
                                f"{str(exc).splitlines()[0]}") from None
        super().__init__(con)

    def put(self, name: str, table: pa.Table) -> ir.Table:
        return self.con.create_table(self.prefix + name, table, overwrite=True, temp=True)

    def materialise(self, name: str, expr: ir.Table) -> ir.Table:
        return self.con.create_table(self.prefix + name, expr, overwrite=True, temp=True)

    def close(self) -> None:
        self.con.disconnect()


class Spark(Backend):
    """PySpark in local mode. Tables are session temp views, so nothing is written to a warehouse."""

    name = "spark"

    def __init__(self, url: str | None = None) -> None:
        from pyspark.sql import SparkSession

        builder = (SparkSession.builder.master(url or "local[2]").appName("kpiboard")
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.session.timeZone", "UTC")
                   .config("spark.sql.shuffle.partitions", "4")
                   .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                   .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="kpiboard-spark-"))
                   .config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.driver.host", "127.0.0.1"))
        self.spark = builder.getOrCreate()
        self.spark.sparkContext.setLogLevel("ERROR")
        super().__init__(ibis.pyspark.connect(self.spark))

    def put(self, name: str, table: pa.Table) -> ir.Table:
        frame = self.spark.createDataFrame(table)
        frame.createOrReplaceTempView(self.prefix + name)
        return self.con.table(self.prefix + name)

    def materialise(self, name: str, expr: ir.Table) -> ir.Table:
        frame = self.spark.sql(str(self.con.compile(expr)))
        frame.cache().createOrReplaceTempView(self.prefix + name)
        return self.con.table(self.prefix + name)

    def run_sql(self, sql: str) -> list[dict]:
        return [row.asDict() for row in self.spark.sql(sql).collect()]


def _safe(url: str) -> str:
    """A URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':')[0]}:***@{host}"
    return url


def connect(engine: str = "duckdb", url: str | None = None) -> Backend:
    if engine == "duckdb":
        return DuckDB(url)
    if engine == "postgres":
        return Postgres(url)
    if engine == "spark":
        return Spark(url)
    raise KpiboardError(f"unknown engine '{engine}' (one of {', '.join(ENGINES)})")
