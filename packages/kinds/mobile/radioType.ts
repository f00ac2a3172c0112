import { RadioType as WireRadioType } from './generated/pinion/mobile/v1/heartbeat_pb.ts'

/**
 * The radio types of the mobile kind. A heartbeat names its radio's type (the wire's RadioType);
 * a network whose makers vouch for it per device class says so in params.deviceClassRadioTypes,
 * and a heartbeat that names another type is then RADIO_TYPE_MISMATCH.
 */
export const RADIO_TYPES = ['wifi-indoor', 'wifi-outdoor', 'cbrs-indoor', 'cbrs-outdoor'] as const
export type RadioType = (typeof RADIO_TYPES)[number]

/** Whether a radio type is indoor (ranked by seniority only, rank 1 paid: HIP-105) or outdoor. */
export const isIndoor = (type: RadioType): boolean => type === 'wifi-indoor' || type === 'cbrs-indoor'

const TO_WIRE: Record<RadioType, WireRadioType> = {
  'wifi-indoor': WireRadioType.WIFI_INDOOR,
  'wifi-outdoor': WireRadioType.WIFI_OUTDOOR,
  'cbrs-indoor': WireRadioType.CBRS_INDOOR,
  'cbrs-outdoor': WireRadioType.CBRS_OUTDOOR,
}

export const radioTypeToWire = (type: RadioType): WireRadioType => TO_WIRE[type]

/** The radio type of a wire value, or null for UNSPECIFIED and values this version does not know. */
export function radioTypeFromWire(value: number): RadioType | null {
  for (const type of RADIO_TYPES) if (TO_WIRE[type] === value) return type
  return null
}
