-- Each epoch records the rules version every kind ran under ({kind: version}) and the version of the
-- params document its paramsHash hashed (paramsHash.ts), so a replay applies the same rules and
-- reproduces the same hash. Epochs stored before this ran every kind at rules version 1 and hashed
-- document 2.
alter table epochs add column rules jsonb not null default '{}';
alter table epochs add column params_document smallint not null default 2;

-- A kind's reasons are qualified by its name outside it ("uptime.OUTSIDE_EPOCH"); the pipeline's
-- own reasons stay bare. Verdicts stored before then carry the kind's bare code: qualify them.
update verdicts v
   set reason = r.kind || '.' || v.reason
  from reports r
 where r.report_id = v.report_id
   and v.reason is not null
   and position('.' in v.reason) = 0
   and v.reason not in ('MALFORMED_REPORT', 'UNKNOWN_DEVICE', 'BAD_SIGNATURE', 'WRONG_NETWORK', 'DEVICE_INACTIVE',
                        'DEVICE_EQUIVOCATED', 'UNKNOWN_KIND', 'UNKNOWN_PAYLOAD_TYPE', 'MALFORMED_PAYLOAD');
