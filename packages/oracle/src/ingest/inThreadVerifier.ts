import { verifyDeviceSignature } from '@pinion/protocol'
import { OracleError } from '../errors.ts'
import type { SignatureVerifier } from './verifyPool.ts'
import type { VerifyRequest } from './verifyJob.ts'

/**
 * Verifies signatures on the calling thread. For an oracle whose ingest is light, like each of
 * the three oracles `pinion up` runs on one laptop: a worker thread costs a second and more of CPU
 * to start (it loads the TypeScript loader and the protocol package again), which a few reports a
 * second never win back, and each devnet oracle already runs on a thread of its own.
 */
export class InThreadVerifier implements SignatureVerifier {
  private closed = false

  async verify(items: readonly VerifyRequest[]): Promise<Uint8Array> {
    if (this.closed) throw new OracleError('PINION_ERR_UNAVAILABLE', 'the signature verifier is closed')
    const valid = new Uint8Array(items.length)
    for (let i = 0; i < items.length; i++) {
      const { keyType, publicKey, message, signature } = items[i]!
      valid[i] = verifyDeviceSignature(keyType, publicKey, message, signature) ? 1 : 0
    }
    return valid
  }

  async close(): Promise<void> {
    this.closed = true
  }
}
