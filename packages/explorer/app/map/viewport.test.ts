import { describe, expect, it } from 'vitest'
import { WORLD_SIZE } from '../../shared/mercator.ts'
import { fitBounds, panBy, worldView, zoomAt } from './viewport.ts'

const size = { width: 800, height: 600 }
const toScreen = (view: { scale: number; x: number; y: number }, [x, y]: [number, number]): [number, number] => [x * view.scale + view.x, y * view.scale + view.y]

describe('the map viewport', () => {
  it('starts with the whole world, centred', () => {
    const view = worldView(size)
    expect(view.scale).toBe(600 / WORLD_SIZE)
    expect(toScreen(view, [WORLD_SIZE / 2, WORLD_SIZE / 2])).toEqual([400, 300])
  })

  it('zooms about the pointer: the point under it stays put', () => {
    const view = worldView(size)
    const under: [number, number] = [(300 - view.x) / view.scale, (200 - view.y) / view.scale]
    const zoomed = zoomAt(view, 4, 300, 200, size)
    expect(zoomed.scale).toBeCloseTo(view.scale * 4)
    const [x, y] = toScreen(zoomed, under)
    expect(x).toBeCloseTo(300)
    expect(y).toBeCloseTo(200)
  })

  it('never zooms out past the whole world', () => {
    expect(zoomAt(worldView(size), 0.01, 400, 300, size).scale).toBe(worldView(size).scale)
  })

  it('fits bounds inside the frame, centred', () => {
    const bounds = { minX: 530, minY: 350, maxX: 532, maxY: 351 }
    const view = fitBounds(bounds, size)
    const [left, top] = toScreen(view, [bounds.minX, bounds.minY])
    const [right, bottom] = toScreen(view, [bounds.maxX, bounds.maxY])
    expect(left).toBeGreaterThanOrEqual(0)
    expect(right).toBeLessThanOrEqual(size.width)
    expect(top).toBeGreaterThanOrEqual(0)
    expect(bottom).toBeLessThanOrEqual(size.height)
    expect((left + right) / 2).toBeCloseTo(400)
  })

  it('keeps part of the world on screen however far it is dragged', () => {
    const view = panBy(worldView(size), 10_000, -10_000, size)
    const [left] = toScreen(view, [0, 0])
    const [, bottom] = toScreen(view, [WORLD_SIZE, WORLD_SIZE])
    expect(left).toBeLessThan(size.width)
    expect(bottom).toBeGreaterThan(0)
  })
})

describe('?at= links', () => {
  it('reads lat,lng,zoom and refuses anything else', async () => {
    const { parseMapAt } = await import('./viewport.ts')
    expect(parseMapAt('?at=41.9,-93.1,10')).toEqual({ lat: 41.9, lng: -93.1, zoom: 10 })
    for (const bad of ['', '?at=41.9,-93.1', '?at=a,b,c', '?at=91,0,3', '?at=0,0,30']) expect(parseMapAt(bad)).toBeUndefined()
  })

  it('centres the view on the place, at 256 × 2^zoom pixels for the world', async () => {
    const { viewAt } = await import('./viewport.ts')
    const view = viewAt({ lat: 0, lng: 0, zoom: 4 }, size)
    expect(view.scale * WORLD_SIZE).toBeCloseTo(256 * 16)
    expect(toScreen(view, [WORLD_SIZE / 2, WORLD_SIZE / 2])).toEqual([400, 300])
  })
})
