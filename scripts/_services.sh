# Shared by scripts/test: the engines the test suite runs the measure library on.
# PostgreSQL: a real server on loopback, a role and a database for the tests.
# Spark: PySpark in local mode needs a Java runtime.

start_postgres() {
  apt_install postgresql
  local version cluster
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  cluster=$(pg_lsclusters -h | awk -v v="$version" '$1 == v {print $2; exit}')
  if [ -z "$cluster" ]; then
    as_root pg_createcluster "$version" main >/dev/null
    cluster=main
  fi
  as_root pg_ctlcluster "$version" "$cluster" start 2>/dev/null || true
  local port
  port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $3}')
  as_root su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='kpiboard_test'\"" | grep -q 1 ||
    as_root su postgres -c "psql -p $port -qc \"CREATE ROLE kpiboard_test LOGIN PASSWORD 'kpiboard_test' CREATEDB\""
  as_root su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname='kpiboard_test'\"" | grep -q 1 ||
    as_root su postgres -c "createdb -p $port -O kpiboard_test kpiboard_test"
  # a database left by an earlier set-up may belong to someone else: the tests create schemas
  as_root su postgres -c "psql -p $port -qc \"ALTER DATABASE kpiboard_test OWNER TO kpiboard_test\""
  export KPIBOARD_TEST_PG_URL="postgresql://kpiboard_test:kpiboard_test@127.0.0.1:$port/kpiboard_test"
  # the role docs/deployment.md recommends for the app: it does not own the tables
  as_root su postgres -c "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='kpiboard_app'\"" | grep -q 1 ||
    as_root su postgres -c "psql -p $port -qc \"CREATE ROLE kpiboard_app LOGIN PASSWORD 'kpiboard_app'\""
  export KPIBOARD_TEST_PG_APP_URL="postgresql://kpiboard_app:kpiboard_app@127.0.0.1:$port/kpiboard_test"
}

ensure_java() {
  command -v java >/dev/null 2>&1 || apt_install default-jre-headless
}
