/**
 * Gas bars: the most each snapshotted operation may cost, from the issue that set them and the public
 * reference each one is measured against. Snapshots above a bar fail the test run.
 */
export const GAS_BARS: Record<string, Record<string, number>> = {
  RewardDistributor: {
    // Uniswap MerkleDistributor pays 61k–95k per claim, and needs one claim per epoch.
    'claim: first, 1,000,000-recipient tree (20-level proof)': 95_000,
    'claimFor: first, 1,000,000-recipient tree (20-level proof)': 95_000,
    // One cumulative claim covers any number of new epochs.
    'claim: repeat, 1,000,000-recipient tree (20-level proof)': 60_000,
    'commitRoot: 2-of-3 oracle signatures, next epoch': 100_000,
  },
  DeviceRegistry: {
    // An OpenZeppelin ERC-721 mint alone costs about 74,000.
    'registerDevice: maker-signed, ed25519, new owner': 150_000,
  },
}
