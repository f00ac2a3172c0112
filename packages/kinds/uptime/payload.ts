import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { PinionError } from '@pinion/protocol'
import { HeartbeatSchema } from './generated/pinion/uptime/v1/heartbeat_pb.ts'

/** The one payload type of the uptime kind. */
export const HEARTBEAT_PAYLOAD_TYPE = 'heartbeat'
/** Firmware versions are shown to operators; anything longer is not a version string. */
export const MAX_FIRMWARE_VERSION_LENGTH = 64

/** A decoded heartbeat (pinion.uptime.v1.Heartbeat). */
export type Heartbeat = { uptimeSeconds: bigint; firmwareVersion: string }

export function encodeHeartbeat(heartbeat: Heartbeat): Uint8Array {
  return toBinary(HeartbeatSchema, create(HeartbeatSchema, heartbeat))
}

/** Decodes a heartbeat payload; throws PINION_ERR_MALFORMED_PAYLOAD for anything else. */
export function decodeUptimePayload(payloadType: string, bytes: Uint8Array): Heartbeat {
  if (payloadType !== HEARTBEAT_PAYLOAD_TYPE) {
    throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', `uptime has no payload type "${payloadType}"; expected "${HEARTBEAT_PAYLOAD_TYPE}"`)
  }
  let decoded: { uptimeSeconds: bigint; firmwareVersion: string }
  try {
    decoded = fromBinary(HeartbeatSchema, bytes)
  } catch (cause) {
    throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', `payload of ${bytes.length} bytes is not a pinion.uptime.v1.Heartbeat`, { cause })
  }
  if (decoded.firmwareVersion.length > MAX_FIRMWARE_VERSION_LENGTH) {
    throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', `firmware_version has ${decoded.firmwareVersion.length} characters; expected at most ${MAX_FIRMWARE_VERSION_LENGTH}`)
  }
  return { uptimeSeconds: decoded.uptimeSeconds, firmwareVersion: decoded.firmwareVersion }
}
