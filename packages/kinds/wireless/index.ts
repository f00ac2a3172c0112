// The wireless kind: LoRa proof of coverage as Helium IoT ran it (beacons, witnesses, HIP-15 units,
// HIP-17 density scaling, HIP-106 reciprocity), with the rules Helium lacked to stop spoofers (SNR,
// transmit power, travel, two-sided location confidence, ring and co-location classifiers, a public
// denylist), and a usage pool of router-counter-signed data transfers that grows as coverage's shrinks.
import type { Kind } from '../src/kind.ts'
import { type WirelessCarried, carryWireless, parseWirelessCarried } from './carry.ts'
import { DEFAULT_WIRELESS_PARAMS, type WirelessParams, parseWirelessParams } from './params.ts'
import { WIRELESS_PAYLOAD_TYPES, type WirelessPayload, decodeWirelessPayload } from './payload.ts'
import { WIRELESS_FRAUD, WIRELESS_REASONS } from './reasons.ts'
import { COVERAGE_POOL, USAGE_POOL, scoreWireless } from './score.ts'
import { WIRELESS_BEHAVIOURS, placeWirelessFleet, simulateWireless } from './simulate/index.ts'
import { wirelessDevnet } from './devnet.ts'
import { wirelessReceipts } from './receipts.ts'
import { CURRENT_WIRELESS_RULES, WIRELESS_RULES_V1, WIRELESS_RULES_V2, type WirelessRuleset } from './ruleset.ts'
import { splitWirelessPools } from './splitPools.ts'
import { verifyWireless } from './verify.ts'
import { verifyWirelessEpoch } from './verifyEpoch.ts'

/** The wireless kind as one rules version decides (ruleset.ts says what each changed). */
function wirelessUnder(rules: WirelessRuleset): Kind<WirelessParams, WirelessPayload, WirelessCarried> {
  return {
    name: 'wireless',
    rulesVersion: rules.version,
    summary:
      "LoRa hotspots prove radio coverage with beacons and witnesses checked against physics (Helium IoT's proof of coverage, hardened against spoofers), and earn from carrying data.",
    reasons: WIRELESS_REASONS,
    fraud: WIRELESS_FRAUD,
    payloadTypes: WIRELESS_PAYLOAD_TYPES,
    pools: [COVERAGE_POOL, USAGE_POOL],
    defaultParams: DEFAULT_WIRELESS_PARAMS,
    parseParams: parseWirelessParams,
    decodePayload: decodeWirelessPayload,
    verify: (report, ctx) => verifyWireless(report, ctx, rules),
    verifyEpoch: (reports, ctx, rejectedByVerify) => verifyWirelessEpoch(reports, ctx, rejectedByVerify, rules),
    receipts: wirelessReceipts,
    score: (reports, ctx) => scoreWireless(reports, ctx, rules),
    splitPools: splitWirelessPools,
    carry: carryWireless,
    parseCarried: parseWirelessCarried,
    behaviours: WIRELESS_BEHAVIOURS,
    devnet: wirelessDevnet,
    simulate: simulateWireless,
    placeFleet: placeWirelessFleet,
  }
}

export const wireless: Kind<WirelessParams, WirelessPayload, WirelessCarried> = {
  ...wirelessUnder(CURRENT_WIRELESS_RULES),
  earlierRules: new Map([WIRELESS_RULES_V1, WIRELESS_RULES_V2].map((rules) => [rules.version, wirelessUnder(rules)])),
}

export { type DeviceActivity, type WirelessCarried, carryHorizonMs } from './carry.ts'
export { beaconerUnits, decayPower, witnessUnits } from './hip15.ts'
export { HexDensityMap, type HexScale, type HexScaleStep } from './hip17.ts'
export { type LocationConfidence, linkConsistent, locationConfidence, rssiAboveModel, rssiExcessDeciDb } from './locationConfidence.ts'
export { type Placement, placementAt } from './location.ts'
export {
  DEFAULT_USAGE_SCHEDULE,
  DEFAULT_WIRELESS_PARAMS,
  type DenylistedDevice,
  type DenylistedEdge,
  type UsagePoint,
  type WirelessParams,
  type WirelessParamsInput,
  parseWirelessParams,
  wirelessParams,
  wirelessParamsSchema,
} from './params.ts'
export {
  BEACON_PAYLOAD_TYPE,
  DATA_TRANSFER_PAYLOAD_TYPE,
  WITNESS_PAYLOAD_TYPE,
  WIRELESS_PAYLOAD_TYPES,
  type Beacon,
  type DataTransfer,
  type UnsignedDataTransfer,
  type Witness,
  type WirelessPayload,
  beaconData,
  dataTransferSigningMessage,
  decodeWirelessPayload,
  encodeBeacon,
  encodeDataTransfer,
  encodeWitness,
  expectedChannel,
  expectedDatarate,
  signDataTransfer,
  verifyDataTransferSignature,
} from './payload.ts'
export * from './physics.ts'
export { transferCredits, wirelessReceipts } from './receipts.ts'
export { WIRELESS_FRAUD, WIRELESS_REASONS, type WirelessReason } from './reasons.ts'
export { CURRENT_WIRELESS_RULES, WIRELESS_RULES_V1, WIRELESS_RULES_V2, type WirelessRuleset } from './ruleset.ts'
export { DEVNET_ROUTER_KEY, type RouterKey, routerKeyFromSeed } from './routerKey.ts'
export * from './rules.ts'
export { interactionDistanceM, scoreByRegion, tallyByRegion, verifyEpochByRegion, wirelessRegions } from './regions.ts'
export { COVERAGE_POOL, USAGE_POOL, type WirelessTallies, formatFixed, sharesFromTallies, tallyWireless } from './score.ts'
export * from './simulate/index.ts'
export { usageBpsAt } from './splitPools.ts'
export { verifyWirelessEpoch } from './verifyEpoch.ts'
