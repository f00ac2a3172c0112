/**
 * Gas bars: the most each snapshotted operation may cost, as set by the contracts issues, each beside
 * the public reference it is measured against. A snapshot above its bar fails the test run.
 */
export const GAS_BARS: Record<string, Record<string, number>> = {
  RewardDistributor: {
    // Uniswap's MerkleDistributor pays 61k–95k per claim (95,256 for its first claim in a
    // 100,000-leaf tree), and needs one claim per epoch. The dispute window, the versioned oracle set
    // and the claimable roots must cost claimants nothing: 94,519 and 60,343 were the snapshots of
    // the single-root distributor before them.
    'claim: first, 1,000,000-recipient tree (20-level proof)': 94_519,
    'claim: repeat, 1,000,000-recipient tree (20-level proof)': 60_343,
    // One cumulative claim covers any number of new epochs; the reference needs one per epoch.
    'claim: repeat, 100,000-recipient tree (17-level proof)': 60_000,
    'commitRoot: 2-of-3 oracle signatures, next epoch, promoting the previous root': 100_000,
  },
  DeviceRegistry: {
    // An OpenZeppelin ERC-721 mint alone costs about 74,000.
    'registerDevice: maker-signed, ed25519, new owner': 150_000,
  },
}
