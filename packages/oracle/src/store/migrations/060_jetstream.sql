-- The JetStream oracle (docs/production.md): ingest nodes publish accepted reports to a stream
-- partitioned by device, and one writer per shard stores them here.

-- How far each shard's writer has stored its subject: the stream sequence of the last message it
-- committed, written in the same transaction as that message's report. A restarted writer resumes
-- after it, so nothing is lost or stored twice.
create table jetstream_shards (
  stream text not null,
  shard integer not null,
  committed_seq bigint not null,
  primary key (stream, shard)
);

-- Each seal the epoch leader made: every report timestamped before end_ms that lies after seal_seq
-- in the stream is refused by the writers (ingest never acknowledged it: its PubAck came after the
-- epoch's sealing time). The leader takes seal_seq once, so the rule is the same however often, and
-- whenever, a writer replays the stream.
create table jetstream_seals (
  stream text not null,
  end_ms bigint not null,
  seal_seq bigint not null,
  primary key (stream, end_ms)
);
