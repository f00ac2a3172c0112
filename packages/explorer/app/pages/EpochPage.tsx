import { Amount } from '../components/Amount.tsx'
import { Badge } from '../components/Badge.tsx'
import { Card } from '../components/Card.tsx'
import { Facts } from '../components/Facts.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Link } from '../components/Link.tsx'
import { Empty, ErrorNotice, Loading } from '../components/States.tsx'
import { apiGet } from '../lib/api.ts'
import type { EpochDetail, EpochRecipients } from '@pinion/oracle/api'
import { formatCount, formatTime } from '../lib/format.ts'
import { useLive, useLiveVersion } from '../lib/live.tsx'
import { paths } from '../lib/router.ts'
import { useResource } from '../lib/useResource.ts'
import { VerifyPanel } from './VerifyPanel.tsx'

const TOP_RECIPIENTS = 20

type EpochData = { epoch: EpochDetail; recipients: EpochRecipients }

export function EpochPage({ epoch }: { epoch: string }) {
  const version = useLiveVersion()
  const latestEpoch = useLive().snapshot?.latestEpoch
  const data = useResource(
    `epoch-${epoch}`,
    async (signal): Promise<EpochData> => {
      const [detail, recipients] = await Promise.all([
        apiGet<EpochDetail>(`/v1/epochs/${epoch}`, signal),
        apiGet<EpochRecipients>(`/v1/epochs/${epoch}/recipients?limit=${TOP_RECIPIENTS}`, signal),
      ])
      return { epoch: detail, recipients }
    },
    version,
  )
  if (data.error) {
    return (
      <div class="page">
        <h1>Epoch {epoch}</h1>
        <ErrorNotice error={data.error} retry={data.reload} title="This epoch cannot be shown" />
      </div>
    )
  }
  if (data.data === undefined) return <Loading label={`Loading epoch ${epoch}…`} />
  const { epoch: e, recipients } = data.data
  const number = BigInt(e.epoch)

  return (
    <div class="page">
      <header class="page-header page-header-row">
        <div>
          <h1>
            Epoch {e.epoch} {e.committed ? <Badge tone="good">committed on chain</Badge> : <Badge tone="neutral">not committed yet</Badge>}
          </h1>
          <p class="lede">
            {formatTime(e.startMs)} – {formatTime(e.endMs)}
          </p>
        </div>
        <nav class="pager" aria-label="Neighbouring epochs">
          {number > 0n ? <Link href={paths.epoch(number - 1n)}>← Epoch {(number - 1n).toString()}</Link> : null}
          {latestEpoch != null && number < BigInt(latestEpoch) ? <Link href={paths.epoch(number + 1n)}>Epoch {(number + 1n).toString()} →</Link> : null}
        </nav>
      </header>
      <Card title="What the oracles signed" id="epoch-signed">
        <Facts
          items={[
            ['Reward root', <HexValue value={e.root} full />],
            ['Inputs hash', <HexValue value={e.inputsHash} full />],
            ['Parameters hash', <HexValue value={e.paramsHash} full />],
            ['Total cumulative', <Amount value={e.totalCumulative} />],
            ['Emission', <Amount value={e.emission} />],
            ['Reports', `${formatCount(e.validReports)} valid of ${formatCount(e.reports)}, from ${formatCount(e.devices)} devices`],
            ['Entropy', <HexValue value={e.entropy} />],
            [
              'Committed',
              e.committed ? (
                <>
                  block {e.committed.block}, transaction <HexValue value={e.committed.transaction} />
                </>
              ) : (
                'not yet'
              ),
            ],
          ]}
        />
      </Card>
      <VerifyPanel epoch={e} recipients={recipients.recipients} />
      <div class="two-columns">
        <Card title="Pools" id="epoch-pools">
          {e.pools.length === 0 ? (
            <Empty>No pool allocations.</Empty>
          ) : (
            <div class="table-scroll">
              <table class="table">
                <caption class="visually-hidden">Pool allocations</caption>
                <thead>
                  <tr>
                    <th scope="col">Pool</th>
                    <th scope="col" class="num">
                      Allocation
                    </th>
                    <th scope="col" class="num">
                      Paid
                    </th>
                    <th scope="col" class="num">
                      Remainder
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {e.pools.map((p) => (
                    <tr key={p.pool}>
                      <td>
                        <code>{p.pool}</code>
                      </td>
                      <td class="num">
                        <Amount value={p.allocation} digits={2} />
                      </td>
                      <td class="num">
                        <Amount value={p.paid} digits={2} />
                      </td>
                      <td class="num">
                        <Amount value={p.remainder} digits={6} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card title={`Oracle signatures (${e.signatures.length})`} id="epoch-signatures">
          {e.signatures.length === 0 ? (
            <Empty>This oracle holds no signature for the epoch yet.</Empty>
          ) : (
            <ul class="signatures">
              {e.signatures.map((s) => (
                <li key={s.oracle}>
                  <span class="muted">oracle</span> <HexValue value={s.oracle} />
                  <br />
                  <span class="muted">signature</span> <HexValue value={s.signature} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title={`Recipients (${formatCount(recipients.total)})`} id="epoch-recipients">
        {recipients.recipients.length === 0 ? (
          <Empty>No recipient has earned anything through this epoch.</Empty>
        ) : (
          <div class="table-scroll">
            <table class="table">
              <caption class="visually-hidden">Recipients, largest first</caption>
              <thead>
                <tr>
                  <th scope="col">Recipient</th>
                  <th scope="col" class="num">
                    Earned in epoch {e.epoch}
                  </th>
                  <th scope="col" class="num">
                    Cumulative
                  </th>
                </tr>
              </thead>
              <tbody>
                {recipients.recipients.map((r) => (
                  <tr key={r.recipient}>
                    <td>
                      <Link href={paths.recipient(r.recipient)}>
                        <HexValue value={r.recipient} />
                      </Link>
                    </td>
                    <td class="num">
                      <Amount value={r.earnedInEpoch} />
                    </td>
                    <td class="num">
                      <Amount value={r.cumulativeAmount} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  )
}
