import type { Address } from 'viem'
import { Amount } from '../components/Amount.tsx'
import { DeviceKinds } from '../components/DeviceKinds.tsx'
import { DeviceStatusBadge } from '../components/DeviceStatusBadge.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Link } from '../components/Link.tsx'
import { Empty, ErrorNotice, Loading } from '../components/States.tsx'
import { useLiveVersion } from '../lib/live.tsx'
import { useNetwork } from '../lib/network.tsx'
import { paths } from '../lib/router.ts'
import { useResource } from '../lib/useResource.ts'
import { readOwnedDevices } from '../wallet/ownedDevices.ts'

/** The devices `owner` holds, as cards (they read on a phone as well as on a desk), each linking to its page. */
export function OwnedDeviceList({ owner }: { owner: Address }) {
  const { client, status } = useNetwork()
  const version = useLiveVersion()
  const owned = useResource(`owned-${owner}`, (signal) => readOwnedDevices(client, status.contracts.registry, owner, BigInt(status.contracts.blockNumber), signal), version)
  if (owned.error) return <ErrorNotice error={owned.error} retry={owned.reload} title="The devices cannot be listed" />
  if (owned.data === undefined) return <Loading label="Reading the registry…" />
  if (owned.data.length === 0) return <Empty>This wallet owns no registered device.</Empty>
  return (
    <ul class="owned-devices" data-testid="owned-devices">
      {owned.data.map(({ deviceId, device, latest }) => (
        <li key={deviceId} class="owned-device" data-testid="owned-device">
          <div class="owned-device-head">
            <Link href={paths.device(deviceId)} aria-label={`Device ${deviceId}`}>
              <HexValue value={deviceId} />
            </Link>
            {device ? <DeviceStatusBadge status={device.status} /> : <span class="badge badge-neutral">not seen by the oracle yet</span>}
          </div>
          {device ? <DeviceKinds kinds={device.kinds} /> : null}
          <div class="owned-device-reward" data-testid="owned-device-reward">
            {latest === null ? (
              <span class="muted">no epoch computed yet</span>
            ) : (
              <>
                Epoch <Link href={paths.epoch(latest.epoch)}>{latest.epoch}</Link>: <Amount value={latest.amount} />
                <span class="muted"> · {latest.validReports} valid reports</span>
              </>
            )}
          </div>
        </li>
      ))}
    </ul>
  )
}
