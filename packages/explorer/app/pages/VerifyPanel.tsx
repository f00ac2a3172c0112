import type { Hex } from 'viem'
import { useState } from 'preact/hooks'
import { Card } from '../components/Card.tsx'
import type { EpochDetail, EpochRecipients } from '@pinion/oracle/api'
import { useNetwork } from '../lib/network.tsx'
import { type Verification, verifyEpochRoot } from '../verify/verifyEpochRoot.ts'

type VerifyState = { step: 'idle' } | { step: 'working' } | { step: 'done'; result: Verification } | { step: 'failed'; error: Error }

/** Verify: check a served proof against the root on chain, entirely in this browser. */
export function VerifyPanel({ epoch, recipients }: { epoch: EpochDetail; recipients: EpochRecipients['recipients'] }) {
  const { client, status, token } = useNetwork()
  const [recipient, setRecipient] = useState<Hex | undefined>(recipients[0]?.recipient)
  const [state, setState] = useState<VerifyState>({ step: 'idle' })

  const verify = async () => {
    if (recipient === undefined) return
    setState({ step: 'working' })
    try {
      const result = await verifyEpochRoot({
        client,
        distributor: status.contracts.distributor,
        epoch: BigInt(epoch.epoch),
        recipient,
        searchFromBlock: BigInt(epoch.committed?.block ?? status.contracts.blockNumber),
        symbol: token.symbol,
      })
      setState({ step: 'done', result })
    } catch (error) {
      setState({ step: 'failed', error: error instanceof Error ? error : new Error(String(error)) })
    }
  }

  return (
    <Card title="Verify the root" id="verify" class="verify-card">
      <p class="muted">
        Fetches a recipient's proof from the oracle, hashes its leaf and folds the proof here in your browser, then compares the result with the root the distributor contract
        committed on chain.
      </p>
      {recipients.length === 0 ? (
        <p>No recipient has a leaf in this epoch's tree, so there is no proof to check.</p>
      ) : (
        <div class="verify-row">
          <label class="verify-recipient">
            <span>Recipient</span>
            <select value={recipient} onChange={(e) => setRecipient((e.target as HTMLSelectElement).value as Hex)}>
              {recipients.map((r) => (
                <option key={r.recipient} value={r.recipient}>
                  {r.recipient}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="button button-primary" disabled={state.step === 'working'} onClick={() => void verify()}>
            Verify against the chain
          </button>
        </div>
      )}
      <div role="status" aria-live="polite">
        {state.step === 'working' ? 'Verifying…' : null}
        {state.step === 'done' ? (
          <div class={`verification ${state.result.ok ? 'verification-ok' : 'verification-bad'}`}>
            <p class="verification-verdict">{state.result.ok ? '✓ Verified: the proof leads to the root on chain.' : '✗ Not verified.'}</p>
            <ol class="verification-steps">
              {state.result.steps.map((s) => (
                <li key={s.label} class={s.ok ? 'step-ok' : 'step-bad'}>
                  <span aria-hidden="true">{s.ok ? '✓' : '✗'}</span> <strong>{s.label}</strong>
                  <code class="step-detail">{s.detail}</code>
                </li>
              ))}
            </ol>
          </div>
        ) : null}
      </div>
      {state.step === 'failed' ? (
        <p class="claim-error" role="alert">
          Verification could not run: {state.error.message.split('\n')[0]}
        </p>
      ) : null}
    </Card>
  )
}
