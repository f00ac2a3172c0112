import type { Address, LocalAccount } from 'viem'
import type { SignatureVerifier } from '../ingest/verifyPool.ts'
import type { Db } from '../store/db.ts'
import type { DeviceLookup } from '../store/devices.ts'
import type { PeerClient } from './peerClient.ts'
import type { PeerHealth } from './peerHealth.ts'

/** What every step of sealing needs: the store, this oracle's signer, the network, and the other oracles. */
export type SealingContext = {
  db: Db
  signer: LocalAccount
  /** This oracle's address, lower-case. */
  self: Address
  chainId: number
  distributor: Address
  /** The other oracles' base URLs, by lower-case address: configured, then as they announced on chain. */
  peers: ReadonlyMap<Address, string>
  client: PeerClient
  health: PeerHealth
  /** Device keys, to check the reports peers send (admitReports). */
  deviceLookup: DeviceLookup
  verifier: SignatureVerifier
  /** The oracle's clock, unix ms: decides when epochs seal and rounds turn (tests drive it). */
  now: () => number
}
