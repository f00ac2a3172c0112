import { Amount } from '../components/Amount.tsx'
import { Card } from '../components/Card.tsx'
import { DeviceKinds } from '../components/DeviceKinds.tsx'
import { DeviceStatusBadge } from '../components/DeviceStatusBadge.tsx'
import { Facts } from '../components/Facts.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Link } from '../components/Link.tsx'
import { ErrorNotice, Loading } from '../components/States.tsx'
import { apiGet } from '../lib/api.ts'
import type { DeviceDetail, DeviceEpochRow, DeviceEpochsResponse, DeviceRejectionEpoch, DeviceRejectionsResponse, Equivocation, EquivocationsResponse } from '@pinion/oracle/api'
import { formatCount, formatTime } from '../lib/format.ts'
import { cellHex } from '../lib/h3Text.ts'
import { useLiveVersion } from '../lib/live.tsx'
import { paths } from '../lib/router.ts'
import { useResource } from '../lib/useResource.ts'
import { DeviceCharts } from './DeviceCharts.tsx'
import { DeviceEpochTable } from './DeviceEpochTable.tsx'
import { EquivocationEvidence } from './EquivocationEvidence.tsx'
import { LocationHistory } from './LocationHistory.tsx'

const HISTORY_EPOCHS = 100

type DeviceData = { device: DeviceDetail; epochs: DeviceEpochRow[]; equivocations: Equivocation[]; rejections: DeviceRejectionEpoch[] }

export function DevicePage({ deviceId }: { deviceId: string }) {
  const version = useLiveVersion()
  const data = useResource(
    `device-${deviceId}`,
    async (signal): Promise<DeviceData> => {
      const [device, history, evidence, refused] = await Promise.all([
        apiGet<DeviceDetail>(`/v1/devices/${deviceId}`, signal),
        apiGet<DeviceEpochsResponse>(`/v1/devices/${deviceId}/epochs?limit=${HISTORY_EPOCHS}`, signal),
        apiGet<EquivocationsResponse>(`/v1/devices/${deviceId}/equivocations`, signal),
        // What ingest refused that named the device (forged, replayed, other network…), per epoch of receipt.
        apiGet<DeviceRejectionsResponse>(`/v1/devices/${deviceId}/rejections?limit=${HISTORY_EPOCHS}`, signal),
      ])
      return { device, epochs: history.epochs, equivocations: evidence.equivocations, rejections: refused.epochs }
    },
    version,
  )
  if (data.error) {
    return (
      <div class="page">
        <h1>Device</h1>
        <ErrorNotice error={data.error} retry={data.reload} title="This device cannot be shown" />
      </div>
    )
  }
  if (data.data === undefined) return <Loading label="Loading the device…" />
  const { device, epochs, equivocations, rejections } = data.data
  const total = device.earnings.reduce((sum, e) => sum + BigInt(e.amount), 0n)
  const earningEpochs = device.earnings.filter((e) => BigInt(e.amount) > 0n).length

  return (
    <div class="page">
      <header class="page-header">
        <h1>
          Device <HexValue value={device.deviceId} /> <DeviceStatusBadge status={device.status} />
        </h1>
        <p class="lede" data-testid="device-total">
          Earned <Amount value={total} /> in {formatCount(earningEpochs)} epoch{earningEpochs === 1 ? '' : 's'}.
        </p>
      </header>
      <Card title="Identity" id="device-identity">
        <Facts
          items={[
            ['Device id', <HexValue value={device.deviceId} full />],
            ['Kinds', <DeviceKinds kinds={device.kinds} />],
            [
              'Key',
              <>
                <span class="muted">{device.keyType}</span> <HexValue value={device.publicKey} full />
              </>,
            ],
            ['Class', String(device.deviceClass)],
            ['Maker', <HexValue value={device.maker} />],
            [
              'Owner',
              <Link href={paths.recipient(device.owner)}>
                <HexValue value={device.owner} />
              </Link>,
            ],
            [
              'Rewards go to',
              <>
                <Link href={paths.recipient(device.recipient)}>
                  <HexValue value={device.recipient} />
                </Link>
                {device.recipientIsOwner ? <span class="muted"> (the owner)</span> : null}
              </>,
            ],
            ['Serial', <HexValue value={device.serial} />],
            ['Registered', `block ${device.registeredBlock} · ${formatTime(device.registeredTimeMs)}`],
            ['Location', device.location ? <code class="hex">{cellHex(device.location)}</code> : <span class="muted">never asserted</span>],
          ]}
        />
      </Card>
      {equivocations.length > 0 ? (
        <Card title="Equivocation evidence" id="device-equivocations">
          <EquivocationEvidence equivocations={equivocations} />
        </Card>
      ) : null}
      <DeviceCharts epochs={epochs} />
      <Card title="Location history" id="device-locations">
        <LocationHistory locations={device.locations} />
      </Card>
      <Card title="Epochs: verdicts, shares and rewards" id="device-epochs">
        <DeviceEpochTable deviceId={device.deviceId} epochs={epochs} rejections={rejections} />
      </Card>
    </div>
  )
}
