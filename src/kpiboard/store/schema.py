"""Tables of the store. Append-only: a load adds rows; the current figure for a (ref, period)
is the one from the latest load that contains it, and older versions stay as history."""

from sqlalchemy import (Column, Float, ForeignKey, Integer, MetaData, String, Table, Text)

metadata = MetaData()

loads = Table(
    "loads", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),      # catalogue | values | commentary | benchmarks
    Column("source", Text, nullable=False),          # file name as given
    Column("sha256", String(64), nullable=False),
    Column("loaded_at", String(32), nullable=False),  # UTC, ISO 8601
    Column("as_at", String(10)),                     # the date the extract describes
    Column("rows", Integer, nullable=False),
    Column("warnings", Text),
)

catalogues = Table(
    "catalogues", metadata,
    Column("load_id", Integer, ForeignKey("loads.id"), primary_key=True),
    Column("yaml", Text, nullable=False),
)

figures = Table(
    "figures", metadata,
    Column("id", Integer, primary_key=True),
    Column("load_id", Integer, ForeignKey("loads.id"), nullable=False, index=True),
    Column("ref", String(64), nullable=False),
    Column("period", String(8), nullable=False),  # YYYY-MM, or YYYY/YY for an annual figure
    Column("value", Float),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("note", Text),
    Column("rag_given", String(5)),
)

commentary = Table(
    "commentary", metadata,
    Column("id", Integer, primary_key=True),
    Column("load_id", Integer, ForeignKey("loads.id"), nullable=False),
    Column("ref", String(64), nullable=False),
    Column("period", String(7), nullable=False),
    Column("author", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(10), nullable=False),
)

benchmarks = Table(
    "benchmarks", metadata,
    Column("id", Integer, primary_key=True),
    Column("load_id", Integer, ForeignKey("loads.id"), nullable=False),
    Column("ref", String(64), nullable=False),
    Column("year", String(16), nullable=False),
    Column("sn_average", Float),
    Column("best_sn", Float),
    Column("england", Float),
    Column("top_quartile", Float),
    Column("region", Float),
    Column("source", Text),
)

# Aggregates behind "performance on a page" (numerators and denominators per group; no child rows).
breakdowns = Table(
    "breakdowns", metadata,
    Column("id", Integer, primary_key=True),
    Column("load_id", Integer, ForeignKey("loads.id"), nullable=False, index=True),
    Column("measure", String(64), nullable=False),
    Column("period", String(7), nullable=False),
    Column("window", String(16), nullable=False),
    Column("dimension", String(32), nullable=False),
    Column("grp", Text, nullable=False),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("value", Float),
)

reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("period", String(7), nullable=False),
    Column("generated_at", String(32), nullable=False),
    Column("last_load_id", Integer, nullable=False),  # figures up to this load were in the report
)

# What a benchmarking chart needs (`kpiboard load --dfe`): for each indicator, the LA's and its
# 10 statistical neighbours' published values (named), England and the SN mean, one row each,
# tied to the "neighbours" load that wrote them. Other LAs' figures as DfE published them.
benchmark_neighbours = Table(
    "benchmark_neighbours", metadata,
    Column("id", Integer, primary_key=True),
    Column("load_id", Integer, ForeignKey("loads.id"), nullable=False, index=True),
    Column("ref", String(64), nullable=False),
    Column("measure", String(64), nullable=False),     # the published measure id (mapping.yaml)
    Column("year", String(16), nullable=False),        # as the benchmark's year: 2023-24, or 2024
    Column("collection_year", Integer, nullable=False),  # 2024 for 2023-24
    Column("sn_vintage", Integer, nullable=False),
    Column("source", Text),
    Column("role", String(10), nullable=False),        # la | neighbour | england | sn_mean
    Column("position", Integer, nullable=False),       # 0 the LA, 1..10 neighbours closest first
    Column("la_code", String(16)),
    Column("la_name", Text),
    Column("value", Float),
    Column("missing", Text),                           # why there is no value (c, x, no row ...)
)
