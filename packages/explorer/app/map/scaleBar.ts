/** The longest round distance (1, 2 or 5 × a power of ten km) that fits in `maxPx`, and its width. */
export function scaleBar(pxPerKm: number, maxPx = 100): { label: string; px: number } {
  const maxKm = maxPx / pxPerKm
  const power = 10 ** Math.floor(Math.log10(maxKm))
  const km = [5, 2, 1].map((m) => m * power).find((d) => d <= maxKm) ?? power
  const label = km >= 1 ? `${km.toLocaleString('en')} km` : `${Math.round(km * 1000)} m`
  return { label, px: km * pxPerKm }
}
