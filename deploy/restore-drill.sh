#!/bin/sh
# Restore drill: back up, lose the database, restore, check that the records are all there.
#   make restore-drill
# On a scratch PostgreSQL cluster (127.0.0.1:5434) with WAL archiving, as docs/deployment.md sets
# up production: the demo is loaded, a base backup is taken, more is written after it (only in the
# WAL archive), the data directory is deleted, the base backup is restored and the archive
# replayed. Passes when every table's row count and the record written after the backup are back.
# Needs root and Debian's postgresql-common; elsewhere it says so and exits 0.
set -eu
PORT=5434
NAME=drill
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/.venv/bin}
if [ "$(id -u)" != 0 ] || ! command -v pg_createcluster >/dev/null || [ ! -d /etc/postgresql ]; then
  echo "restore-drill: needs root and Debian's postgresql-common; nothing done." >&2
  exit 0
fi
VERSION=$(ls /etc/postgresql | sort -n | tail -1)
DATA=/var/lib/postgresql/$VERSION/$NAME
WORK=/var/lib/postgresql/drill-work
ARCHIVE=$WORK/archive
BACKUP=$WORK/base
URL=postgres://postgres@127.0.0.1:$PORT/lianluo
as_pg() { runuser -u postgres -- "$@"; }
sql() { as_pg psql -h 127.0.0.1 -p $PORT -d lianluo -Atc "$1"; }
cleanup() { pg_dropcluster --stop "$VERSION" $NAME 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cleanup
mkdir -p "$ARCHIVE" && chown -R postgres:postgres "$WORK"

echo "1. a cluster with WAL archiving (archive_mode, archive_command)"
pg_createcluster "$VERSION" $NAME -p $PORT -- --auth=trust >/dev/null
cp "/etc/postgresql/$VERSION/main/pg_hba.conf" "/etc/postgresql/$VERSION/$NAME/pg_hba.conf"
grep -q "^host replication" "/etc/postgresql/$VERSION/$NAME/pg_hba.conf" ||
  echo "host replication all 127.0.0.1/32 trust" >> "/etc/postgresql/$VERSION/$NAME/pg_hba.conf"
cat >> "/etc/postgresql/$VERSION/$NAME/postgresql.conf" <<CONF
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f'
archive_timeout = 60
CONF
pg_ctlcluster --skip-systemctl-redirect "$VERSION" $NAME start
as_pg createdb -h 127.0.0.1 -p $PORT lianluo
export DATABASE_URL=$URL LIANLUO_SECRET_KEY=${LIANLUO_SECRET_KEY:-restore-drill-only-key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}
export LIANLUO_VAR_DIR=$WORK/var DJANGO_SETTINGS_MODULE=config.settings.local
mkdir -p "$LIANLUO_VAR_DIR"
cd "$ROOT"
"$BIN/lianluo" migrate -v0
"$BIN/lianluo" load_demo >/dev/null

echo "2. the base backup"
as_pg pg_basebackup -h 127.0.0.1 -p $PORT -U postgres -D "$BACKUP" -X stream -c fast

echo "3. records written after the backup: only the WAL archive has them"
"$BIN/lianluo" shell -c "
from lianluo.orgs.models import Organisation
from lianluo.people.services import person_create
org = Organisation.objects.filter(kind='cppcc_group').order_by('id').first()
person_create(actor=None, organisation=org, name='备份后录入', roles=['member'])
"
COUNTS="SELECT string_agg(relname || '=' || n, ' ' ORDER BY relname) FROM (
  SELECT c.relname, (xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM '
    || quote_ident(c.relname), false, true, '')))[1]::text AS n
  FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
  WHERE c.relkind = 'r' AND s.nspname = 'public') t"
BEFORE=$(sql "$COUNTS")
# The WAL with these records must be in the archive before the disk is lost.
SEGMENT=$(sql "SELECT pg_walfile_name(pg_switch_wal())")
for i in $(seq 1 60); do
  [ "$(sql "SELECT coalesce(last_archived_wal, '') >= '$SEGMENT' FROM pg_stat_archiver")" = t ] && break
  sleep 0.5
done

echo "4. the database is lost"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" $NAME stop -m immediate
find "$DATA" -mindepth 1 -delete

echo "5. restore: the base backup, then the archive replayed"
cp -a "$BACKUP/." "$DATA/"
chown -R postgres:postgres "$DATA"
echo "restore_command = 'cp $ARCHIVE/%f %p'" >> "/etc/postgresql/$VERSION/$NAME/postgresql.conf"
as_pg touch "$DATA/recovery.signal"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" $NAME start
for i in $(seq 1 60); do
  [ "$(sql "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] && break
  sleep 1
done
AFTER=$(sql "$COUNTS")
LATE=$(sql "SELECT count(*) FROM people_person WHERE name = '备份后录入'")
if [ "$BEFORE" = "$AFTER" ] && [ "$LATE" = 1 ]; then
  echo "restore-drill: passed, every table has its rows again ($(echo "$AFTER" | wc -w) tables), and the record written after the backup"
else
  echo "restore-drill: FAILED" >&2
  echo "before: $BEFORE" >&2
  echo "after:  $AFTER" >&2
  echo "written after the backup: $LATE" >&2
  exit 1
fi
