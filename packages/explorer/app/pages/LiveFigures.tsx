import { Amount } from '../components/Amount.tsx'
import { StatTile } from '../components/StatTile.tsx'
import { formatAgo, formatCount } from '../lib/format.ts'
import { useLive } from '../lib/live.tsx'
import { useNetwork } from '../lib/network.tsx'

/** The overview's headline figures, refreshed with every live snapshot (about once a second). */
export function LiveFigures({ totalSupply, emission }: { totalSupply: bigint | undefined; emission: string | undefined }) {
  const { status, token } = useNetwork()
  const { snapshot } = useLive()
  const committed = snapshot?.latestCommittedEpoch ?? status.latestCommittedEpoch
  return (
    <div class="stats" role="group" aria-label="Network figures">
      <StatTile
        testId="stat-online"
        label="Devices online"
        value={snapshot ? formatCount(snapshot.onlineDevices) : '…'}
        detail={snapshot ? `of ${formatCount(snapshot.devices)} registered, reporting in the last epoch length` : 'waiting for live data'}
      />
      <StatTile
        testId="stat-committed"
        label="Epochs committed"
        value={committed === null ? '0' : formatCount(Number(committed) + 1)}
        detail={committed === null ? 'no root on chain yet' : `latest root: epoch ${committed}`}
      />
      <StatTile
        testId="stat-supply"
        label="Token supply"
        value={totalSupply === undefined ? '…' : <Amount value={totalSupply} digits={0} />}
        detail={
          emission ? (
            <>
              emitting <Amount value={emission} digits={0} /> per epoch
            </>
          ) : (
            `${token.symbol} minted by the emission schedule`
          )
        }
      />
      <StatTile
        testId="stat-reports"
        label="Reports accepted"
        value={snapshot ? formatCount(snapshot.reports) : '…'}
        detail={snapshot?.lastReportMs ? `last ${formatAgo(snapshot.lastReportMs)}` : 'none yet'}
      />
    </div>
  )
}
