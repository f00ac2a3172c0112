import { useState } from 'preact/hooks'
import { Amount } from '../components/Amount.tsx'
import { Card } from '../components/Card.tsx'
import { DeviceKinds } from '../components/DeviceKinds.tsx'
import { DeviceStatusBadge } from '../components/DeviceStatusBadge.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Link } from '../components/Link.tsx'
import { Empty, ErrorNotice, Loading } from '../components/States.tsx'
import { apiGet } from '../lib/api.ts'
import type { DevicesResponse } from '@pinion/oracle/api'
import { formatCount } from '../lib/format.ts'
import { cellHex } from '../lib/h3Text.ts'
import { useLiveVersion } from '../lib/live.tsx'
import { paths } from '../lib/router.ts'
import { useResource } from '../lib/useResource.ts'

const PAGE_SIZE = 25

export function DevicesPage() {
  const version = useLiveVersion()
  const [page, setPage] = useState(0)
  const devices = useResource(`devices-${page}`, (signal) => apiGet<DevicesResponse>(`/v1/devices?limit=${PAGE_SIZE}&offset=${page * PAGE_SIZE}`, signal), version)
  const total = devices.data?.total ?? 0
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))

  return (
    <div class="page">
      <header class="page-header">
        <h1>Devices</h1>
        <p class="lede">Every device in the registry, in order of registration, with the kinds of work it reports and what it has earned so far.</p>
      </header>
      <Card title={`${formatCount(total)} devices`} id="devices-list">
        {devices.error ? <ErrorNotice error={devices.error} retry={devices.reload} /> : null}
        {devices.loading ? <Loading label="Loading devices…" /> : null}
        {devices.data && devices.data.devices.length === 0 ? <Empty>No device is registered yet.</Empty> : null}
        {devices.data && devices.data.devices.length > 0 ? (
          <>
            <div class="table-scroll">
              <table class="table">
                <caption class="visually-hidden">Registered devices</caption>
                <thead>
                  <tr>
                    <th scope="col">Device</th>
                    <th scope="col">Kinds</th>
                    <th scope="col">Status</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Location</th>
                    <th scope="col" class="num">
                      Earned
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {devices.data.devices.map((d) => (
                    <tr key={d.deviceId}>
                      <td>
                        <Link href={paths.device(d.deviceId)} aria-label={`Device ${d.deviceId}`}>
                          <HexValue value={d.deviceId} />
                        </Link>
                      </td>
                      <td>
                        <DeviceKinds kinds={d.kinds} />
                      </td>
                      <td>
                        <DeviceStatusBadge status={d.status} />
                      </td>
                      <td>
                        <Link href={paths.recipient(d.owner)}>
                          <HexValue value={d.owner} />
                        </Link>
                      </td>
                      <td>{d.location ? <code class="hex">{cellHex(d.location)}</code> : <span class="muted">none</span>}</td>
                      <td class="num">
                        <Amount value={d.earned} digits={2} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav class="pager" aria-label="Device pages">
              <button type="button" class="button button-secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
                Previous
              </button>
              <span>
                Page {page + 1} of {pages}
              </span>
              <button type="button" class="button button-secondary" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                Next
              </button>
            </nav>
          </>
        ) : null}
      </Card>
    </div>
  )
}
