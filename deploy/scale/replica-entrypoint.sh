#!/bin/sh
# The streaming replica: on first start, a base backup of the primary (-R writes
# standby.signal and primary_conninfo); then PostgreSQL as a hot standby.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h db-primary -U replicator -D "$PGDATA" -R -X stream --checkpoint=fast; do
    echo "waiting for the primary"; rm -rf "$PGDATA"/*; sleep 2
  done
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c max_connections=200
