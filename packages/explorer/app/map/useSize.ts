import type { RefObject } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Size } from './viewport.ts'

/** An element's size in CSS pixels, kept current. */
export function useSize<element extends HTMLElement>(): [RefObject<element | null>, Size | undefined] {
  const ref = useRef<element>(null)
  const [size, setSize] = useState<Size>()
  useEffect(() => {
    const element = ref.current
    if (element === null) return
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: Math.round(entry.contentRect.width), height: Math.round(entry.contentRect.height) })
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return [ref, size]
}
