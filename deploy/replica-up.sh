#!/bin/sh
# A PostgreSQL hot standby of the local cluster (127.0.0.1:5432) on 127.0.0.1:5433, streaming from
# it: `make replica-up`. Idempotent: an existing standby is only started. Needs root and Debian's
# PostgreSQL tools (pg_createcluster, pg_basebackup); elsewhere it says so and exits 0.
set -eu
PORT=5433
NAME=replica
if [ "$(id -u)" != 0 ] || ! command -v pg_createcluster >/dev/null || [ ! -d /etc/postgresql ]; then
  echo "replica-up: needs root and Debian's postgresql-common; no standby made." >&2
  exit 0
fi
VERSION=$(ls /etc/postgresql | sort -n | tail -1)
PRIMARY=/etc/postgresql/$VERSION/main
DATA=/var/lib/postgresql/$VERSION/$NAME
pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start
if [ -d "/etc/postgresql/$VERSION/$NAME" ] && [ -f "$DATA/standby.signal" ]; then
  pg_isready -q -h 127.0.0.1 -p $PORT || pg_ctlcluster --skip-systemctl-redirect "$VERSION" $NAME start
  exit 0
fi
# The primary lets the standby (and pg_basebackup) connect for replication from this machine only.
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$PRIMARY/pg_hba.conf"; then
  echo "host replication all 127.0.0.1/32 trust" >> "$PRIMARY/pg_hba.conf"
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" main reload
fi
[ -d "/etc/postgresql/$VERSION/$NAME" ] && pg_dropcluster --stop "$VERSION" $NAME
pg_createcluster "$VERSION" $NAME -p $PORT >/dev/null
cp "$PRIMARY/pg_hba.conf" "/etc/postgresql/$VERSION/$NAME/pg_hba.conf"  # who may connect: as on the primary
find "$DATA" -mindepth 1 -delete  # keep the directory pg_createcluster made (owner, mode)
# -R writes standby.signal and primary_conninfo: the copy starts as a streaming hot standby.
runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p 5432 -U postgres -D "$DATA" -R -X stream -c fast
pg_ctlcluster --skip-systemctl-redirect "$VERSION" $NAME start
for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p $PORT && break; sleep 1; done
echo "replica-up: standby of 127.0.0.1:5432 on 127.0.0.1:$PORT"
