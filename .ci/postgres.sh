# Sourced by .ci/run and the benchmarks: makes sure a PostgreSQL server answers on
# 127.0.0.1:5432 and exports TEST_DATABASE_URL for a role that may create databases.

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_postgres() {
  if ! command -v pg_isready >/dev/null 2>&1; then
    echo "installing PostgreSQL from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "starting the local PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -h 127.0.0.1 -p 5432 >/dev/null || { echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; return 1; }

  if [ -n "${TEST_DATABASE_URL:-}" ] && psql "$TEST_DATABASE_URL" -Atqc 'select 1' >/dev/null 2>&1; then
    export TEST_DATABASE_URL; return 0
  fi
  if psql -h 127.0.0.1 -U postgres -d postgres -w -Atqc 'select 1' >/dev/null 2>&1; then
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"; return 0
  fi
  # password authentication refused the postgres role: make one of our own
  echo "creating role livechat_ci through the postgres superuser"
  runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qc "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'livechat_ci') THEN
        CREATE ROLE livechat_ci LOGIN CREATEDB PASSWORD 'livechat_ci';
      ELSE
        ALTER ROLE livechat_ci LOGIN CREATEDB PASSWORD 'livechat_ci';
      END IF; END \$\$;" >/dev/null
  export TEST_DATABASE_URL="postgres://livechat_ci:livechat_ci@127.0.0.1:5432/postgres"
  psql "$TEST_DATABASE_URL" -Atqc 'select 1' >/dev/null
}
