-- What each kind settles on its own contracts once an epoch's root is committed (Kind.settlement;
-- the storage kind's proving periods for StorageMarket.recordPeriods): the epoch's records, in the
-- kind's order, as the plain JSON the oracles sign.
create table kind_settlements (
  epoch bigint not null,
  kind text not null,
  position integer not null,
  record text not null,
  primary key (epoch, kind, position)
);
