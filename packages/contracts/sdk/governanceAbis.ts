/**
 * The parts of the generated ABIs that governance proposals call and read, as small ABIs of their
 * own. The explorer loads its Governance page as a separate chunk: were it to import the whole
 * Governor, timelock, registry and NetworkParams ABIs from generated/artifacts.ts (one module, which
 * every page already imports for the token and distributor), the bundler would move them into the
 * code every page loads. governanceAbis.test.ts checks that every item here is exactly an item of
 * the generated ABI, so they cannot drift.
 */
import { parseAbi } from 'viem'

/** What governance calls on the RewardDistributor, and the event each oracle-set change leaves. */
export const distributorGovernanceAbi = parseAbi([
  'function addOracle(address oracle, uint16 newQuorum)',
  'function removeOracle(address oracle, uint16 newQuorum)',
  'function replaceOracle(address oracle, address replacement)',
  'function setQuorum(uint16 newQuorum)',
  'function setDisputeWindow(uint64 newDisputeWindow)',
  'function transferGuardian(address next)',
  'function grantRole(bytes32 role, address account)',
  'function revokeRole(bytes32 role, address account)',
  'function oracleCount() view returns (uint256)',
  'event OracleSetChanged(uint32 version, uint256 oracleCount, uint256 quorum)',
])

/** What governance calls on the DeviceRegistry. */
export const registryGovernanceAbi = parseAbi([
  'function addMaker(uint32 deviceClass, address maker)',
  'function removeMaker(uint32 deviceClass, address maker)',
  'function setSuspended(uint256 deviceId, bool suspended)',
  'function releaseKey(uint256 deviceId, bytes32 serial)',
  'function transferGuardian(address next)',
  'function grantRole(bytes32 role, address account)',
  'function revokeRole(bytes32 role, address account)',
])

/** What governance calls and reads on NetworkParams. */
export const paramsGovernanceAbi = parseAbi([
  'struct Entry { bytes32 hash; uint64 fromEpoch; }',
  'function schedule(string name, bytes32 hash, uint64 fromEpoch)',
  'function grantRole(bytes32 role, address account)',
  'function revokeRole(bytes32 role, address account)',
  'function names() view returns (string[])',
  'function historyOf(string name) view returns (Entry[])',
  'function currentEpoch() view returns (uint64)',
])

/** What governance calls and reads on the timelock. */
export const timelockGovernanceAbi = parseAbi([
  'function grantRole(bytes32 role, address account)',
  'function revokeRole(bytes32 role, address account)',
  'function getMinDelay() view returns (uint256)',
])

/** What reading proposals needs from the Governor. */
export const governorReadAbi = parseAbi([
  'event ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)',
  'event ProposalExecuted(uint256 proposalId)',
  'function state(uint256 proposalId) view returns (uint8)',
  'function proposalVotes(uint256 proposalId) view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)',
  'function proposalEta(uint256 proposalId) view returns (uint256)',
  'function quorum(uint256 timepoint) view returns (uint256)',
  'function quorumNumerator() view returns (uint256)',
  'function quorumDenominator() view returns (uint256)',
  'function token() view returns (address)',
])

/** The token's supply, for a quorum estimated before a proposal's snapshot. */
export const tokenSupplyAbi = parseAbi(['function totalSupply() view returns (uint256)'])
