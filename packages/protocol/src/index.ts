// Entry point of @pinion/protocol.
export { PinionError } from './errors.ts'
export {
  type CodesWithStatus,
  type ErrorCodeEntry,
  type ErrorCodeTable,
  PROTOCOL_ERROR_CODES,
  type ProtocolErrorCode,
  REPORT_ERROR_CODES,
  SERVER_ERROR_CODES,
  isRetryable,
  lookupErrorCode,
  pinionCodeOf,
} from './errorCodes.ts'
export {
  type DeviceKey,
  KEY_TYPE_CODES,
  type KeyType,
  PUBLIC_KEY_LENGTHS,
  deviceIdOf,
  generateDeviceKey,
  parseKeyType,
  signWithDeviceKey,
  verifyDeviceSignature,
} from './keys/deviceKey.ts'
export { type Ed25519KeyPair, ed25519KeyPair } from './keys/ed25519.ts'
export { type P256KeyPair, p256KeyPair, p256PublicKey, signP256 } from './keys/p256.ts'
export { isStrictEd25519Signature, isStrictP256Signature, isUsableEd25519Key } from './keys/strictSignatures.ts'
export { type Keccak256Stream, keccak256Hex, keccak256Into, keccak256Stream } from './hash/keccak.ts'
export { ONE, applyMultiplier, mulDiv, splitProRata } from './math/fixedPoint.ts'
export { type RewardEntry, rewardLeaf } from './merkle/rewardLeaf.ts'
export { type BuildOptions, RewardTree } from './merkle/rewardTree.ts'
export { verifyProof } from './merkle/verifyProof.ts'
export {
  type DecodedReport,
  type ReportFields,
  type SealedReport,
  decodeReportBody,
  encodeReportBody,
  encodeSignedReport,
  openSignedReport,
  peekDeviceId,
  reportSigningMessage,
  signReport,
  verifyReportSignature,
} from './report/envelope.ts'
export { canonicalSignedReport, isCanonicalReportBody, openCanonicalSignedReport, reportIdOf } from './report/canonical.ts'
export { networkIdOf } from './report/networkId.ts'
export * from '../generated/pinion/v1/report_pb.ts'
