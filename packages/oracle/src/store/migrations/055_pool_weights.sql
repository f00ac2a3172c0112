-- Each pool's total weight, so an explanation can show every number behind a share's amount:
-- allocation × weight ÷ total weight, rounded toward zero. Epochs stored before this keep 0 there,
-- which the explorer reads as "not recorded".
alter table pool_allocations add column total_weight numeric(78, 0) not null default 0;
