-- Every event of the kinds' own contracts (packages/contracts/src/kinds/<kind>/) that the follower
-- indexed, as each kind declares them (Kind.chain.contracts). A kind folds them (Kind.chain.fold)
-- into an epoch's stake and revenue as of the epoch's end block, so oracles that follow the chain
-- at different speeds fold the same events. Each followed contract has its own progress marker in
-- pinion_meta, so a store from before this table, or a kind followed for the first time, is caught
-- up from the deployment's block.
create table kind_events (
  block_number bigint not null,
  log_index integer not null,
  kind text not null,
  contract text not null,               -- the contract's name in the kind's chain.contracts
  address text not null,                -- where it is deployed, lower-case hex
  event text not null,
  args jsonb not null,                  -- canonical strings: hex lower-case, integers decimal, booleans "true"/"false"
  block_time_ms bigint not null,
  primary key (block_number, log_index)
);
create index kind_events_by_kind on kind_events (kind, block_number, log_index);
