-- Pinion oracle schema, version 1. Runs unchanged on PGlite and PostgreSQL.
-- Hex values (ids, addresses, hashes) are lower-case 0x strings; token amounts are numeric(78,0),
-- wide enough for any uint256; H3 cells are the uint64 as a decimal string.

create table pinion_meta (
  key text primary key,
  value text not null
);

-- Devices as the chain follower saw them in the DeviceRegistry's events.
create table devices (
  device_id text primary key,
  owner text not null,
  recipient text,                       -- null: rewards go to the owner
  device_class integer not null,
  key_type text not null check (key_type in ('ed25519', 'p256')),
  public_key text not null,
  maker text not null,                  -- zero address for permissionless registrations
  serial text not null,
  location text,                        -- last asserted H3 cell, null before any assertion
  suspended boolean not null default false,
  retired boolean not null default false,
  registered_block bigint not null,
  registered_time_ms bigint not null,
  updated_block bigint not null
);

create table device_locations (
  device_id text not null,
  location_nonce integer not null,
  cell text not null,
  antenna_gain integer not null,
  elevation integer not null,
  block_number bigint not null,
  block_time_ms bigint not null,
  primary key (device_id, location_nonce)
);

-- Every accepted report, stored exactly as signed. (device_id, sequence) is unique: a second report
-- with the same sequence is a duplicate or a replay.
create table reports (
  device_id text not null,
  sequence numeric(20, 0) not null,
  timestamp_ms bigint not null,
  received_ms bigint not null,
  kind text not null,
  payload_type text not null,
  report_id text not null,              -- keccak256 of the SignedReport bytes
  signed bytea not null,                -- the SignedReport bytes as received
  primary key (device_id, sequence)
);
create index reports_by_timestamp on reports (timestamp_ms);

-- One row per computed epoch: the values every oracle signs, and what happened on chain.
create table epochs (
  epoch bigint primary key,
  start_ms bigint not null,
  end_ms bigint not null,
  entropy text not null,
  inputs_hash text not null,
  params_hash text not null,
  emission numeric(78, 0) not null,
  root text not null,
  total_cumulative numeric(78, 0) not null,
  report_count integer not null,
  valid_count integer not null,
  device_count integer not null,
  computed_at_ms bigint not null,
  committed_tx text,
  committed_block bigint
);

-- The sealed inputs of each epoch: which reports it covers. Replay reads exactly these.
create table epoch_inputs (
  epoch bigint not null,
  device_id text not null,
  sequence numeric(20, 0) not null,
  primary key (epoch, device_id, sequence)
);

create table verdicts (
  epoch bigint not null,
  report_id text not null,
  device_id text not null,
  sequence numeric(20, 0) not null,
  valid boolean not null,
  reason text,                          -- null when valid
  primary key (epoch, report_id)
);
create index verdicts_by_device on verdicts (device_id, epoch);

-- Each device's share of each pool, with its explanation and the amount it earned.
create table shares (
  epoch bigint not null,
  device_id text not null,
  pool text not null,
  recipient text not null,
  base numeric(78, 0) not null,
  weight numeric(78, 0) not null,
  multipliers jsonb not null,           -- [{ name, value, why }], values as decimal strings
  inputs jsonb not null,
  amount numeric(78, 0) not null,
  primary key (epoch, device_id, pool)
);
create index shares_by_device on shares (device_id, epoch);

-- Per pool per epoch: its slice of the emission, what its shares took, and the rounding remainder.
create table pool_allocations (
  epoch bigint not null,
  pool text not null,
  allocation numeric(78, 0) not null,
  paid numeric(78, 0) not null,
  remainder numeric(78, 0) not null,
  primary key (epoch, pool)
);

-- Every recipient's cumulative amount as of each epoch: the leaves of that epoch's tree.
create table cumulative (
  epoch bigint not null,
  recipient text not null,
  amount numeric(78, 0) not null,
  primary key (epoch, recipient)
);

-- Root signatures, this oracle's and its peers'.
create table root_signatures (
  epoch bigint not null,
  oracle text not null,
  root text not null,
  signature text not null,
  primary key (epoch, oracle)
);
