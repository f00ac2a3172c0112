// Entry point of @pinion/device.
export { type DeviceAgent, type FlushResult, createDeviceAgent } from './agent/agent.ts'
export type { Challenge, ChallengeHandler, ChallengeResponse } from './agent/challenge.ts'
export { CHALLENGES_PATH, type ChallengesOutcome, fetchChallenges } from './transport/challengeClient.ts'
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_FLUSH_INTERVAL_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type DeviceAgentOptions,
} from './agent/options.ts'
export { type Clock, systemClock } from './clock.ts'
export { DEVICE_ERROR_CODES, DeviceError, type DeviceErrorCode } from './errors.ts'
export {
  ENVELOPE_ADVERSARIES,
  type EnvelopeAdversary,
  forgeReport,
  isEnvelopeAdversary,
  wrongNetworkOf,
} from './fleet/adversaries.ts'
export {
  type AssertFleetLocationsOptions,
  type AssertedLocation,
  type FleetLocation,
  assertFleetLocations,
} from './fleet/assertFleetLocations.ts'
export {
  DEFAULT_SIGNATURE_LIFETIME_SECONDS,
  type FleetRegistration,
  type RegisterFleetOptions,
  type RegisteredDevice,
  registerFleet,
} from './fleet/registerFleet.ts'
export {
  type FleetDevice,
  type FleetReport,
  type FleetRun,
  type RunFleetOptions,
  runFleet,
} from './fleet/runFleet.ts'
export { HONEST_BEHAVIOUR, simulatedDeviceOf } from './fleet/simulatedDevice.ts'
export { seededRandom } from './fleet/seededRandom.ts'
export { type DeviceKeyFile, createDeviceKeyFile, loadDeviceKey } from './keys/keyFile.ts'
export { deviceKeyPem } from './keys/deviceKeyPem.ts'
export { FileOutbox, type FileOutboxOptions, OUTBOX_FILES, type Recovery, openFileOutbox } from './outbox/fileOutbox.ts'
export { createMemoryOutbox } from './outbox/memoryOutbox.ts'
export { type DeadLetter, type Outbox, type OutboxEntry, type Settlement, oracleIdOf } from './outbox/outbox.ts'
export {
  JOB_AUTHORIZATION_SCHEME,
  JOB_DELIVERY_TYPED_DATA,
  type JobDelivery,
  jobDeliverySigner,
  signJobDelivery,
} from './compute/jobAuthorization.ts'
export { type JobStore, type ReportMark, type StoredLease, type StoredTask, type TaskResult, openJobStore } from './compute/jobStore.ts'
export { type ProviderEpoch, type ScheduledReport, scheduleProviderReports, sendProviderReports } from './compute/provider.ts'
export {
  type ComputeProviderOptions,
  type LeaseInfo,
  MAX_JOB_BODY_BYTES,
  type RunningComputeProvider,
  type TaskState,
  startComputeProvider,
} from './compute/providerServer.ts'
export { DEFAULT_TASK_TIMEOUT_MS, type RunTask } from './compute/taskRunner.ts'
export { CAPACITY_CLAIM_DOMAIN, type CapacityClaim, capacityClaimMessage, verifyCapacityClaim } from './storage/capacityClaim.ts'
export { DEFAULT_MAX_PIECE_BYTES, type StorageNodeOptions, startStorageNode } from './storage/nodeServer.ts'
export { type PieceStore, openPieceStore } from './storage/pieceStore.ts'
export { DEFAULT_RETRY_POLICY, type RetryPolicy, backoffDelay, parseRetryAfter } from './transport/backoff.ts'
export type { OracleDelivery, ReportResult } from './transport/deliver.ts'
export {
  DEFAULT_MQTT_TOKEN_LIFETIME_MS,
  MAX_MQTT_TOKEN_LIFETIME_MS,
  MQTT_TOKEN_DOMAIN,
  MQTT_TOPIC_ROOT,
  type MqttAck,
  type MqttDeviceTopics,
  batchIdOf,
  mqttTokenMessage,
  mqttTopicsOf,
  parseDeviceTopic,
  parseMqttToken,
  signMqttToken,
} from './transport/mqttProtocol.ts'
export { type MqttClientTls, type MqttTransportOptions, mqttTransport } from './transport/mqttTransport.ts'
export { type ReportTransport, type SendOptions, httpTransport } from './transport/transport.ts'
export {
  BATCH_PATH,
  type FetchLike,
  type IngestResult,
  type BatchOutcome,
  type ReportStatus,
  TRANSIENT_CODES,
  encodeReportBatch,
} from './transport/ingestClient.ts'
