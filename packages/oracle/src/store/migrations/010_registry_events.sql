-- Every DeviceRegistry event the follower applied, in chain order. The devices table is the
-- current state; this log lets any oracle rebuild the registry exactly as of an epoch's end block,
-- so oracles that follow the chain at different speeds still score the same devices.
create table registry_events (
  block_number bigint not null,
  log_index integer not null,
  block_time_ms bigint not null,
  event text not null,
  device_id text not null,
  args jsonb not null,                  -- decoded arguments; bigints and bytes as strings
  primary key (block_number, log_index)
);
create index registry_events_by_device on registry_events (device_id, block_number);

alter table epochs add column end_block bigint;
