/*
 * The oracle read API's answers, as the explorer reads them through /api. Amounts are token base
 * units (18 decimals) and epochs and blocks are decimal strings: JSON has no 256-bit numbers.
 */

export type Hex = `0x${string}`

export type Status = {
  oracle: Hex
  chainId: number
  networkId: Hex
  contracts: {
    chainId: number
    token: Hex
    registry: Hex
    emissions: Hex
    distributor: Hex
    blockNumber: string
    /** The governance contracts (an oracle of a network deployed before governance does not report them). */
    params?: Hex
    timelock?: Hex
    governor?: Hex
  }
  schedule: { genesisTime: string; epochDuration: string }
  database: string
  devices: number
  activeDevices: number
  reports: number
  latestEpoch: string | null
  latestCommittedEpoch: string | null
  processedBlock: string | null
}

export type EpochStats = {
  epoch: string
  emission: string
  totalCumulative: string
  reports: number
  validReports: number
  devices: number
  paidDevices: number
  committed: boolean
  pools: Record<string, string>
}

export type EmissionPoint = { epoch: string; emission: string; emitted: string; totalCumulative: string; reportingDevices: number; committed: boolean }

export type EpochSummary = {
  epoch: string
  startMs: string
  endMs: string
  endBlock: string | null
  entropy: Hex
  inputsHash: Hex
  paramsHash: Hex
  emission: string
  root: Hex
  totalCumulative: string
  reports: number
  validReports: number
  devices: number
  committed: { transaction: Hex; block: string } | null
}

export type EpochDetail = EpochSummary & {
  pools: { pool: string; allocation: string; paid: string; remainder: string }[]
  signatures: { oracle: Hex; signature: Hex }[]
}

export type EpochRecipients = { epoch: string; total: number; recipients: { recipient: Hex; cumulativeAmount: string; earnedInEpoch: string }[] }

export type DeviceStatus = 'active' | 'suspended' | 'retired'

type DeviceSummary = {
  deviceId: Hex
  owner: Hex
  recipient: Hex
  recipientIsOwner: boolean
  deviceClass: number
  keyType: 'ed25519' | 'p256'
  publicKey: Hex
  maker: Hex
  serial: Hex
  /** The latest asserted H3 cell, as the uint64 in decimal. */
  location: string | null
  status: DeviceStatus
  registeredBlock: string
  registeredTimeMs: string
}

export type DeviceListEntry = DeviceSummary & { earned: string }

export type LocationAssertion = { cell: string; antennaGain: number; elevation: number; block: string; timeMs: string }

export type DeviceDetail = DeviceSummary & { locations: LocationAssertion[]; earnings: { epoch: string; amount: string }[] }

export type DeviceEpochRow = {
  epoch: string
  validReports: number
  invalidReports: number
  invalidReasons: { reason: string; reasonText: string; count: number }[]
  pools: Record<string, string>
  amount: string
}

/** Proof that a device signed two different reports under one sequence: both signed byte strings. */
export type Equivocation = { epoch: string; sequence: string; reports: { reportId: Hex; signed: Hex | null }[] }

type Multiplier = { name: string; value: string; why: string }

export type DeviceEpochExplanation = {
  deviceId: Hex
  epoch: string
  verdicts: { reportId: Hex; sequence: string; valid: boolean; reason: string | null; reasonText: string | null }[]
  shares: { pool: string; recipient: Hex; base: string; weight: string; multipliers: Multiplier[]; inputs: Record<string, unknown>; amount: string }[]
  amount: string
}

export type RecipientPosition = {
  recipient: Hex
  devices: Hex[]
  cumulative: { epoch: string; amount: string }[]
  latest: { epoch: string; cumulativeAmount: string } | null
  claim: { epoch: string; root: Hex; cumulativeAmount: string; proof: Hex[] } | null
}

export type CoverageCell = { cell: string; devices: number; active: number; reporting: number; earning: number; earned: string; deviceIds: Hex[] }

export type Coverage = { resolution: number; epoch: string | null; located: number; unlocated: number; cells: CoverageCell[] }
