import { useMemo, useState } from 'preact/hooks'
import type { Address } from 'viem'
import { Card } from '../components/Card.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Link } from '../components/Link.tsx'
import { Empty, ErrorNotice } from '../components/States.tsx'
import { useNetwork } from '../lib/network.tsx'
import { paths } from '../lib/router.ts'
import { savedAccount, saveAccount } from '../wallet/connectedAccount.ts'
import { connectWallet, walletChoices } from '../wallet/wallets.ts'
import { OwnedDeviceList } from './OwnedDeviceList.tsx'

/** "My devices": connect a wallet (the same wallets a claim is sent with), see the devices it owns. */
export function MyDevicesPage() {
  const [account, setAccount] = useState<Address | undefined>(savedAccount)
  const choose = (next: Address | undefined) => {
    saveAccount(next)
    setAccount(next)
  }
  return (
    <div class="page">
      <header class="page-header">
        <h1>My devices</h1>
        <p class="lede">The devices a wallet owns, with their status and what each earned in the latest computed epoch.</p>
      </header>
      {account === undefined ? (
        <ConnectCard onConnected={choose} />
      ) : (
        <Card
          title="Devices owned"
          id="owned-devices"
          actions={
            <button type="button" class="button button-ghost" onClick={() => choose(undefined)}>
              Disconnect
            </button>
          }
        >
          <p class="small">
            Owner <HexValue value={account} /> · <Link href={paths.recipient(account.toLowerCase())}>rewards and claims</Link>
          </p>
          <OwnedDeviceList owner={account} />
        </Card>
      )}
    </div>
  )
}

function ConnectCard({ onConnected }: { onConnected: (account: Address) => void }) {
  const { config, chain } = useNetwork()
  const choices = useMemo(() => walletChoices(config, chain), [config, chain])
  const [walletId, setWalletId] = useState(choices[0]?.id)
  const [error, setError] = useState<Error>()
  const [working, setWorking] = useState(false)
  const choice = choices.find((c) => c.id === walletId)
  const connect = async () => {
    if (choice === undefined) return
    setWorking(true)
    setError(undefined)
    try {
      onConnected((await connectWallet(choice, chain)).account)
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)))
      setWorking(false)
    }
  }
  return (
    <Card title="Connect a wallet" id="connect-wallet">
      {choices.length === 0 ? (
        <Empty>No wallet found. Install an EIP-1193 wallet (such as MetaMask) to see the devices it owns.</Empty>
      ) : (
        <div class="claim-row">
          <label class="claim-wallet">
            <span>Wallet</span>
            <select value={walletId} onChange={(e) => setWalletId((e.target as HTMLSelectElement).value)}>
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="button button-primary" disabled={working} onClick={() => void connect()}>
            {working ? 'Connecting…' : 'Connect'}
          </button>
        </div>
      )}
      {error ? <ErrorNotice error={error} title="The wallet did not connect" /> : null}
    </Card>
  )
}
