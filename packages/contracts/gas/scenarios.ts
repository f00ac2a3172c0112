/**
 * The operations whose gas Pinion tracks, measured from transaction receipts (never estimates) on a
 * fresh anvil devnet. Every input is deterministic — fixed keys, RFC 6979 signatures, seeded trees —
 * so the same code gives the same numbers, and a change in gas is a change in the contracts.
 */
import { type RewardEntry, RewardTree, p256KeyPair, signP256 } from '@pinion/protocol'
import { latLngToCell } from 'h3-js'
import { type Address, type Hex, bytesToHex, hexToBytes, keccak256, parseEther, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startNetwork } from '../test/fixture.ts'
import { KeyType, type Registration, registrationTypedData } from '../sdk/typedData.ts'
import type { GasSnapshots } from './snapshots.ts'

export const MILLION = 1_000_000
const DEVICE_CLASS = 1

/** A funded account derived from a label, so every run uses the same addresses. */
const labelled = (label: string) => privateKeyToAccount(keccak256(toHex(`pinion-gas:${label}`)))

/** `count` deterministic entries with random-looking addresses and 18-decimal amounts. */
function seededEntries(count: number, seed: number): RewardEntry[] {
  let state = seed >>> 0
  const next = () => {
    // xorshift32: cheap, seeded, and plenty for filler leaves.
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return state >>> 0
  }
  const bytes = new Uint8Array(20)
  const view = new DataView(bytes.buffer)
  const entries: RewardEntry[] = new Array(count)
  for (let i = 0; i < count; i++) {
    for (let w = 0; w < 5; w++) view.setUint32(w * 4, next())
    entries[i] = { recipient: bytesToHex(bytes) as Address, cumulativeAmount: BigInt(next()) * 10n ** 12n }
  }
  return entries
}

export async function measureGas(log: (line: string) => void = () => {}): Promise<GasSnapshots> {
  const net = await startNetwork({
    deploy: {
      token: { name: 'Pinion', symbol: 'PIN', cap: 10n ** 28n },
      emissions: {
        genesisTime: 0n,
        epochDuration: 3_600n,
        initialEpochEmission: 10n ** 27n,
        halvingInterval: 0n,
      },
    },
  })
  try {
    const { registry, distributor } = net.contracts
    const registryGas: Record<string, number> = {}
    const distributorGas: Record<string, number> = {}
    const fresh = async (label: string) => {
      const account = labelled(label)
      await net.testClient.setBalance({ address: account.address, value: parseEther('100') })
      return account
    }

    // ── DeviceRegistry ──
    const { admin, maker } = net.accounts
    await net.send(admin, { ...registry, functionName: 'addMaker', args: [DEVICE_CLASS, maker.address] })
    const signRegistration = (registration: Registration) =>
      net.walletFor(maker).signTypedData(registrationTypedData(net.chain.id, registry.address, registration))
    const registration = (label: string, owner: Address, keyType: KeyType = KeyType.Ed25519, key?: Hex): Registration => ({
      keyType,
      key: key ?? keccak256(toHex(`pinion-gas:key:${label}`)),
      deviceClass: DEVICE_CLASS,
      serial: keccak256(toHex(`pinion-gas:serial:${label}`)),
      owner,
    })

    const operator = await fresh('operator')
    const first = registration('first', operator.address)
    registryGas['registerDevice: maker-signed, ed25519, new owner'] = Number(
      (await net.send(operator, { ...registry, functionName: 'registerDevice', args: [first, maker.address, await signRegistration(first)] })).gasUsed,
    )
    const second = registration('second', operator.address)
    registryGas['registerDevice: maker-signed, ed25519, owner already has a device'] = Number(
      (await net.send(operator, { ...registry, functionName: 'registerDevice', args: [second, maker.address, await signRegistration(second)] })).gasUsed,
    )
    const p256Owner = await fresh('p256-owner')
    const device = p256KeyPair(keccak256(toHex('pinion-gas:p256-device')))
    const p256Registration = registration('p256', p256Owner.address, KeyType.P256, device.publicKey)
    const proof = signP256(device.privateKey, hexToBytes(await registry.read.possessionMessage([p256Owner.address])))
    registryGas['registerDeviceWithProof: maker-signed, P-256 possession proof, new owner'] = Number(
      (
        await net.send(p256Owner, {
          ...registry,
          functionName: 'registerDeviceWithProof',
          args: [p256Registration, maker.address, await signRegistration(p256Registration), proof.r, proof.s],
        })
      ).gasUsed,
    )
    const deviceId = BigInt(keccak256(first.key))
    const cell = (lat: number, lng: number) => BigInt(`0x${latLngToCell(lat, lng, 12)}`)
    registryGas['assertLocation: first assertion'] = Number(
      (await net.send(operator, { ...registry, functionName: 'assertLocation', args: [deviceId, cell(52.52, 13.405), 12, 5] })).gasUsed,
    )
    registryGas['assertLocation: move'] = Number(
      (await net.send(operator, { ...registry, functionName: 'assertLocation', args: [deviceId, cell(48.8566, 2.3522), 30, 12] })).gasUsed,
    )
    registryGas['setRecipient'] = Number(
      (await net.send(operator, { ...registry, functionName: 'setRecipient', args: [deviceId, labelled('split').address] })).gasUsed,
    )

    // ── RewardDistributor, against a real 1,000,000-recipient tree ──
    await net.releaseEpochs(1n)
    const claimant = await fresh('claimant')
    const beneficiary = labelled('beneficiary') // holds no ETH: a relayer pays its claim
    const relayer = await fresh('relayer')
    log(`building a ${MILLION.toLocaleString('en')}-recipient reward tree…`)
    const entries = seededEntries(MILLION, 0x9e3779b9)
    entries[0] = { recipient: claimant.address, cumulativeAmount: parseEther('1234.567891') }
    entries[1] = { recipient: beneficiary.address, cumulativeAmount: parseEther('987.654321') }
    const tree0 = RewardTree.build(entries)
    const total0 = entries.reduce((sum, e) => sum + e.cumulativeAmount, 0n)
    const root0 = { epoch: 0n, root: tree0.root, totalCumulative: total0, inputsHash: keccak256(toHex('inputs:0')), paramsHash: keccak256(toHex('params')) }
    distributorGas['commitRoot: 2-of-3 oracle signatures, first root'] = Number((await net.commitRoot(root0)).gasUsed)

    const claimProof = tree0.proof(0)
    if (claimProof.length !== 20) throw new Error(`expected a 20-level proof, got ${claimProof.length}`)
    distributorGas['claim: first, 1,000,000-recipient tree (20-level proof)'] = Number(
      (await net.send(claimant, { ...distributor, functionName: 'claim', args: [entries[0]!.cumulativeAmount, claimProof] })).gasUsed,
    )
    const forProof = tree0.proof(1)
    if (forProof.length !== 20) throw new Error(`expected a 20-level proof, got ${forProof.length}`)
    distributorGas['claimFor: first, 1,000,000-recipient tree (20-level proof)'] = Number(
      (
        await net.send(relayer, {
          ...distributor,
          functionName: 'claimFor',
          args: [beneficiary.address, entries[1]!.cumulativeAmount, forProof],
        })
      ).gasUsed,
    )

    log('building the next epoch’s tree…')
    const nextEntries = entries.map((e, i) => ({ recipient: e.recipient, cumulativeAmount: e.cumulativeAmount + BigInt(i % 997) * 10n ** 15n + parseEther('3.25') }))
    const tree1 = RewardTree.build(nextEntries)
    const total1 = nextEntries.reduce((sum, e) => sum + e.cumulativeAmount, 0n)
    await net.releaseEpochs(1n)
    const root1 = { ...root0, epoch: 1n, root: tree1.root, totalCumulative: total1, inputsHash: keccak256(toHex('inputs:1')) }
    distributorGas['commitRoot: 2-of-3 oracle signatures, next epoch'] = Number((await net.commitRoot(root1)).gasUsed)
    const repeatProof = tree1.proof(0)
    if (repeatProof.length !== 20) throw new Error(`expected a 20-level proof, got ${repeatProof.length}`)
    distributorGas['claim: repeat, 1,000,000-recipient tree (20-level proof)'] = Number(
      (await net.send(claimant, { ...distributor, functionName: 'claim', args: [nextEntries[0]!.cumulativeAmount, repeatProof] })).gasUsed,
    )

    return { DeviceRegistry: registryGas, RewardDistributor: distributorGas }
  } finally {
    await net.stop()
  }
}
