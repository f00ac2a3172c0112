import { KeyType, type Registration, registrationTypedData } from '@pinion/contracts'
import Fastify from 'fastify'
import { type Account, type Hex, keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { workerNetwork } from '@pinion/testkit/chain'
import type { Network } from '@pinion/testkit/localNetwork'
import { word } from '@pinion/testkit/words'
import { TreeCache } from '../api/proofs.ts'
import { registerApi } from '../api/registerApi.ts'
import type { Db } from '../store/db.ts'
import { createDeviceLookup } from '../store/devices.ts'
import { openTestDb } from '@pinion/testkit/db'
import { devicesAsOf, followOnce } from './follower.ts'
import { registryAt } from './registryAt.ts'
import { epochWindow } from './schedule.ts'

/** The class of the device's rightful maker. */
const CLASS = 7
/** The class a squatting maker is approved for. */
const SQUAT_CLASS = 8
/** A 32-byte ed25519 public key: ed25519 devices rely on their maker, so only a maker can squat one. */
const KEY: Hex = keccak256(toHex('follower device'))
const DEVICE_ID: Hex = keccak256(KEY)
/** Two valid res-12 H3 cells in San Francisco. */
const CELL_A = 0x8c283082a30e5ffn
const CELL_B = 0x8c283082a3001ffn

describe('registry follower (anvil devnet)', () => {
  let net: Network
  let db: Db
  let cleanup: () => Promise<void>
  let maker: Account
  let squatter: Account
  let owner: Account

  beforeAll(async () => {
    net = await workerNetwork()
    ;({ db, cleanup } = await openTestDb())
    maker = net.accounts.maker
    ;[, owner, , squatter] = net.accounts.users as [Account, Account, Account, Account]
    const { admin } = net.accounts
    await net.send(admin, { ...net.contracts.registry, functionName: 'addMaker', args: [CLASS, maker.address] })
    await net.send(admin, { ...net.contracts.registry, functionName: 'addMaker', args: [SQUAT_CLASS, squatter.address] })
  })
  afterAll(async () => {
    await cleanup()
    await net.stop()
  })

  const follow = () => followOnce({ db, client: net.publicClient as never, registry: net.deployment.registry, fromBlock: net.deployment.blockNumber, confirmations: 0 })
  const deviceRow = async () => (await db.query<Record<string, unknown>>('select * from devices where device_id = $1', [DEVICE_ID])).rows[0]

  async function register(signer: Account, registration: Registration) {
    const signature = await net.walletFor(signer).signTypedData(registrationTypedData(net.chain.id, net.deployment.registry, registration))
    return net.send(signer, { ...net.contracts.registry, functionName: 'registerDevice', args: [registration, signer.address, signature] })
  }

  /** The read API over the follower's store, as explorers and claimants see it. */
  async function deviceFromApi() {
    const app = Fastify()
    registerApi(app, {
      db,
      trees: new TreeCache(db),
      oracle: net.accounts.oracles[0]!.address,
      reasons: {},
      windowOf: (epoch) => epochWindow({ genesisTime: 0n, epochDuration: 60n }, epoch, '0x'),
      isSealed: () => true,
      network: {},
    })
    try {
      const response = await app.inject({ method: 'GET', url: `/v1/devices/${DEVICE_ID}` })
      expect(response.statusCode).toBe(200)
      return response.json() as { owner: string; deviceClass: number; serial: string; maker: string; status: string; locations: { cell: string }[] }
    } finally {
      await app.close()
    }
  }

  it('retires a device whose key governance released, and follows the key when it registers again', async () => {
    const lookup = createDeviceLookup(db)
    const { registry } = net.contracts

    // A maker approved for another class squats the key, to itself, and places it.
    const squat: Registration = { keyType: KeyType.Ed25519, key: KEY, deviceClass: SQUAT_CLASS, serial: word(1), owner: squatter.address, nonce: 0n, deadline: 2n ** 64n }
    await register(squatter, squat)
    await net.send(squatter, { ...registry, functionName: 'assertLocation', args: [BigInt(DEVICE_ID), CELL_A, 0, 0, 0n] })
    await follow()
    expect(await deviceRow()).toMatchObject({ owner: squatter.address.toLowerCase(), device_class: SQUAT_CLASS, retired: false })
    expect(await lookup(DEVICE_ID)).toMatchObject({ active: true })

    // Governance removes the maker and releases the key: the device is gone, like a retired one.
    await net.send(net.accounts.admin, { ...registry, functionName: 'removeMaker', args: [SQUAT_CLASS, squatter.address] })
    const released = await net.send(net.accounts.admin, { ...registry, functionName: 'releaseKey', args: [BigInt(DEVICE_ID), squat.serial] })
    await follow()
    expect(await deviceRow()).toMatchObject({ retired: true })
    expect(await lookup(DEVICE_ID)).toMatchObject({ active: false })
    expect((await devicesAsOf(db, released.blockNumber)).get(DEVICE_ID)).toMatchObject({ owner: squatter.address, retired: true })
    expect(await deviceFromApi()).toMatchObject({ status: 'retired' })

    // The rightful maker registers the key to its owner, in its own class, and the owner places it.
    const rightful: Registration = { ...squat, deviceClass: CLASS, serial: word(2), owner: owner.address }
    const registered = await register(maker, rightful)
    await follow()
    expect(await deviceRow()).toMatchObject({
      owner: owner.address.toLowerCase(),
      recipient: null,
      device_class: CLASS,
      serial: rightful.serial,
      maker: maker.address.toLowerCase(),
      location: null,
      suspended: false,
      retired: false,
    })
    expect(BigInt((await deviceRow())!.registered_block as string | number)).toBe(registered.blockNumber)
    expect(await lookup(DEVICE_ID)).toMatchObject({ active: true })

    // Epochs keep seeing the registry as it was at their end block; from now on, the new record.
    const before = (await devicesAsOf(db, released.blockNumber)).get(DEVICE_ID)
    expect(before).toMatchObject({ owner: squatter.address, deviceClass: SQUAT_CLASS, retired: true })
    expect(before!.locations.map((l) => l.cell)).toEqual([CELL_A])
    const after = (await devicesAsOf(db, registered.blockNumber)).get(DEVICE_ID)
    expect(after).toMatchObject({ owner: owner.address, deviceClass: CLASS, serial: rightful.serial, maker: maker.address, retired: false, location: null, locations: [] })
    const replayed = (await registryAt(net.publicClient as never, net.deployment.registry, net.deployment.blockNumber, registered.blockNumber)).get(DEVICE_ID)
    expect(replayed).toMatchObject({ owner: owner.address, recipient: owner.address, deviceClass: CLASS, active: true, locations: [] })

    await net.send(owner, { ...registry, functionName: 'assertLocation', args: [BigInt(DEVICE_ID), CELL_B, 0, 0, 0n] })
    await follow()
    expect(await deviceFromApi()).toMatchObject({
      owner: owner.address.toLowerCase(),
      deviceClass: CLASS,
      serial: rightful.serial,
      status: 'active',
      locations: [{ cell: CELL_B.toString() }],
    })
  })
})
