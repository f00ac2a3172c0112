import { useState } from 'preact/hooks'
import { Card } from '../components/Card.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Link } from '../components/Link.tsx'
import { useNetwork } from '../lib/network.tsx'
import { navigate, paths } from '../lib/router.ts'

/** Find a recipient's rewards by address; on the devnet, the operators' accounts are one click away. */
export function RewardsPage() {
  const { config } = useNetwork()
  const [address, setAddress] = useState('')
  const valid = /^0x[0-9a-fA-F]{40}$/.test(address.trim())
  return (
    <div class="page">
      <header class="page-header">
        <h1>Rewards</h1>
        <p class="lede">See what an address has earned, what is committed on chain, and claim it.</p>
      </header>
      <Card title="Look up a recipient" id="rewards-lookup">
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault()
            if (valid) navigate(paths.recipient(address.trim().toLowerCase()))
          }}
        >
          <label for="recipient-address">Recipient address</label>
          <input
            id="recipient-address"
            type="text"
            inputMode="text"
            autoComplete="off"
            spellcheck={false}
            placeholder="0x…"
            value={address}
            onInput={(e) => setAddress((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="button button-primary" disabled={!valid}>
            Show rewards
          </button>
        </form>
      </Card>
      {config.devnet ? (
        <Card title="Devnet accounts" id="devnet-accounts">
          <p class="muted">The simulated fleet's operators: anvil's public test accounts, usable only on this devnet.</p>
          <ul class="account-list">
            {config.devnet.accounts.map((a) => (
              <li key={a.address}>
                <Link href={paths.recipient(a.address.toLowerCase())} aria-label={`Rewards of ${a.label}`}>
                  {a.label} <HexValue value={a.address} />
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  )
}
