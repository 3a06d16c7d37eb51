#!/usr/bin/env bash
# The shared-catalog tests (library scan against PostgreSQL) need a real server: Debian's postgresql package,
# its default cluster started, and a role that may create the throwaway databases the tests make and drop.
# Idempotent and non-interactive: starts the cluster only when it is down, creates the role only when missing.
set -euo pipefail

# setup.sh installs the package with the others (after an apt-get update); this step only starts and prepares it.
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# pg_lsclusters: version cluster port status ...; start every cluster that is down (a fresh install has one).
while read -r version cluster _ status _; do
  if [ "$status" != "online" ]; then
    echo "setup.d/70-postgres: starting cluster $version/$cluster"
    $sudo pg_ctlcluster "$version" "$cluster" start
  fi
done < <(pg_lsclusters --no-header)

# The tests connect as musicemotion/musicemotion over TCP on localhost (see MUSICEMOTION_TEST_POSTGRES).
as_postgres=(sudo -u postgres)
[ "$(id -u)" -ne 0 ] || as_postgres=(runuser -u postgres --)
"${as_postgres[@]}" psql -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'musicemotion') THEN
    CREATE ROLE musicemotion LOGIN CREATEDB PASSWORD 'musicemotion';
  END IF;
END $$;
SQL
echo "setup.d/70-postgres: PostgreSQL running, role musicemotion ready"
