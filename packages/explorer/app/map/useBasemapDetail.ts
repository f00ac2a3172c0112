import { useMemo } from 'preact/hooks'
import type { BasemapDetail } from '../../shared/basemapDetail.ts'
import { getJson } from '../lib/api.ts'
import { useResource } from '../lib/useResource.ts'
import { type ProjectedDetail, projectDetail } from './detail.ts'

/** The shipped offline detail, projected once; undefined while loading, or when it failed (the map still works without it). */
export function useBasemapDetail(wanted: boolean): ProjectedDetail | undefined {
  const detail = useResource(`basemap-detail/${wanted}`, (signal) => (wanted ? getJson<BasemapDetail>('/assets/basemap-detail.json', signal) : Promise.resolve(undefined)))
  return useMemo(() => (detail.data ? projectDetail(detail.data) : undefined), [detail.data])
}
