import type { RefObject } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'

/** An element's width in CSS pixels, kept current: charts draw at their real size, never scaled text. */
export function useWidth<element extends HTMLElement>(initial = 600): [RefObject<element | null>, number] {
  const ref = useRef<element>(null)
  const [width, setWidth] = useState(initial)
  useEffect(() => {
    const element = ref.current
    if (element === null) return
    setWidth(element.clientWidth)
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.round(entry.contentRect.width))
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return [ref, width]
}
