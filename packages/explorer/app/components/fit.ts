import { type RefObject, createContext } from 'preact'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'

/**
 * How hard a figure must squeeze to fit its box: 0 as designed, 1 and 2 smaller type, 3 abbreviated
 * (an Amount then shows "24.74K PIN" with every digit in its title). Never clipped, never wrapped.
 */
export type FitLevel = 0 | 1 | 2 | 3
export const MAX_FIT_LEVEL: FitLevel = 3

/** The fit level of the tile an Amount sits in (0 outside tiles). */
export const FitContext = createContext<FitLevel>(0)

/**
 * Steps the level up while the element's content is wider than its box, and starts again from 0
 * when the box changes width (a rotated phone, a resized window): the figure is as large as fits.
 */
export function useFit<T extends HTMLElement>(content: unknown): { ref: RefObject<T | null>; level: FitLevel } {
  const ref = useRef<T>(null)
  const [level, setLevel] = useState<FitLevel>(0)
  // Bumped when the box changes width: a render (and a measure) even when the level is already 0.
  const [, setResized] = useState(0)
  // A new value starts from full size again: a shorter figure may fit where the last did not.
  const [shown, setShown] = useState(content)
  if (shown !== content) {
    setShown(content)
    setLevel(0)
  }
  useLayoutEffect(() => {
    const element = ref.current
    if (element !== null && level < MAX_FIT_LEVEL && element.scrollWidth > element.clientWidth) setLevel((level + 1) as FitLevel)
  })
  useLayoutEffect(() => {
    const element = ref.current
    if (element === null || typeof ResizeObserver === 'undefined') return
    let width = element.clientWidth
    const observer = new ResizeObserver(() => {
      if (element.clientWidth === width) return
      width = element.clientWidth
      setLevel(0)
      setResized((n) => n + 1)
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return { ref, level }
}
