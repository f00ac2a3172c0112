import type { FromSchema, JSONSchema } from 'json-schema-to-ts'
import type {
  HEX_PATTERN,
  activityResponse,
  coverageResponse,
  deviceDetailResponse,
  deviceEpochExplanationResponse,
  deviceEpochsResponse,
  deviceRejectionsResponse,
  devicesResponse,
  emissionsResponse,
  epochDetailResponse,
  epochRecipientsResponse,
  epochRejectionsResponse,
  epochSummarySchema,
  epochsResponse,
  equivocationsResponse,
  networkFactsSchema,
  reasonsResponse,
  challengesResponse,
  computeLeaseResponse,
  computeLeasesResponse,
  computeOrdersResponse,
  computeProvidersResponse,
  recipientResponse,
  statsResponse,
  statusResponse,
  storageDealResponse,
  storageDealsResponse,
  storageProvidersResponse,
} from './responseSchemas.ts'

/*
 * Entry point of @pinion/oracle/api: the read API's answers as TypeScript types, derived from the
 * routes' response schemas (responseSchemas.ts), which Fastify also serialises with. Import them
 * with `import type`: this module holds types only, so a client's bundle gains no server code.
 *
 * Amounts are token base units, and epochs, blocks and ms timestamps decimal strings (JSON has no
 * 256-bit numbers); hex values are `0x${string}`.
 */

export type Hex = `0x${string}`

/** The type a response schema describes; strings of HEX_PATTERN read as Hex. */
type Answer<schema extends JSONSchema> = FromSchema<schema, { deserialize: [{ pattern: { type: 'string'; pattern: typeof HEX_PATTERN }; output: Hex }] }>

/** GET /v1/status. The network facts are absent only from an oracle API started without them (tests). */
export type StatusResponse = Answer<typeof statusResponse>
/** What /v1/status says about the network when the oracle knows it: chain, contracts, schedule, database. */
export type NetworkFacts = Answer<typeof networkFactsSchema>
/** GET /v1/activity. */
export type Activity = Answer<typeof activityResponse>
/** GET /v1/reasons: reason code → words. */
export type Reasons = Answer<typeof reasonsResponse>

export type ChallengesResponse = Answer<typeof challengesResponse>
/** GET /v1/stats. */
export type StatsResponse = Answer<typeof statsResponse>
export type EpochStats = StatsResponse['epochs'][number]
/** GET /v1/emissions. */
export type EmissionsResponse = Answer<typeof emissionsResponse>
export type EmissionPoint = EmissionsResponse['epochs'][number]

/** One computed epoch, as /v1/epochs lists it. */
export type EpochSummary = Answer<typeof epochSummarySchema>
/** GET /v1/epochs. */
export type EpochsResponse = Answer<typeof epochsResponse>
/** GET /v1/epochs/:epoch. */
export type EpochDetail = Answer<typeof epochDetailResponse>
/** GET /v1/epochs/:epoch/recipients. */
export type EpochRecipients = Answer<typeof epochRecipientsResponse>

/** GET /v1/devices. */
export type DevicesResponse = Answer<typeof devicesResponse>
export type DeviceListEntry = DevicesResponse['devices'][number]
export type DeviceStatus = DeviceListEntry['status']
/** GET /v1/devices/:deviceId. */
export type DeviceDetail = Answer<typeof deviceDetailResponse>
export type LocationAssertion = DeviceDetail['locations'][number]
/** GET /v1/devices/:deviceId/epochs. */
export type DeviceEpochsResponse = Answer<typeof deviceEpochsResponse>
export type DeviceEpochRow = DeviceEpochsResponse['epochs'][number]
/** GET /v1/devices/:deviceId/epochs/:epoch. */
export type DeviceEpochExplanation = Answer<typeof deviceEpochExplanationResponse>
/** GET /v1/devices/:deviceId/rejections. */
export type DeviceRejectionsResponse = Answer<typeof deviceRejectionsResponse>
/** What ingest refused that named a device, in one epoch of receipt. */
export type DeviceRejectionEpoch = DeviceRejectionsResponse['epochs'][number]
/** GET /v1/epochs/:epoch/rejections. */
export type EpochRejectionsResponse = Answer<typeof epochRejectionsResponse>
/** GET /v1/devices/:deviceId/equivocations. */
export type EquivocationsResponse = Answer<typeof equivocationsResponse>
/** Proof that a device signed two different reports under one sequence: both signed byte strings. */
export type Equivocation = EquivocationsResponse['equivocations'][number]

/** GET /v1/recipients/:address. */
export type RecipientPosition = Answer<typeof recipientResponse>
/** GET /v1/coverage. */
export type Coverage = Answer<typeof coverageResponse>
export type CoverageCell = Coverage['cells'][number]

/** GET /v1/kinds/storage/deals. */
export type StorageDealsResponse = Answer<typeof storageDealsResponse>
export type StorageDeal = StorageDealsResponse['deals'][number]
/** GET /v1/kinds/storage/deals/:dealId. */
export type StorageDealDetail = Answer<typeof storageDealResponse>
export type StoragePeriod = StorageDealDetail['provingPeriods'][number]
/** GET /v1/kinds/storage/providers. */
export type StorageProvidersResponse = Answer<typeof storageProvidersResponse>
export type StorageProvider = StorageProvidersResponse['providers'][number]

/** GET /v1/kinds/compute/orders. */
export type ComputeOrdersResponse = Answer<typeof computeOrdersResponse>
export type ComputeOrder = ComputeOrdersResponse['orders'][number]
export type ComputeBid = ComputeOrder['bids'][number]
/** GET /v1/kinds/compute/leases. */
export type ComputeLeasesResponse = Answer<typeof computeLeasesResponse>
export type ComputeLease = ComputeLeasesResponse['leases'][number]
/** GET /v1/kinds/compute/leases/:leaseId. */
export type ComputeLeaseDetail = Answer<typeof computeLeaseResponse>
export type ComputeEscrowPoint = ComputeLeaseDetail['escrow'][number]
export type ComputeTask = ComputeLeaseDetail['tasks'][number]
export type ComputeLeaseVerdict = ComputeLeaseDetail['verdicts'][number]
/** GET /v1/kinds/compute/providers. */
export type ComputeProvidersResponse = Answer<typeof computeProvidersResponse>
export type ComputeProvider = ComputeProvidersResponse['providers'][number]
