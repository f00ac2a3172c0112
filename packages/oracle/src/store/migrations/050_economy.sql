-- Credits: on networks that run the Credits contract, each epoch charges its usage receipts against
-- the customers' escrows (epoch/chargeReceipts.ts). The epoch keeps the price it valued them at and
-- the credit ledger after it ({ creditsPerToken, charged: { <service key>: credits charged in all } }),
-- which the next epoch starts from; null on networks without credits.
alter table epochs add column credits jsonb;

-- The receipts each epoch charged, to settle on chain in one quorum-signed batch (Credits.settleReceipts).
create table credit_receipts (
  epoch bigint not null,
  position integer not null,            -- the order they were charged in, which the settlement batch keeps
  receipt_id text not null unique,
  kind text not null,
  report_id text not null,
  device_id text not null,
  service_key text not null,
  credits numeric(78, 0) not null,
  primary key (epoch, position)
);
create index credit_receipts_by_device on credit_receipts (device_id, epoch);

-- What this oracle signed besides roots, and the peers' signatures of the same digests it gathered:
-- an epoch's receipt settlement, its slash orders. `subject` names the message within the epoch
-- ("settlement", "slash:<order id>"); an oracle signs one digest per (epoch, version, subject), ever.
create table attestations (
  epoch bigint not null,
  version integer not null,
  subject text not null,
  oracle text not null,
  digest text not null,
  signature text not null,
  primary key (epoch, version, subject, oracle)
);

-- The slash orders each epoch's verdicts called for (epoch/slashOrders.ts): the device, the fraud
-- reason it reached, the reports that prove it (their ids hash to evidence_hash) and what to take.
create table slash_orders (
  epoch bigint not null,
  device_id text not null,
  reason text not null,
  evidence jsonb not null,
  evidence_hash text not null,
  amount numeric(78, 0) not null,
  primary key (epoch, device_id)
);

-- What each operator's delegators were paid of its devices' rewards (epoch/payDelegators.ts): their
-- cumulative amounts in the tree include these; the devices' shares are what the kinds' pools paid.
create table delegator_payments (
  epoch bigint not null,
  operator text not null,
  delegator text not null,
  amount numeric(78, 0) not null,
  primary key (epoch, operator, delegator)
);
create index delegator_payments_by_delegator on delegator_payments (delegator, epoch);

-- Every authentic root signature a peer served this oracle, whatever root it signed: two different
-- roots signed by one oracle for one (epoch, version) prove it equivocated, and cost it its set seat
-- and its stake (service/equivocationWatch.ts). `proven` is set once this oracle sent the proof.
create table peer_root_signatures (
  epoch bigint not null,
  version integer not null,
  oracle text not null,
  root text not null,
  total_cumulative numeric(78, 0) not null,
  inputs_hash text not null,
  params_hash text not null,
  signature text not null,
  proven boolean not null default false,
  primary key (epoch, version, oracle, root, total_cumulative, inputs_hash, params_hash)
);
