import type { Hex } from 'viem'
import { useMemo, useState } from 'preact/hooks'
import { Amount } from '../components/Amount.tsx'
import { Card } from '../components/Card.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { useNetwork } from '../lib/network.tsx'
import { type ClaimResult, claimRewards } from '../wallet/claim.ts'
import { connectWallet, walletChoices } from '../wallet/wallets.ts'

type ClaimState = { step: 'idle' } | { step: 'working'; message: string } | { step: 'done'; result: ClaimResult } | { step: 'failed'; error: Error }

/** Sends a claim through an EIP-1193 wallet: the browser's, or on the devnet an in-page devnet account. */
export function ClaimPanel({ recipient, claimable, onClaimed }: { recipient: Hex; claimable: bigint; onClaimed: () => void }) {
  const { config, chain, client, status } = useNetwork()
  const choices = useMemo(() => walletChoices(config, chain), [config, chain])
  // The recipient's own devnet account when it has one: then the claim is `claim`, paid by itself.
  const preferred = choices.find((c) => c.address?.toLowerCase() === recipient) ?? choices[0]
  const [walletId, setWalletId] = useState(preferred?.id)
  const [state, setState] = useState<ClaimState>({ step: 'idle' })
  const choice = choices.find((c) => c.id === walletId)

  const claim = async () => {
    if (choice === undefined) return
    try {
      setState({ step: 'working', message: 'Waiting for the wallet…' })
      const { wallet, account } = await connectWallet(choice, chain)
      setState({ step: 'working', message: 'Sending the claim and waiting for it to be mined…' })
      const result = await claimRewards({ wallet, sender: account, client, status, recipient })
      setState({ step: 'done', result })
      onClaimed()
    } catch (error) {
      setState({ step: 'failed', error: error instanceof Error ? error : new Error(String(error)) })
    }
  }

  return (
    <Card title="Claim" id="claim" class="claim-card">
      {choices.length === 0 ? (
        <p>
          No wallet found. Install an EIP-1193 wallet (such as MetaMask) to claim here, or claim from a terminal with <code>npx pinion rewards claim {recipient}</code>.
        </p>
      ) : (
        <div class="claim-row">
          <label class="claim-wallet">
            <span>Send with</span>
            <select value={walletId} onChange={(e) => setWalletId((e.target as HTMLSelectElement).value)}>
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="button button-primary button-large" disabled={claimable === 0n || state.step === 'working'} onClick={() => void claim()}>
            {claimable === 0n ? (
              'Nothing to claim'
            ) : (
              <>
                Claim <Amount value={claimable} />
              </>
            )}
          </button>
        </div>
      )}
      {config.devnet && choice?.id.startsWith('devnet-') ? (
        <p class="muted small">Devnet wallet: the page signs with anvil's public test key for this account. It exists only on the embedded devnet.</p>
      ) : null}
      <div class="claim-status" role="status" aria-live="polite">
        {state.step === 'working' ? state.message : null}
        {state.step === 'done' ? (
          <span class="success">
            Claimed <Amount value={state.result.paid} /> against the root of epoch {state.result.epoch.toString()} in transaction <HexValue value={state.result.transaction} />{' '}
            (block {state.result.block.toString()}).
          </span>
        ) : null}
      </div>
      {state.step === 'failed' ? (
        <p class="claim-error" role="alert">
          The claim failed: {state.error.message.split('\n')[0]}
        </p>
      ) : null}
    </Card>
  )
}
