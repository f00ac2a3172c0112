import { Amount } from '../components/Amount.tsx'
import { type ColourMode, EARNINGS_GRADIENT, NO_EARNINGS_COLOUR, STATUS_COLOURS } from './colours.ts'

/** What the colours mean, for the mode shown. */
export function MapLegend({ colourBy, maxEarned }: { colourBy: ColourMode; maxEarned: bigint }) {
  if (colourBy === 'status') {
    return (
      <ul class="legend map-legend" aria-label="Colour key">
        {STATUS_COLOURS.map((s) => (
          <li key={s.key}>
            <span class="legend-swatch" style={{ background: s.colour }} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
    )
  }
  return (
    <div class="map-legend map-legend-scale" role="group" aria-label="Colour key">
      <span class="legend-swatch" style={{ background: NO_EARNINGS_COLOUR }} aria-hidden="true" /> nothing
      <span class="legend-gradient" style={{ background: EARNINGS_GRADIENT }} aria-hidden="true" />
      up to <Amount value={maxEarned} digits={2} /> in the latest epoch (log scale)
    </div>
  )
}
