import type { KindReport, Verdict, VerifyContext } from '../src/kind.ts'
import type { MobileParams } from './params.ts'
import {
  type DataSession,
  type Heartbeat,
  type MobilePayload,
  type Speedtest,
  verifyDataSessionSignature,
  verifyLocationFixSignature,
  verifySpeedtestSignature,
} from './payload.ts'
import type { MobileReason } from './reasons.ts'

const VALID: Verdict = { valid: true }
const invalid = (reason: MobileReason): Verdict => ({ valid: false, reason })

/**
 * The verdict on one mobile report whose envelope, signature, device and payload already checked
 * out. What the radio measured comes signed by infrastructure the params trust (a location
 * validator, a speedtest server, a carrier), and every signature binds the device id, so a radio can
 * neither make it up, alter it, nor borrow another radio's. Rules that need the whole epoch (one
 * radio type, one claim per test and session) are verifyEpoch's. A heartbeat without a location fix
 * (or with one too old) stays valid: it counts toward the heartbeat minimum, at location trust 0.
 */
export function verifyMobile(report: KindReport<MobilePayload>, ctx: VerifyContext<MobileParams>): Verdict {
  const payload = report.payload
  switch (payload.type) {
    case 'heartbeat':
      return verifyHeartbeat(report, payload, ctx)
    case 'speedtest':
      return verifySpeedtest(report, payload, ctx)
    case 'data_session':
      return verifyDataSession(report, payload, ctx)
  }
}

const inEpoch = (atMs: bigint, ctx: VerifyContext<MobileParams>) => atMs >= ctx.epoch.startMs && atMs < ctx.epoch.endMs

function verifyHeartbeat(report: KindReport<MobilePayload>, heartbeat: Heartbeat, ctx: VerifyContext<MobileParams>): Verdict {
  const { device, params } = ctx
  if (!inEpoch(report.timestampMs, ctx)) return invalid('OUTSIDE_EPOCH')
  if (device.location === null) return invalid('LOCATION_NOT_ASSERTED')
  const vouched = params.deviceClassRadioTypes?.find((entry) => entry.deviceClass === device.deviceClass)
  if (vouched !== undefined && vouched.radioType !== heartbeat.radioType) return invalid('RADIO_TYPE_MISMATCH')
  const fix = heartbeat.locationFix
  if (fix !== undefined) {
    if (!params.locationValidators.includes(fix.validatorPublicKey)) return invalid('UNTRUSTED_LOCATION_VALIDATOR')
    if (!verifyLocationFixSignature(report.deviceId, fix)) return invalid('BAD_LOCATION_SIGNATURE')
    if (fix.validatedAtMs > report.timestampMs) return invalid('FIX_AFTER_HEARTBEAT')
  }
  return VALID
}

function verifySpeedtest(report: KindReport<MobilePayload>, test: Speedtest, ctx: VerifyContext<MobileParams>): Verdict {
  if (!inEpoch(test.measuredAtMs, ctx) || !inEpoch(report.timestampMs, ctx)) return invalid('OUTSIDE_EPOCH')
  if (!ctx.params.speedtestServers.includes(test.serverPublicKey)) return invalid('UNTRUSTED_SPEEDTEST_SERVER')
  if (!verifySpeedtestSignature(report.deviceId, test)) return invalid('BAD_SPEEDTEST_SIGNATURE')
  return VALID
}

function verifyDataSession(report: KindReport<MobilePayload>, session: DataSession, ctx: VerifyContext<MobileParams>): Verdict {
  if (!inEpoch(report.timestampMs, ctx)) return invalid('OUTSIDE_EPOCH')
  if (!ctx.params.carriers.includes(session.carrierPublicKey)) return invalid('UNTRUSTED_CARRIER')
  if (!verifyDataSessionSignature(report.deviceId, session)) return invalid('BAD_CARRIER_SIGNATURE')
  if (session.endedAtMs < session.startedAtMs || session.uploadBytes + session.downloadBytes === 0n) return invalid('IMPLAUSIBLE_DATA_SESSION')
  if (!inEpoch(session.startedAtMs, ctx) || !inEpoch(session.endedAtMs, ctx)) return invalid('OUTSIDE_EPOCH')
  return VALID
}
