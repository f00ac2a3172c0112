import type { SimulatedDevice } from '@pinion/kinds'
import type { Hex } from 'viem'
import { isEnvelopeAdversary } from './adversaries.ts'
import type { FleetDevice } from './runFleet.ts'

/** The kind behaviour whose reports envelope adversaries start from (every kind is expected to have it). */
export const HONEST_BEHAVIOUR = 'honest'

/**
 * How a fleet device appears to its kind's simulator. Envelope adversaries (forger, replayer,
 * wrong network) produce honest payloads and cheat in the envelope, so the kind sees them as honest.
 */
export function simulatedDeviceOf(deviceId: Hex, device: FleetDevice): SimulatedDevice {
  return {
    deviceId,
    behaviour: isEnvelopeAdversary(device.behaviour) ? HONEST_BEHAVIOUR : device.behaviour,
    location: device.location ?? null,
    ...(device.actualLocation === undefined ? {} : { actualLocation: device.actualLocation }),
    ...(device.antennaGain === undefined ? {} : { antennaGain: device.antennaGain }),
  }
}
