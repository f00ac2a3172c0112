// Entry point of @pinion/contracts/governance: what reading and writing proposals needs, without
// Node (the explorer imports it in the browser). The package's main entry re-exports it too.
export * from './governanceActions.ts'
export * from './proposalState.ts'
export * from './proposals.ts'
export * from './governanceAbis.ts'
