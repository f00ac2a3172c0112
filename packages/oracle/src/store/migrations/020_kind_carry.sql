-- What each kind carries from an epoch into the next (Kind.carry: activity windows longer than an
-- epoch, such as reciprocity), as {kind: canonical JSON}; the next epoch reads it back. And the
-- basis points each pool was paid at, which a kind's splitPools may change from epoch to epoch.
alter table epochs add column carried jsonb not null default '{}';
alter table pool_allocations add column basis_points integer not null default 0;
