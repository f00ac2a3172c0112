import { devnetAccounts, devnetPrivateKey } from '@pinion/contracts'
import { describe, expect, it } from 'vitest'
import { devnetRoles } from '../up/roles.ts'
import { DEVNET_ACCOUNT_NAMES, signerAccount } from './account.ts'

const codeOf = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message }
  }
  return { code: 'no error', message: '' }
}

describe('the account a governance command sends from', () => {
  const accounts = devnetAccounts(10)
  it('on the devnet: admin is account 0, operator-<n> the accounts pinion up gives devices to, admin by default', () => {
    expect(DEVNET_ACCOUNT_NAMES).toEqual(['admin', 'operator-1', 'operator-2', 'operator-3', 'operator-4', 'operator-5', 'delegator'])
    // As many operators as `pinion up` has.
    expect(DEVNET_ACCOUNT_NAMES.filter((name) => name.startsWith('operator-')).length).toBe(devnetRoles(0).operators.length)
    expect(signerAccount(31_337, 'delegator', {}).address).toBe(devnetAccounts(13)[12]!.address)
    expect(signerAccount(31_337, 'admin', {}).address).toBe(accounts[0]!.address)
    expect(signerAccount(31_337, 'operator-1', {}).address).toBe(accounts[5]!.address)
    expect(signerAccount(31_337, 'operator-5', {}).address).toBe(accounts[9]!.address)
    expect(signerAccount(31_337, undefined, {}).address).toBe(accounts[0]!.address)
    expect(codeOf(() => signerAccount(31_337, 'operator-6', {}))).toEqual({
      code: 'PINION_ERR_GOV_ACCOUNT',
      message: '--account is "operator-6", expected one of admin, operator-1, operator-2, operator-3, operator-4, operator-5, delegator',
    })
  })

  it('PINION_KEY anywhere; --account only on the devnet, and never both', () => {
    const key = devnetPrivateKey(7)
    expect(signerAccount(8_453, undefined, { PINION_KEY: key }).address).toBe(accounts[7]!.address)
    expect(signerAccount(31_337, undefined, { PINION_KEY: key }).address).toBe(accounts[7]!.address)
    expect(codeOf(() => signerAccount(8_453, 'admin', {})).message).toBe(
      "--account admin names a devnet account, but this chain's id is 8453, not the devnet's 31337; set PINION_KEY instead",
    )
    expect(codeOf(() => signerAccount(31_337, 'admin', { PINION_KEY: key })).code).toBe('PINION_ERR_GOV_ACCOUNT')
    expect(codeOf(() => signerAccount(8_453, undefined, {})).code).toBe('PINION_ERR_GOV_ACCOUNT')
    expect(codeOf(() => signerAccount(8_453, undefined, { PINION_KEY: '0x1234' })).message).toBe('PINION_KEY is not a private key; expected 0x and 64 hex digits')
  })
})
