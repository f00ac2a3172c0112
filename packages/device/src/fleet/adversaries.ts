import { type DeviceKey, type ReportFields, deviceIdOf, encodeReportBody, encodeSignedReport, reportSigningMessage, signWithDeviceKey } from '@pinion/protocol'
import { type Hex, concat, keccak256, toHex } from 'viem'

/**
 * Envelope-level adversaries: misbehaviour no kind can produce, because it is in the signed
 * envelope rather than the payload. The oracle must reject each with a stable code.
 * - replayer: re-signs a new report under a sequence it already used (PINION_ERR_REPLAYED_SEQUENCE);
 * - forger: claims a registered device's id but signs with another key (PINION_ERR_BAD_SIGNATURE);
 * - wrong-network: signs honestly for another network id (PINION_ERR_WRONG_NETWORK).
 */
export const ENVELOPE_ADVERSARIES = ['replayer', 'forger', 'wrong-network'] as const
export type EnvelopeAdversary = (typeof ENVELOPE_ADVERSARIES)[number]

export function isEnvelopeAdversary(behaviour: string): behaviour is EnvelopeAdversary {
  return (ENVELOPE_ADVERSARIES as readonly string[]).includes(behaviour)
}

/** A report body claiming `claimed`'s device id, signed by `signer`: what a forger sends. */
export function forgeReport(claimed: DeviceKey, signer: DeviceKey, fields: ReportFields): Uint8Array {
  const body = encodeReportBody(deviceIdOf(claimed.publicKey), fields)
  return encodeSignedReport(body, signWithDeviceKey(signer, reportSigningMessage(body)))
}

/** A network id that is not `networkId` and never any real network's (no chain/registry pair hashes to it knowingly). */
export function wrongNetworkOf(networkId: Hex): Hex {
  return keccak256(concat([networkId, toHex('pinion/simulated-wrong-network')]))
}
