-- What ingest refused, counted (ingest/rejectionCounts.ts): per epoch of receipt (the oracle's
-- clock when the request arrived, never the report's own timestamp, which a forger chooses), per
-- device and per reason code (the oracle error code the report was answered with). Only registered
-- devices get their own rows; reports naming no registered device (or none that could be read) are
-- counted under device_id '*', one row per epoch and code, so a flood of random ids adds nothing.
create table ingest_rejections (
  epoch bigint not null,
  device_id text not null,
  reason text not null,
  count bigint not null,
  primary key (device_id, epoch, reason)
);
create index ingest_rejections_by_epoch on ingest_rejections (epoch);

-- Each flush of those counts, by its id, committed in the same transaction as the counts it added:
-- a flush whose COMMIT was not confirmed (the connection dropped) is retried under the same id, and
-- adds nothing when it had in fact committed. Rows older than an hour are pruned by later flushes.
create table ingest_rejection_flushes (
  flush_id text primary key,
  flushed_ms bigint not null
);
