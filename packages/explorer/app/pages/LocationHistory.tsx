import { Empty } from '../components/States.tsx'
import type { LocationAssertion } from '@pinion/oracle/api'
import { formatTime } from '../lib/format.ts'
import { cellHex } from '../lib/h3Text.ts'

/** Every location the device asserted on chain, newest first. */
export function LocationHistory({ locations }: { locations: LocationAssertion[] }) {
  if (locations.length === 0) return <Empty>This device has never asserted a location.</Empty>
  return (
    <div class="table-scroll">
      <table class="table">
        <caption class="visually-hidden">Location history</caption>
        <thead>
          <tr>
            <th scope="col">H3 cell</th>
            <th scope="col" class="num">
              Antenna gain
            </th>
            <th scope="col" class="num">
              Elevation
            </th>
            <th scope="col" class="num">
              Block
            </th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {[...locations].reverse().map((l) => (
            <tr key={`${l.block}-${l.cell}`}>
              <td>
                <code class="hex">{cellHex(l.cell)}</code>
              </td>
              <td class="num">{(l.antennaGain / 10).toFixed(1)} dBi</td>
              <td class="num">{l.elevation} m</td>
              <td class="num">{l.block}</td>
              <td>{formatTime(l.timeMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
