// Entry point of @pinion/protocol.
export { PinionError } from './errors.ts'
export { type RewardEntry, rewardLeaf } from './merkle/rewardLeaf.ts'
export { RewardTree } from './merkle/rewardTree.ts'
export { verifyProof } from './merkle/verifyProof.ts'
export { type P256KeyPair, p256KeyPair, p256PublicKey, signP256 } from './keys/p256.ts'
