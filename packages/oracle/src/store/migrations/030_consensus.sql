-- Canonical inputs and sealing (docs/oracle-consensus.md).
--
-- A report's id is now keccak256 of its signed body, never of the bytes it travelled in, and every
-- stored report is in canonical encoding. Stores written before this migration hashed transport
-- bytes; the oracle refuses to open one that holds reports (startOracle checks before migrating).

create index reports_by_id on reports (report_id);

-- Authentic reports that share a (device, sequence) with a stored report but not its body: proof
-- that the device signed two reports under one sequence. Ingest keeps the first conflicting version
-- it receives; merging a sealed input set keeps every version the set names.
create table conflicting_reports (
  report_id text primary key,           -- keccak256 of the signed body
  device_id text not null,
  sequence numeric(20, 0) not null,
  timestamp_ms bigint not null,
  received_ms bigint not null,
  kind text not null,
  payload_type text not null,
  signed bytea not null                 -- canonical SignedReport bytes
);
create index conflicting_reports_by_key on conflicting_reports (device_id, sequence);
create index conflicting_reports_by_timestamp on conflicting_reports (timestamp_ms);

-- An epoch's inputs are named by report id: several versions of one sequence can be inputs.
drop table epoch_inputs;
create table epoch_inputs (
  epoch bigint not null,
  report_id text not null,
  primary key (epoch, report_id)
);

-- Sealed manifests: each oracle's signed list of the reports it accepted for an epoch, this
-- oracle's own (made when the epoch sealed, never changed) and its peers' (fetched, verified).
create table seal_manifests (
  epoch bigint not null,
  oracle text not null,
  report_count integer not null,
  ids_hash text not null,               -- keccak256 of the ids concatenated in ascending order
  signature text not null,              -- the oracle's EIP-712 SealManifest signature
  ids bytea not null,                   -- the ids, 32 bytes each, ascending
  primary key (epoch, oracle)
);

-- Proposals: which manifests make an epoch's input set (their union), per oracle-set version and
-- round. This oracle keeps the proposals it made or adopted.
create table epoch_proposals (
  epoch bigint not null,
  version integer not null,
  round integer not null,
  proposer text not null,
  manifests jsonb not null,             -- [{oracle, count, idsHash, signature}] by oracle address
  primary key (epoch, version, round)
);

-- What a root signature signed, in full, and under which oracle-set version: an oracle signs at
-- most one root per (epoch, version), and this table is how it remembers.
alter table root_signatures add column version integer not null default 0;
alter table root_signatures add column total_cumulative numeric(78, 0);
alter table root_signatures add column inputs_hash text;
alter table root_signatures add column params_hash text;
alter table root_signatures drop constraint root_signatures_pkey;
alter table root_signatures add primary key (epoch, version, oracle);

-- How an epoch's input set was decided: the adopted proposal (version, round), or recovered from a
-- committed root's published inputs (recovered = true, no proposal).
alter table epochs add column proposal_version integer;
alter table epochs add column proposal_round integer;
alter table epochs add column recovered boolean not null default false;

-- The roots the distributor committed, as its events say (RootCommitted, and RootVetoed once the
-- distributor has a dispute window): what this oracle checks its own epochs against, and recovers
-- from when they differ.
create table chain_roots (
  block_number bigint not null,
  log_index integer not null,
  epoch bigint not null,
  version integer not null,
  root text not null,
  total_cumulative numeric(78, 0) not null,
  inputs_hash text not null,
  params_hash text not null,
  transaction_hash text not null,
  vetoed boolean not null default false,
  primary key (block_number, log_index)
);
create index chain_roots_by_epoch on chain_roots (epoch);

-- Where each oracle serves its peers, as it announced on chain (OracleUrlAnnounced): the latest
-- announcement wins over the configured URL, so an oracle added by governance is found.
create table oracle_urls (
  oracle text primary key,
  url text not null,
  block_number bigint not null
);
