"""The standard measure library: declarative specs (library.yaml) compiled to Ibis, run on
DuckDB (embedded default), PostgreSQL or Spark."""
