import { type P256KeyPair, RewardTree, p256KeyPair, signP256 } from '@pinion/protocol'
import { latLngToCell } from 'h3-js'
import { type Account, type ContractEventName, type Hex, type TransactionReceipt, concatHex, hexToBytes, keccak256, parseEventLogs, toHex, zeroAddress, zeroHash } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { beforeAll, describe, expect, it } from 'vitest'
import { deviceRegistryAbi, pinionTokenAbi } from '../generated/artifacts.ts'
import { KeyType, type Registration, registrationTypedData } from '../sdk/typedData.ts'
import { ownNetwork, revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import type { Network } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

/** The class the maker is approved for in every test. */
const CLASS = 7
/** A second class, closed to the maker unless a test approves it. */
const OTHER_CLASS = 8
const FEE = 5n * 10n ** 18n
const MAKER_ADMIN_ROLE = keccak256(toHex('MAKER_ADMIN_ROLE'))
const SUSPENDER_ROLE = keccak256(toHex('SUSPENDER_ROLE'))
/** 2100-01-01: a maker-signature deadline that outlives every test. */
const FAR_DEADLINE = 4_102_444_800n
/** No fee accepted: what an operator passes as `maxFee` on a free class. */
const NO_FEE = 0n
/** The guardian: may pause, nothing else. Not the admin, so the tests can tell their powers apart. */
const guardian = privateKeyToAccount(keccak256(toHex('pinion-test:registry guardian')))

/** A deterministic 32-byte ed25519 public key (any non-zero 32 bytes are accepted as one). */
const ed25519Key = (n: number): Hex => keccak256(toHex(`ed25519 device ${n}`))
/** A deterministic P-256 key pair: the private key is the number `n`. */
const p256Key = (n: number): P256KeyPair => p256KeyPair(word(n))
/** H3 cell of a point as the uint64 the registry stores. */
const cellAt = (lat: number, lng: number, res: number) => BigInt(`0x${latLngToCell(lat, lng, res)}`)

describe('DeviceRegistry', () => {
  let net: Network
  let admin: Account
  let maker: Account
  let owner: Account
  let other: Account
  let stranger: Account
  let buyer: Account

  beforeAll(async () => {
    net = await workerNetwork({ deploy: { guardian: guardian.address } })
    await net.testClient.setBalance({ address: guardian.address, value: 10n ** 20n })
    admin = net.accounts.admin
    maker = net.accounts.maker
    const [, first, second, third, fourth] = net.accounts.users
    owner = first!
    other = second!
    stranger = third!
    buyer = fourth!
    await net.send(admin, { ...net.contracts.registry, functionName: 'addMaker', args: [CLASS, maker.address] })
  })
  revertEachTest(() => net)

  // ───────────────────────────── helpers ─────────────────────────────

  const registry = () => net.contracts.registry
  /** The registry with the token's errors too, to decode reverts bubbled up from `burnFrom`. */
  const registryWithTokenErrors = () => ({
    address: net.deployment.registry,
    abi: [...deviceRegistryAbi, ...pinionTokenAbi.filter((item) => item.type === 'error')],
  })

  function ed25519Registration(n: number, overrides: Partial<Registration> = {}): Registration {
    return {
      keyType: KeyType.Ed25519,
      key: ed25519Key(n),
      deviceClass: CLASS,
      serial: word(n),
      owner: owner.address,
      nonce: 0n,
      deadline: FAR_DEADLINE,
      ...overrides,
    }
  }

  function p256Registration(n: number, keyPair: P256KeyPair, overrides: Partial<Registration> = {}): Registration {
    return ed25519Registration(n, { keyType: KeyType.P256, key: keyPair.publicKey, ...overrides })
  }

  function signRegistration(registration: Registration, signer: Account = maker) {
    return net.walletFor(signer).signTypedData(registrationTypedData(net.chain.id, net.deployment.registry, registration))
  }

  /** The device's P-256 signature of the registry's possession message for `forOwner` in `deviceClass`. */
  async function possessionProof(keyPair: P256KeyPair, forOwner: Account, deviceClass: number = CLASS) {
    const message = await registry().read.possessionMessage([forOwner.address, deviceClass])
    return signP256(keyPair.privateKey, hexToBytes(message))
  }

  /** Sends `registerDevice` for `registration`, signed by `signer` (the approved maker); returns receipt and device id. */
  async function registerWithMaker(registration: Registration, signer: Account = maker) {
    const signature = await signRegistration(registration, signer)
    const receipt = await net.send(owner, {
      ...registry(),
      functionName: 'registerDevice',
      args: [registration, signer.address, signature],
    })
    return { receipt, deviceId: BigInt(keccak256(registration.key)) }
  }

  /** Sends `registerDeviceWithProof` for a P-256 registration, signed by the maker and proven by the device. */
  async function registerWithProof(registration: Registration, keyPair: P256KeyPair) {
    const signature = await signRegistration(registration)
    const forOwner = { address: registration.owner } as Account
    const { r, s } = await possessionProof(keyPair, forOwner, registration.deviceClass)
    const receipt = await net.send(owner, {
      ...registry(),
      functionName: 'registerDeviceWithProof',
      args: [registration, maker.address, signature, r, s],
    })
    return { receipt, deviceId: BigInt(keccak256(registration.key)) }
  }

  /** Sends `assertLocation` from `caller` with `maxFee` (default: no fee). */
  function assertLocation(caller: Account, deviceId: bigint, cell: bigint, antennaGain = 0, elevation = 0, maxFee = NO_FEE) {
    return net.send(caller, {
      ...registryWithTokenErrors(),
      functionName: 'assertLocation',
      args: [deviceId, cell, antennaGain, elevation, maxFee],
    })
  }

  const eventsOf = <const name extends ContractEventName<typeof deviceRegistryAbi>>(receipt: TransactionReceipt, eventName: name) =>
    parseEventLogs({ abi: deviceRegistryAbi, logs: receipt.logs, eventName })

  /** Gives `account` `amount` tokens the way operators get them: released emissions, a root committed and past its dispute window, a claim. */
  async function fundFromRewards(account: Account, amount: bigint) {
    await net.releaseEpochs(1n)
    const tree = RewardTree.build([{ recipient: account.address, cumulativeAmount: amount }])
    const epoch = await net.contracts.distributor.read.nextEpoch()
    await net.publishRoot({ epoch, root: tree.root, totalCumulative: amount, inputsHash: word(1), paramsHash: word(2) })
    await net.send(account, { ...net.contracts.distributor, functionName: 'claim', args: [amount, tree.proof(0)] })
    expect(await net.contracts.token.read.balanceOf([account.address])).toBe(amount)
  }

  async function setPolicy(deviceClass: number, permissionless: boolean, registrationFee: bigint, locationFee: bigint) {
    return net.send(admin, {
      ...registry(),
      functionName: 'setClassPolicy',
      args: [deviceClass, { permissionless, registrationFee, locationFee }],
    })
  }

  // ───────────────────────────── registration ─────────────────────────────

  describe('registerDevice', () => {
    it('mints the device to its owner when an approved maker signed the registration', async () => {
      const registration = ed25519Registration(1)
      const { receipt } = await registerWithMaker(registration)
      const deviceId = await registry().read.deviceIdOf([registration.key])

      expect(deviceId).toBe(BigInt(keccak256(registration.key)))
      expect(await registry().read.ownerOf([deviceId])).toBe(owner.address)
      expect(await registry().read.balanceOf([owner.address])).toBe(1n)
      expect(await registry().read.deviceOf([deviceId])).toEqual({
        deviceClass: CLASS,
        keyType: KeyType.Ed25519,
        keyProven: false,
        suspended: false,
        location: 0n,
        antennaGain: 0,
        elevation: 0,
        locationNonce: 0,
      })
      expect(await registry().read.deviceIdOf([registration.key])).toBe(deviceId)
      expect(await registry().read.recipientOf([deviceId])).toBe(owner.address)
      expect(await registry().read.isActive([deviceId])).toBe(true)
      expect(await registry().read.deviceIdBySerial([CLASS, registration.serial])).toBe(deviceId)

      const [event, ...more] = eventsOf(receipt, 'DeviceRegistered')
      expect(more).toHaveLength(0)
      expect(event!.args).toEqual({
        deviceId,
        owner: owner.address,
        deviceClass: CLASS,
        keyType: KeyType.Ed25519,
        key: registration.key,
        serial: registration.serial,
        maker: maker.address,
      })
    })

    it('rejects a P-256 key without a possession proof, so a maker cannot squat a key it has only seen', async () => {
      // The maker saw the device's public key (an event, the mempool, another network) and vouches
      // for it in its own class, to an owner of its choosing.
      const device = p256Key(1)
      const squat = p256Registration(2, device, { owner: stranger.address })
      const deviceId = BigInt(keccak256(device.publicKey))
      expect(
        await revertOf(
          net.send(stranger, {
            ...registry(),
            functionName: 'registerDevice',
            args: [squat, maker.address, await signRegistration(squat)],
          }),
        ),
      ).toEqual({ name: 'PossessionProofRequired', args: [deviceId] })
      expect(await registry().read.isActive([deviceId])).toBe(false)

      // The key is still free: its owner registers it with the device's own proof.
      await registerWithProof(p256Registration(3, device), device)
      expect(await registry().read.ownerOf([deviceId])).toBe(owner.address)
      expect(await registry().read.deviceIdOf([device.publicKey])).toBe(deviceId)
    })

    it('rejects a maker that was never approved for the class', async () => {
      const registration = ed25519Registration(3)
      const byStranger = await signRegistration(registration, stranger)
      expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, stranger.address, byStranger] }))).toEqual({
        name: 'UnauthorizedMaker',
        args: [CLASS, stranger.address],
      })

      // The maker's approval is per class.
      const otherClass = ed25519Registration(3, { deviceClass: OTHER_CLASS })
      const byMaker = await signRegistration(otherClass)
      expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [otherClass, maker.address, byMaker] }))).toEqual({
        name: 'UnauthorizedMaker',
        args: [OTHER_CLASS, maker.address],
      })
    })

    it('rejects a maker after it was removed, even with a signature made while it was approved', async () => {
      const registration = ed25519Registration(4)
      const signature = await signRegistration(registration)
      const receipt = await net.send(admin, { ...registry(), functionName: 'removeMaker', args: [CLASS, maker.address] })

      expect(eventsOf(receipt, 'MakerRemoved').map((e) => e.args)).toEqual([{ deviceClass: CLASS, maker: maker.address }])
      expect(await registry().read.isMaker([CLASS, maker.address])).toBe(false)
      expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }))).toEqual({
        name: 'UnauthorizedMaker',
        args: [CLASS, maker.address],
      })
    })

    it('rejects a signature made by another account than the named maker', async () => {
      const registration = ed25519Registration(5)
      const signature = await signRegistration(registration, stranger)
      expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }))).toEqual({
        name: 'InvalidMakerSignature',
        args: [maker.address],
      })
    })

    it('rejects a maker signature over different fields', async () => {
      const signed = ed25519Registration(6)
      const signature = await signRegistration(signed)
      const tampered: Registration[] = [
        { ...signed, owner: other.address },
        { ...signed, serial: word(66) },
        { ...signed, key: ed25519Key(66) },
      ]
      for (const registration of tampered) {
        expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }))).toEqual({
          name: 'InvalidMakerSignature',
          args: [maker.address],
        })
      }
      // The untampered registration still goes through with the same signature.
      await net.send(owner, { ...registry(), functionName: 'registerDevice', args: [signed, maker.address, signature] })
      expect(await registry().read.ownerOf([BigInt(keccak256(signed.key))])).toBe(owner.address)
    })

    it('rejects a key that is already registered, even under another serial', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(7))
      const again = ed25519Registration(7, { serial: word(77) })
      const signature = await signRegistration(again)
      expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [again, maker.address, signature] }))).toEqual({
        name: 'DeviceKeyAlreadyRegistered',
        args: [deviceId],
      })
    })

    it('rejects a serial already used in the class but accepts it in another class', async () => {
      const first = ed25519Registration(8)
      const { deviceId } = await registerWithMaker(first)
      const sameSerial = ed25519Registration(9, { serial: first.serial })
      const signature = await signRegistration(sameSerial)
      expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [sameSerial, maker.address, signature] }))).toEqual({
        name: 'DeviceSerialAlreadyRegistered',
        args: [CLASS, first.serial, deviceId],
      })

      await net.send(admin, { ...registry(), functionName: 'addMaker', args: [OTHER_CLASS, maker.address] })
      const { deviceId: otherId } = await registerWithMaker({ ...sameSerial, deviceClass: OTHER_CLASS })
      expect(await registry().read.deviceIdBySerial([OTHER_CLASS, first.serial])).toBe(otherId)
      expect(await registry().read.deviceIdBySerial([CLASS, first.serial])).toBe(deviceId)
    })

    it('rejects ed25519 keys that are not 32 bytes or are all zero', async () => {
      const cases: { key: Hex; length: bigint }[] = [
        { key: toHex(new Uint8Array(31).fill(0xab)), length: 31n },
        { key: toHex(new Uint8Array(33).fill(0xab)), length: 33n },
        { key: zeroHash, length: 32n },
      ]
      for (const [i, { key, length }] of cases.entries()) {
        const registration = ed25519Registration(10 + i, { key })
        const signature = await signRegistration(registration)
        expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }))).toEqual({
          name: 'InvalidDeviceKey',
          args: [KeyType.Ed25519, length],
        })
      }
    })

    it('rejects P-256 keys that are not points on the curve', async () => {
      const valid = p256Key(2).publicKey
      const y = BigInt(`0x${valid.slice(66)}`)
      const offCurve: Hex[] = [concatHex([word(1), word(1)]), concatHex([`0x${valid.slice(2, 66)}`, word(y ^ 1n)]), concatHex([zeroHash, zeroHash])]
      for (const [i, key] of offCurve.entries()) {
        const registration = ed25519Registration(20 + i, { keyType: KeyType.P256, key })
        const signature = await signRegistration(registration)
        expect(
          await revertOf(
            net.send(owner, {
              ...registry(),
              functionName: 'registerDeviceWithProof',
              args: [registration, maker.address, signature, word(1), word(1)],
            }),
          ),
        ).toEqual({ name: 'InvalidDeviceKey', args: [KeyType.P256, 64n] })
      }
    })

    it('rejects the zero owner', async () => {
      const registration = ed25519Registration(30, { owner: zeroAddress })
      const signature = await signRegistration(registration)
      expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }))).toEqual({
        name: 'InvalidDeviceOwner',
        args: [zeroAddress],
      })
    })
  })

  describe('registerDeviceWithProof', () => {
    it('registers a P-256 device that signed the possession message for its owner as proven', async () => {
      const keyPair = p256Key(3)
      const registration = p256Registration(40, keyPair)
      const signature = await signRegistration(registration)
      const { r, s } = await possessionProof(keyPair, owner)
      const receipt = await net.send(other, {
        ...registry(),
        functionName: 'registerDeviceWithProof',
        args: [registration, maker.address, signature, r, s],
      })
      const deviceId = BigInt(keccak256(keyPair.publicKey))

      expect(await registry().read.ownerOf([deviceId])).toBe(owner.address)
      expect(await registry().read.deviceOf([deviceId])).toMatchObject({ keyType: KeyType.P256, keyProven: true })
      expect(eventsOf(receipt, 'DeviceKeyProven').map((e) => e.args)).toEqual([{ deviceId }])
      expect(eventsOf(receipt, 'DeviceRegistered').map((e) => e.args.maker)).toEqual([maker.address])
    })

    it('rejects a proof the device signed for another owner', async () => {
      const keyPair = p256Key(4)
      const registration = p256Registration(41, keyPair)
      const signature = await signRegistration(registration)
      const { r, s } = await possessionProof(keyPair, other)
      expect(
        await revertOf(
          net.send(owner, {
            ...registry(),
            functionName: 'registerDeviceWithProof',
            args: [registration, maker.address, signature, r, s],
          }),
        ),
      ).toEqual({ name: 'InvalidPossessionProof', args: [BigInt(keccak256(keyPair.publicKey))] })
    })

    it('rejects a proof for an ed25519 device', async () => {
      const registration = ed25519Registration(42)
      const signature = await signRegistration(registration)
      expect(
        await revertOf(
          net.send(owner, {
            ...registry(),
            functionName: 'registerDeviceWithProof',
            args: [registration, maker.address, signature, word(1), word(1)],
          }),
        ),
      ).toEqual({ name: 'PossessionProofUnsupported', args: [KeyType.Ed25519] })
    })
  })

  describe('maker signatures', () => {
    /** The latest block's timestamp: the chain's clock, which the tests move. */
    const chainNow = async () => (await net.publicClient.getBlock()).timestamp

    it('expire: a signature used after its deadline reverts with RegistrationExpired', async () => {
      const deadline = (await chainNow()) + 3_600n
      const registration = ed25519Registration(100, { deadline })
      const signature = await signRegistration(registration)
      const send = () => net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] })

      await net.testClient.setNextBlockTimestamp({ timestamp: deadline + 1n })
      await net.testClient.mine({ blocks: 1 })
      const late = await revertOf(send())
      expect(late.name).toBe('RegistrationExpired')
      expect(late.args[0]).toBe(deadline)
      expect(late.args[1] as bigint).toBeGreaterThan(deadline)
      expect(await registry().read.isActive([BigInt(keccak256(registration.key))])).toBe(false)
    })

    it('are accepted up to and including the deadline second', async () => {
      const deadline = (await chainNow()) + 3_600n
      const registration = ed25519Registration(101, { deadline })
      const signature = await signRegistration(registration)
      await net.testClient.setNextBlockTimestamp({ timestamp: deadline })
      const receipt = await net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] })

      expect((await net.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp).toBe(deadline)
      expect(await registry().read.ownerOf([BigInt(keccak256(registration.key))])).toBe(owner.address)
    })

    it('cover the nonce and deadline: changing either voids the signature', async () => {
      const signed = ed25519Registration(102, { nonce: 7n })
      const signature = await signRegistration(signed)
      for (const registration of [
        { ...signed, nonce: 8n },
        { ...signed, deadline: FAR_DEADLINE + 1n },
      ]) {
        expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }))).toEqual({
          name: 'InvalidMakerSignature',
          args: [maker.address],
        })
      }
    })

    it('are revoked below a nonce floor the maker raises; the floor never goes down', async () => {
      const old = ed25519Registration(103, { nonce: 4n })
      const fresh = ed25519Registration(104, { nonce: 5n })
      const [oldSignature, freshSignature] = [await signRegistration(old), await signRegistration(fresh)]
      expect(await registry().read.makerNonceFloor([maker.address])).toBe(0n)

      const receipt = await net.send(maker, { ...registry(), functionName: 'revokeRegistrationsBelow', args: [5n] })
      expect(eventsOf(receipt, 'RegistrationsRevoked').map((e) => e.args)).toEqual([{ maker: maker.address, nonceFloor: 5n }])
      expect(await registry().read.makerNonceFloor([maker.address])).toBe(5n)
      // Another maker's floor is its own.
      expect(await registry().read.makerNonceFloor([stranger.address])).toBe(0n)

      expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [old, maker.address, oldSignature] }))).toEqual({
        name: 'RegistrationRevoked',
        args: [maker.address, 4n, 5n],
      })
      await net.send(owner, { ...registry(), functionName: 'registerDevice', args: [fresh, maker.address, freshSignature] })
      expect(await registry().read.ownerOf([BigInt(keccak256(fresh.key))])).toBe(owner.address)

      for (const lower of [5n, 3n]) {
        expect(await revertOf(net.send(maker, { ...registry(), functionName: 'revokeRegistrationsBelow', args: [lower] }))).toEqual({
          name: 'NonceFloorNotRaised',
          args: [5n, lower],
        })
      }
      expect(await registry().read.makerNonceFloor([maker.address])).toBe(5n)
    })

    it('revoke the P-256 path too', async () => {
      const keyPair = p256Key(16)
      const registration = p256Registration(105, keyPair, { nonce: 1n })
      const signature = await signRegistration(registration)
      const { r, s } = await possessionProof(keyPair, owner)
      await net.send(maker, { ...registry(), functionName: 'revokeRegistrationsBelow', args: [2n] })
      expect(
        await revertOf(
          net.send(owner, {
            ...registry(),
            functionName: 'registerDeviceWithProof',
            args: [registration, maker.address, signature, r, s],
          }),
        ),
      ).toEqual({ name: 'RegistrationRevoked', args: [maker.address, 1n, 2n] })
    })

    it('land in any order and may share a nonce: registering reads the floor and writes no nonce', async () => {
      const batch = [ed25519Registration(106, { nonce: 2n }), ed25519Registration(107, { nonce: 1n }), ed25519Registration(108, { nonce: 2n })]
      const signatures = await Promise.all(batch.map((registration) => signRegistration(registration)))
      // Signed in order 2, 1, 2; landing in order 2, 2, 1.
      for (const i of [0, 2, 1]) {
        await net.send(owner, { ...registry(), functionName: 'registerDevice', args: [batch[i]!, maker.address, signatures[i]!] })
      }
      for (const registration of batch) expect(await registry().read.ownerOf([BigInt(keccak256(registration.key))])).toBe(owner.address)
      expect(await registry().read.makerNonceFloor([maker.address])).toBe(0n)
    })

    it('cannot be replayed: the key registers once', async () => {
      const registration = ed25519Registration(109)
      const signature = await signRegistration(registration)
      const args = [registration, maker.address, signature] as const
      await net.send(owner, { ...registry(), functionName: 'registerDevice', args })
      expect(await revertOf(net.send(other, { ...registry(), functionName: 'registerDevice', args }))).toEqual({
        name: 'DeviceKeyAlreadyRegistered',
        args: [BigInt(keccak256(registration.key))],
      })
    })
  })

  describe('registerDevicePermissionless', () => {
    const OPEN_CLASS = 9

    /** A P-256 registration in the open class; with no maker, its serial is its device id. */
    const openRegistration = (n: number, keyPair: P256KeyPair) => p256Registration(n, keyPair, { deviceClass: OPEN_CLASS, serial: keccak256(keyPair.publicKey) })
    const openProof = (keyPair: P256KeyPair, forOwner: Account) => possessionProof(keyPair, forOwner, OPEN_CLASS)

    async function registerPermissionless(caller: Account, registration: Registration, proof: { r: Hex; s: Hex }, maxFee = NO_FEE) {
      return net.send(caller, {
        ...registryWithTokenErrors(),
        functionName: 'registerDevicePermissionless',
        args: [registration, proof.r, proof.s, maxFee],
      })
    }

    it('rejects a class the admin has not opened', async () => {
      const keyPair = p256Key(7)
      const registration = openRegistration(50, keyPair)
      expect(await revertOf(registerPermissionless(owner, registration, await openProof(keyPair, owner)))).toEqual({
        name: 'ClassNotPermissionless',
        args: [OPEN_CLASS],
      })
    })

    it('rejects ed25519 keys, which cannot prove possession on chain', async () => {
      await setPolicy(OPEN_CLASS, true, 0n, 0n)
      const registration = ed25519Registration(51, { deviceClass: OPEN_CLASS })
      expect(await revertOf(registerPermissionless(owner, registration, { r: word(1), s: word(1) }))).toEqual({
        name: 'PossessionProofUnsupported',
        args: [KeyType.Ed25519],
      })
    })

    it('registers a proven P-256 device without a maker when the fee is zero', async () => {
      await setPolicy(OPEN_CLASS, true, 0n, 0n)
      const keyPair = p256Key(8)
      const registration = openRegistration(52, keyPair)
      const receipt = await registerPermissionless(other, registration, await openProof(keyPair, owner))
      const deviceId = BigInt(keccak256(keyPair.publicKey))

      expect(await registry().read.ownerOf([deviceId])).toBe(owner.address)
      expect(await registry().read.deviceOf([deviceId])).toMatchObject({ deviceClass: OPEN_CLASS, keyProven: true })
      expect(eventsOf(receipt, 'DeviceRegistered').map((e) => e.args.maker)).toEqual([zeroAddress])
      expect(eventsOf(receipt, 'DeviceKeyProven').map((e) => e.args)).toEqual([{ deviceId }])
    })

    it('rejects a proof the device signed for another owner', async () => {
      await setPolicy(OPEN_CLASS, true, 0n, 0n)
      const keyPair = p256Key(9)
      const registration = openRegistration(53, keyPair)
      expect(await revertOf(registerPermissionless(owner, registration, await openProof(keyPair, other)))).toEqual({
        name: 'InvalidPossessionProof',
        args: [BigInt(keccak256(keyPair.publicKey))],
      })
    })

    it('rejects a serial other than the device id with SerialMustBeDeviceId', async () => {
      await setPolicy(OPEN_CLASS, true, 0n, 0n)
      const keyPair = p256Key(14)
      const registration = { ...openRegistration(56, keyPair), serial: word(56) }
      expect(await revertOf(registerPermissionless(owner, registration, await openProof(keyPair, owner)))).toEqual({
        name: 'SerialMustBeDeviceId',
        args: [keccak256(keyPair.publicKey), word(56)],
      })
    })

    it('rejects a proof replayed into another open class, so a watched proof cannot be front-run', async () => {
      const SECOND_OPEN_CLASS = 10
      await setPolicy(OPEN_CLASS, true, 0n, 0n)
      await setPolicy(SECOND_OPEN_CLASS, true, 0n, 0n)
      const keyPair = p256Key(15)
      const seen = await openProof(keyPair, owner)
      const elsewhere = { ...openRegistration(57, keyPair), deviceClass: SECOND_OPEN_CLASS }
      expect(await revertOf(registerPermissionless(stranger, elsewhere, seen))).toEqual({
        name: 'InvalidPossessionProof',
        args: [BigInt(keccak256(keyPair.publicKey))],
      })
      await registerPermissionless(owner, openRegistration(57, keyPair), seen)
      expect((await registry().read.deviceOf([BigInt(keccak256(keyPair.publicKey))])).deviceClass).toBe(OPEN_CLASS)
    })

    it('reverts with ERC20InsufficientAllowance when the caller did not approve the fee', async () => {
      await setPolicy(OPEN_CLASS, true, FEE, 0n)
      const keyPair = p256Key(10)
      const registration = openRegistration(54, keyPair)
      expect(await revertOf(registerPermissionless(owner, registration, await openProof(keyPair, owner), FEE))).toEqual({
        name: 'ERC20InsufficientAllowance',
        args: [net.deployment.registry, 0n, FEE],
      })
    })

    it("rejects a fee above the caller's maxFee with FeeAboveMax, burning nothing", async () => {
      await setPolicy(OPEN_CLASS, true, FEE, 0n)
      const { token } = net.contracts
      await fundFromRewards(owner, 2n * FEE)
      await net.send(owner, { ...token, functionName: 'approve', args: [net.deployment.registry, 2n * FEE] })
      const keyPair = p256Key(17)
      const registration = openRegistration(58, keyPair)
      const proof = await openProof(keyPair, owner)

      // The caller saw a lower fee (or none) and agreed to pay at most that.
      for (const maxFee of [NO_FEE, FEE - 1n]) {
        expect(await revertOf(registerPermissionless(owner, registration, proof, maxFee))).toEqual({
          name: 'FeeAboveMax',
          args: [FEE, maxFee],
        })
      }
      expect(await token.read.balanceOf([owner.address])).toBe(2n * FEE)
      await registerPermissionless(owner, registration, proof, 2n * FEE)
      expect(await token.read.balanceOf([owner.address])).toBe(FEE)
    })

    it('burns the registration fee from the caller', async () => {
      await setPolicy(OPEN_CLASS, true, FEE, 0n)
      const { token } = net.contracts
      const funds = 3n * FEE
      await fundFromRewards(owner, funds)
      await net.send(owner, { ...token, functionName: 'approve', args: [net.deployment.registry, FEE] })
      const supplyBefore = await token.read.totalSupply()

      const keyPair = p256Key(11)
      const registration = openRegistration(55, keyPair)
      await registerPermissionless(owner, registration, await openProof(keyPair, owner), FEE)

      expect(await registry().read.ownerOf([BigInt(keccak256(keyPair.publicKey))])).toBe(owner.address)
      expect(await token.read.balanceOf([owner.address])).toBe(funds - FEE)
      expect(await token.read.totalSupply()).toBe(supplyBefore - FEE)
      expect(await token.read.allowance([owner.address, net.deployment.registry])).toBe(0n)
    })
  })

  // ───────────────────────────── operation ─────────────────────────────

  describe('assertLocation', () => {
    it('stores the cell, antenna gain and elevation, counting assertions', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(60))
      const zurich = cellAt(47.3769, 8.5417, 12)
      const first = await assertLocation(owner, deviceId, zurich, 35, 12)

      expect(await registry().read.deviceOf([deviceId])).toMatchObject({
        location: zurich,
        antennaGain: 35,
        elevation: 12,
        locationNonce: 1,
      })
      expect(eventsOf(first, 'LocationAsserted').map((e) => e.args)).toEqual([{ deviceId, cell: zurich, antennaGain: 35, elevation: 12, locationNonce: 1 }])

      const deadSea = cellAt(31.5, 35.5, 0)
      const second = await assertLocation(owner, deviceId, deadSea, -20, -430)
      expect(await registry().read.deviceOf([deviceId])).toMatchObject({
        location: deadSea,
        antennaGain: -20,
        elevation: -430,
        locationNonce: 2,
      })
      expect(eventsOf(second, 'LocationAsserted').map((e) => e.args)).toEqual([{ deviceId, cell: deadSea, antennaGain: -20, elevation: -430, locationNonce: 2 }])
    })

    it("accepts the device's location asserter", async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(61))
      await net.send(owner, { ...registry(), functionName: 'setLocationAsserter', args: [deviceId, other.address] })
      const cell = cellAt(-33.8688, 151.2093, 9)
      await assertLocation(other, deviceId, cell, 0, 3)

      expect(await registry().read.deviceOf([deviceId])).toMatchObject({ location: cell, elevation: 3, locationNonce: 1 })
    })

    it('rejects ERC-721 approved operators: approval moves the token, it does not place the device', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(65))
      await net.send(owner, { ...registry(), functionName: 'approve', args: [other.address, deviceId] })
      await net.send(owner, { ...registry(), functionName: 'setApprovalForAll', args: [stranger.address, true] })
      for (const operator of [other, stranger]) {
        expect(await revertOf(assertLocation(operator, deviceId, cellAt(0, 0, 5)))).toEqual({
          name: 'NotDeviceOperator',
          args: [deviceId, operator.address],
        })
      }
      expect((await registry().read.deviceOf([deviceId])).locationNonce).toBe(0)
    })

    it('rejects a caller that is neither the owner nor the asserter', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(62))
      await net.send(owner, { ...registry(), functionName: 'setLocationAsserter', args: [deviceId, other.address] })
      expect(await revertOf(assertLocation(stranger, deviceId, cellAt(0, 0, 5)))).toEqual({
        name: 'NotDeviceOperator',
        args: [deviceId, stranger.address],
      })
    })

    it('rejects indexes that are not valid H3 cells', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(63))
      const cell = cellAt(51.5, -0.12, 8)
      const invalid = [
        0n,
        cell | (7n << 21n), // digit 8, the last within the resolution, set to 7
        cell & ~7n, // digit 15, past the resolution, set to 0 instead of 7
        (cell & ~(0xfn << 52n)) | (9n << 52n), // claims resolution 9 while digit 9 is still 7
        cell | (1n << 63n), // the reserved high bit
        (cell & ~(0x7fn << 45n)) | (122n << 45n), // base cell 122 does not exist
      ]
      for (const index of invalid) {
        expect(await revertOf(assertLocation(owner, deviceId, index))).toEqual({ name: 'InvalidLocation', args: [index] })
      }
      expect((await registry().read.deviceOf([deviceId])).locationNonce).toBe(0)
    })

    it('burns the class location fee from the caller', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(64))
      await setPolicy(CLASS, false, 0n, FEE)
      const { token } = net.contracts
      const cell = cellAt(40.7, -74, 10)
      expect(await revertOf(assertLocation(owner, deviceId, cell, 0, 0, FEE))).toEqual({
        name: 'ERC20InsufficientAllowance',
        args: [net.deployment.registry, 0n, FEE],
      })

      await fundFromRewards(owner, 2n * FEE)
      await net.send(owner, { ...token, functionName: 'approve', args: [net.deployment.registry, 2n * FEE] })
      const supplyBefore = await token.read.totalSupply()
      await assertLocation(owner, deviceId, cell, 0, 0, FEE)

      expect(await token.read.balanceOf([owner.address])).toBe(FEE)
      expect(await token.read.totalSupply()).toBe(supplyBefore - FEE)
      expect((await registry().read.deviceOf([deviceId])).location).toBe(cell)
    })

    it("rejects a fee above the caller's maxFee with FeeAboveMax", async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(66))
      await setPolicy(CLASS, false, 0n, FEE)
      expect(await revertOf(assertLocation(owner, deviceId, cellAt(40.7, -74, 10), 0, 0, FEE - 1n))).toEqual({
        name: 'FeeAboveMax',
        args: [FEE, FEE - 1n],
      })
    })

    it('reverts, charging nothing, when governance raises the fee while the assertion is pending', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(67))
      await setPolicy(CLASS, false, 0n, FEE)
      const { token } = net.contracts
      await fundFromRewards(owner, 10n * FEE)
      await net.send(owner, { ...token, functionName: 'approve', args: [net.deployment.registry, 10n * FEE] })
      const cell = cellAt(40.7, -74, 10)
      const raised = 5n * FEE

      // Both transactions wait in the pool and land in one block, the fee raise first.
      await net.testClient.setAutomine(false)
      let assertion: Hex
      try {
        await net.walletFor(admin).writeContract({
          ...registry(),
          functionName: 'setClassPolicy',
          args: [CLASS, { permissionless: false, registrationFee: 0n, locationFee: raised }],
          gas: 200_000n,
        })
        // The owner saw FEE and agreed to pay at most that.
        assertion = await net.walletFor(owner).writeContract({
          ...registry(),
          functionName: 'assertLocation',
          args: [deviceId, cell, 0, 0, FEE],
          gas: 200_000n,
        })
        await net.testClient.mine({ blocks: 1 })
      } finally {
        await net.testClient.setAutomine(true)
      }
      const receipt = await waitForReceipt(net.publicClient, assertion)

      expect(receipt.status).toBe('reverted')
      expect((await registry().read.classPolicy([CLASS])).locationFee).toBe(raised)
      expect(await token.read.balanceOf([owner.address])).toBe(10n * FEE)
      expect((await registry().read.deviceOf([deviceId])).locationNonce).toBe(0)
      // Why it reverted, replayed on the state it landed in.
      const replay = net.publicClient.simulateContract({
        ...registry(),
        functionName: 'assertLocation',
        args: [deviceId, cell, 0, 0, FEE],
        account: owner.address,
        blockNumber: receipt.blockNumber,
      })
      expect(await revertOf(replay)).toEqual({ name: 'FeeAboveMax', args: [raised, FEE] })
    })
  })

  describe('setLocationAsserter', () => {
    it('lets the owner name and clear the asserter, emitting LocationAsserterChanged', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(68))
      expect(await registry().read.locationAsserterOf([deviceId])).toBe(zeroAddress)
      const named = await net.send(owner, { ...registry(), functionName: 'setLocationAsserter', args: [deviceId, other.address] })

      expect(await registry().read.locationAsserterOf([deviceId])).toBe(other.address)
      expect(eventsOf(named, 'LocationAsserterChanged').map((e) => e.args)).toEqual([{ deviceId, asserter: other.address }])

      const cleared = await net.send(owner, { ...registry(), functionName: 'setLocationAsserter', args: [deviceId, zeroAddress] })
      expect(await registry().read.locationAsserterOf([deviceId])).toBe(zeroAddress)
      expect(eventsOf(cleared, 'LocationAsserterChanged').map((e) => e.args)).toEqual([{ deviceId, asserter: zeroAddress }])
      expect(await revertOf(assertLocation(other, deviceId, cellAt(0, 0, 5)))).toEqual({
        name: 'NotDeviceOperator',
        args: [deviceId, other.address],
      })
    })

    it('rejects anyone but the owner: an approved operator, the asserter itself', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(69))
      await net.send(owner, { ...registry(), functionName: 'approve', args: [stranger.address, deviceId] })
      await net.send(owner, { ...registry(), functionName: 'setLocationAsserter', args: [deviceId, other.address] })
      for (const caller of [stranger, other]) {
        expect(await revertOf(net.send(caller, { ...registry(), functionName: 'setLocationAsserter', args: [deviceId, caller.address] }))).toEqual({
          name: 'NotDeviceOperator',
          args: [deviceId, caller.address],
        })
      }
      expect(await registry().read.locationAsserterOf([deviceId])).toBe(other.address)
    })

    it('gives the asserter no hold on the device: it cannot transfer it, nor redirect its rewards', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(74))
      await net.send(owner, { ...registry(), functionName: 'setLocationAsserter', args: [deviceId, other.address] })
      expect(await revertOf(net.send(other, { ...registry(), functionName: 'transferFrom', args: [owner.address, other.address, deviceId] }))).toEqual({
        name: 'ERC721InsufficientApproval',
        args: [other.address, deviceId],
      })
      expect(await revertOf(net.send(other, { ...registry(), functionName: 'setRecipient', args: [deviceId, other.address] }))).toEqual({
        name: 'NotDeviceOperator',
        args: [deviceId, other.address],
      })
      expect(await registry().read.ownerOf([deviceId])).toBe(owner.address)
      expect(await registry().read.recipientOf([deviceId])).toBe(owner.address)
    })

    it('rejects a device that does not exist', async () => {
      const deviceId = BigInt(keccak256(ed25519Key(75)))
      expect(await revertOf(net.send(owner, { ...registry(), functionName: 'setLocationAsserter', args: [deviceId, other.address] }))).toEqual({
        name: 'ERC721NonexistentToken',
        args: [deviceId],
      })
    })
  })

  describe('setRecipient', () => {
    it('lets the owner send the device rewards elsewhere', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(70))
      const receipt = await net.send(owner, { ...registry(), functionName: 'setRecipient', args: [deviceId, other.address] })

      expect(await registry().read.recipientOf([deviceId])).toBe(other.address)
      expect(eventsOf(receipt, 'RecipientChanged').map((e) => e.args)).toEqual([{ deviceId, recipient: other.address }])

      await net.send(owner, { ...registry(), functionName: 'setRecipient', args: [deviceId, zeroAddress] })
      expect(await registry().read.recipientOf([deviceId])).toBe(owner.address)
    })

    it('rejects anyone but the owner, even an approved operator', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(71))
      await net.send(owner, { ...registry(), functionName: 'approve', args: [other.address, deviceId] })
      for (const caller of [other, stranger]) {
        expect(await revertOf(net.send(caller, { ...registry(), functionName: 'setRecipient', args: [deviceId, caller.address] }))).toEqual({
          name: 'NotDeviceOperator',
          args: [deviceId, caller.address],
        })
      }
      expect(await registry().read.recipientOf([deviceId])).toBe(owner.address)
    })
  })

  describe('transferFrom', () => {
    it('clears the recipient so the new owner is paid', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(72))
      await net.send(owner, { ...registry(), functionName: 'setRecipient', args: [deviceId, other.address] })
      const receipt = await net.send(owner, {
        ...registry(),
        functionName: 'transferFrom',
        args: [owner.address, buyer.address, deviceId],
      })

      expect(await registry().read.ownerOf([deviceId])).toBe(buyer.address)
      expect(await registry().read.recipientOf([deviceId])).toBe(buyer.address)
      expect(eventsOf(receipt, 'RecipientChanged').map((e) => e.args)).toEqual([{ deviceId, recipient: zeroAddress }])
    })

    it('emits no RecipientChanged when no recipient was set', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(73))
      const receipt = await net.send(owner, {
        ...registry(),
        functionName: 'transferFrom',
        args: [owner.address, buyer.address, deviceId],
      })

      expect(eventsOf(receipt, 'RecipientChanged')).toHaveLength(0)
      expect(eventsOf(receipt, 'LocationAsserterChanged')).toHaveLength(0)
      expect(await registry().read.recipientOf([deviceId])).toBe(buyer.address)
    })

    it("clears the location asserter, so the seller's installer can no longer place the buyer's device", async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(76))
      await net.send(owner, { ...registry(), functionName: 'setLocationAsserter', args: [deviceId, other.address] })
      const receipt = await net.send(owner, {
        ...registry(),
        functionName: 'transferFrom',
        args: [owner.address, buyer.address, deviceId],
      })

      expect(await registry().read.locationAsserterOf([deviceId])).toBe(zeroAddress)
      expect(eventsOf(receipt, 'LocationAsserterChanged').map((e) => e.args)).toEqual([{ deviceId, asserter: zeroAddress }])
      expect(await revertOf(assertLocation(other, deviceId, cellAt(0, 0, 5)))).toEqual({
        name: 'NotDeviceOperator',
        args: [deviceId, other.address],
      })
    })
  })

  describe('retire', () => {
    it('burns the token and deactivates the device', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(80))
      const receipt = await net.send(owner, { ...registry(), functionName: 'retire', args: [deviceId] })

      expect(eventsOf(receipt, 'DeviceRetired').map((e) => e.args)).toEqual([{ deviceId }])
      expect(await revertOf(registry().read.ownerOf([deviceId]))).toEqual({
        name: 'ERC721NonexistentToken',
        args: [deviceId],
      })
      expect(await registry().read.isActive([deviceId])).toBe(false)
      expect(await registry().read.balanceOf([owner.address])).toBe(0n)
    })

    it('keeps the key and the serial taken', async () => {
      const registration = ed25519Registration(81)
      const { deviceId } = await registerWithMaker(registration)
      await net.send(owner, { ...registry(), functionName: 'retire', args: [deviceId] })

      const sameKey = { ...registration, serial: word(810) }
      expect(
        await revertOf(
          net.send(owner, {
            ...registry(),
            functionName: 'registerDevice',
            args: [sameKey, maker.address, await signRegistration(sameKey)],
          }),
        ),
      ).toEqual({ name: 'DeviceKeyAlreadyRegistered', args: [deviceId] })

      const sameSerial = ed25519Registration(82, { serial: registration.serial })
      expect(
        await revertOf(
          net.send(owner, {
            ...registry(),
            functionName: 'registerDevice',
            args: [sameSerial, maker.address, await signRegistration(sameSerial)],
          }),
        ),
      ).toEqual({ name: 'DeviceSerialAlreadyRegistered', args: [CLASS, registration.serial, deviceId] })
    })

    it('rejects anyone but the owner, even an approved operator', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(83))
      await net.send(owner, { ...registry(), functionName: 'approve', args: [other.address, deviceId] })
      for (const caller of [stranger, other]) {
        expect(await revertOf(net.send(caller, { ...registry(), functionName: 'retire', args: [deviceId] }))).toEqual({
          name: 'NotDeviceOperator',
          args: [deviceId, caller.address],
        })
      }
      expect(await registry().read.isActive([deviceId])).toBe(true)
    })
  })

  // ───────────────────────────── administration ─────────────────────────────

  describe('addMaker', () => {
    it('approves a maker for one class and emits MakerAdded', async () => {
      expect(await registry().read.isMaker([OTHER_CLASS, other.address])).toBe(false)
      const receipt = await net.send(admin, { ...registry(), functionName: 'addMaker', args: [OTHER_CLASS, other.address] })

      expect(await registry().read.isMaker([OTHER_CLASS, other.address])).toBe(true)
      expect(await registry().read.isMaker([CLASS, other.address])).toBe(false)
      expect(eventsOf(receipt, 'MakerAdded').map((e) => e.args)).toEqual([{ deviceClass: OTHER_CLASS, maker: other.address }])
    })

    it('rejects callers without MAKER_ADMIN_ROLE', async () => {
      expect(await registry().read.MAKER_ADMIN_ROLE()).toBe(MAKER_ADMIN_ROLE)
      expect(await revertOf(net.send(maker, { ...registry(), functionName: 'addMaker', args: [CLASS, stranger.address] }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [maker.address, MAKER_ADMIN_ROLE],
      })
    })
  })

  describe('removeMaker', () => {
    it('rejects callers without MAKER_ADMIN_ROLE', async () => {
      expect(await revertOf(net.send(stranger, { ...registry(), functionName: 'removeMaker', args: [CLASS, maker.address] }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [stranger.address, MAKER_ADMIN_ROLE],
      })
      expect(await registry().read.isMaker([CLASS, maker.address])).toBe(true)
    })
  })

  describe('setClassPolicy', () => {
    it('stores the policy and emits ClassPolicyChanged', async () => {
      const receipt = await setPolicy(OTHER_CLASS, true, FEE, 2n)

      expect(await registry().read.classPolicy([OTHER_CLASS])).toEqual({
        permissionless: true,
        registrationFee: FEE,
        locationFee: 2n,
      })
      expect(eventsOf(receipt, 'ClassPolicyChanged').map((e) => e.args)).toEqual([{ deviceClass: OTHER_CLASS, permissionless: true, registrationFee: FEE, locationFee: 2n }])
    })

    it('rejects callers without DEFAULT_ADMIN_ROLE', async () => {
      expect(
        await revertOf(
          net.send(stranger, {
            ...registry(),
            functionName: 'setClassPolicy',
            args: [CLASS, { permissionless: true, registrationFee: 0n, locationFee: 0n }],
          }),
        ),
      ).toEqual({ name: 'AccessControlUnauthorizedAccount', args: [stranger.address, zeroHash] })
      expect((await registry().read.classPolicy([CLASS])).permissionless).toBe(false)
    })

    it('rejects any fee with FeesNeedFeeToken on a registry without a fee token', async () => {
      const feeless = await ownNetwork({ deploy: { registry: { chargeFeesInToken: false } } })
      try {
        const { registry: feelessRegistry } = feeless.contracts
        const feelessAdmin = feeless.accounts.admin
        expect(await feelessRegistry.read.feeToken()).toBe(zeroAddress)
        // The network's guardian guards the registry too.
        expect(await feelessRegistry.read.guardian()).toBe(feeless.accounts.guardian.address)
        for (const [registrationFee, locationFee] of [
          [1n, 0n],
          [0n, 1n],
        ] as const) {
          expect(
            await revertOf(
              feeless.send(feelessAdmin, {
                ...feelessRegistry,
                functionName: 'setClassPolicy',
                args: [CLASS, { permissionless: true, registrationFee, locationFee }],
              }),
            ),
          ).toEqual({ name: 'FeesNeedFeeToken', args: [] })
        }
        // A free open class is fine.
        await feeless.send(feelessAdmin, {
          ...feelessRegistry,
          functionName: 'setClassPolicy',
          args: [CLASS, { permissionless: true, registrationFee: 0n, locationFee: 0n }],
        })
        expect((await feelessRegistry.read.classPolicy([CLASS])).permissionless).toBe(true)
      } finally {
        await feeless.stop()
      }
    })
  })

  describe('setSuspended', () => {
    it('lets governance, which holds SUSPENDER_ROLE, suspend and reinstate a device', async () => {
      expect(await registry().read.SUSPENDER_ROLE()).toBe(SUSPENDER_ROLE)
      expect(await registry().read.hasRole([SUSPENDER_ROLE, admin.address])).toBe(true)
      const { deviceId } = await registerWithMaker(ed25519Registration(90))
      const suspension = await net.send(admin, { ...registry(), functionName: 'setSuspended', args: [deviceId, true] })

      expect(await registry().read.isActive([deviceId])).toBe(false)
      expect((await registry().read.deviceOf([deviceId])).suspended).toBe(true)
      expect(await registry().read.ownerOf([deviceId])).toBe(owner.address)
      expect(eventsOf(suspension, 'DeviceSuspensionChanged').map((e) => e.args)).toEqual([{ deviceId, suspended: true }])

      const reinstatement = await net.send(admin, { ...registry(), functionName: 'setSuspended', args: [deviceId, false] })
      expect(await registry().read.isActive([deviceId])).toBe(true)
      expect(eventsOf(reinstatement, 'DeviceSuspensionChanged').map((e) => e.args)).toEqual([{ deviceId, suspended: false }])
    })

    it('rejects callers without SUSPENDER_ROLE: the guardian and the device owner included', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(91))
      for (const caller of [guardian, owner]) {
        expect(await revertOf(net.send(caller, { ...registry(), functionName: 'setSuspended', args: [deviceId, true] }))).toEqual({
          name: 'AccessControlUnauthorizedAccount',
          args: [caller.address, SUSPENDER_ROLE],
        })
      }
      expect(await registry().read.isActive([deviceId])).toBe(true)
      // The old guardian role is gone: suspension is governance's alone.
      expect(deviceRegistryAbi.map((item) => ('name' in item ? item.name : undefined))).not.toContain('GUARDIAN_ROLE')
    })
  })

  describe('releaseKey', () => {
    it('lets governance release a squatted ed25519 key, so its rightful maker can register it', async () => {
      // `stranger`, a maker approved for another class, vouches for a key it has only seen, to itself.
      await net.send(admin, { ...registry(), functionName: 'addMaker', args: [OTHER_CLASS, stranger.address] })
      const squat = ed25519Registration(110, { deviceClass: OTHER_CLASS, owner: stranger.address })
      const squatSignature = await signRegistration(squat, stranger)
      await net.send(stranger, { ...registry(), functionName: 'registerDevice', args: [squat, stranger.address, squatSignature] })
      const deviceId = BigInt(keccak256(squat.key))
      await net.send(stranger, { ...registry(), functionName: 'setRecipient', args: [deviceId, other.address] })
      await net.send(stranger, { ...registry(), functionName: 'setLocationAsserter', args: [deviceId, other.address] })
      await net.send(admin, { ...registry(), functionName: 'setSuspended', args: [deviceId, true] })
      // The rightful registration is blocked while the squat stands.
      const rightful = ed25519Registration(110, { serial: word(111) })
      expect(await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [rightful, maker.address, await signRegistration(rightful)] }))).toEqual({
        name: 'DeviceKeyAlreadyRegistered',
        args: [deviceId],
      })

      // Governance removes the squatting maker and releases the key.
      await net.send(admin, { ...registry(), functionName: 'removeMaker', args: [OTHER_CLASS, stranger.address] })
      const receipt = await net.send(admin, { ...registry(), functionName: 'releaseKey', args: [deviceId, squat.serial] })

      expect(eventsOf(receipt, 'KeyReleased').map((e) => e.args)).toEqual([{ deviceId }])
      expect(eventsOf(receipt, 'Transfer').map((e) => e.args)).toEqual([{ from: stranger.address, to: zeroAddress, tokenId: deviceId }])
      expect(eventsOf(receipt, 'RecipientChanged').map((e) => e.args)).toEqual([{ deviceId, recipient: zeroAddress }])
      expect(eventsOf(receipt, 'LocationAsserterChanged').map((e) => e.args)).toEqual([{ deviceId, asserter: zeroAddress }])
      expect(await revertOf(registry().read.deviceOf([deviceId]))).toEqual({ name: 'ERC721NonexistentToken', args: [deviceId] })
      expect(await registry().read.isActive([deviceId])).toBe(false)
      expect(await registry().read.balanceOf([stranger.address])).toBe(0n)
      expect(await registry().read.deviceIdBySerial([OTHER_CLASS, squat.serial])).toBe(0n)

      // The squatter's own signature no longer registers it; the rightful maker's does.
      expect(await revertOf(net.send(stranger, { ...registry(), functionName: 'registerDevice', args: [squat, stranger.address, squatSignature] }))).toEqual({
        name: 'UnauthorizedMaker',
        args: [OTHER_CLASS, stranger.address],
      })
      await registerWithMaker(rightful)
      expect(await registry().read.ownerOf([deviceId])).toBe(owner.address)
      expect(await registry().read.recipientOf([deviceId])).toBe(owner.address)
      expect(await registry().read.isActive([deviceId])).toBe(true)
      expect(await registry().read.deviceOf([deviceId])).toMatchObject({ deviceClass: CLASS, suspended: false, locationNonce: 0 })
      expect(await registry().read.deviceIdBySerial([CLASS, rightful.serial])).toBe(deviceId)
    })

    it('releases the key and serial of a device already retired, without a second burn', async () => {
      const registration = ed25519Registration(112)
      const { deviceId } = await registerWithMaker(registration)
      await net.send(owner, { ...registry(), functionName: 'retire', args: [deviceId] })
      const receipt = await net.send(admin, { ...registry(), functionName: 'releaseKey', args: [deviceId, registration.serial] })

      expect(eventsOf(receipt, 'KeyReleased').map((e) => e.args)).toEqual([{ deviceId }])
      expect(eventsOf(receipt, 'Transfer')).toHaveLength(0)
      // The same key and the same serial register again.
      await registerWithMaker(registration)
      expect(await registry().read.ownerOf([deviceId])).toBe(owner.address)
      expect(await registry().read.deviceIdBySerial([CLASS, registration.serial])).toBe(deviceId)
    })

    it('rejects a serial the device does not hold, and a device that is not registered', async () => {
      const registration = ed25519Registration(113)
      const { deviceId } = await registerWithMaker(registration)
      expect(await revertOf(net.send(admin, { ...registry(), functionName: 'releaseKey', args: [deviceId, word(114)] }))).toEqual({
        name: 'DeviceSerialMismatch',
        args: [deviceId, word(114)],
      })
      expect(await registry().read.ownerOf([deviceId])).toBe(owner.address)

      const unknown = BigInt(keccak256(ed25519Key(115)))
      expect(await revertOf(net.send(admin, { ...registry(), functionName: 'releaseKey', args: [unknown, word(115)] }))).toEqual({
        name: 'ERC721NonexistentToken',
        args: [unknown],
      })

      await net.send(admin, { ...registry(), functionName: 'releaseKey', args: [deviceId, registration.serial] })
      expect(await revertOf(net.send(admin, { ...registry(), functionName: 'releaseKey', args: [deviceId, registration.serial] }))).toEqual({
        name: 'ERC721NonexistentToken',
        args: [deviceId],
      })
    })

    it('rejects callers without DEFAULT_ADMIN_ROLE: the guardian and the device owner included', async () => {
      const registration = ed25519Registration(116)
      const { deviceId } = await registerWithMaker(registration)
      for (const caller of [guardian, owner]) {
        expect(await revertOf(net.send(caller, { ...registry(), functionName: 'releaseKey', args: [deviceId, registration.serial] }))).toEqual({
          name: 'AccessControlUnauthorizedAccount',
          args: [caller.address, zeroHash],
        })
      }
      expect(await registry().read.ownerOf([deviceId])).toBe(owner.address)
    })
  })

  describe('guardian', () => {
    it('pauses new registrations and location assertions, and nothing else', async () => {
      const OPEN_CLASS = 9
      await setPolicy(OPEN_CLASS, true, 0n, 0n)
      const { deviceId } = await registerWithMaker(ed25519Registration(120))
      const paused = await net.send(guardian, { ...registry(), functionName: 'pause' })
      expect(eventsOf(paused, 'Paused').map((e) => e.args)).toEqual([{ account: guardian.address }])
      expect(await registry().read.paused()).toBe(true)

      const ed25519 = ed25519Registration(121)
      const keyPair = p256Key(18)
      const p256 = p256Registration(122, keyPair)
      const { r, s } = await possessionProof(keyPair, owner)
      const open = p256Registration(123, keyPair, { deviceClass: OPEN_CLASS, serial: keccak256(keyPair.publicKey) })
      const openProof = await possessionProof(keyPair, owner, OPEN_CLASS)
      const [ed25519Signature, p256Signature] = [await signRegistration(ed25519), await signRegistration(p256)]
      const blocked = [
        () => net.send(owner, { ...registry(), functionName: 'registerDevice', args: [ed25519, maker.address, ed25519Signature] }),
        () => net.send(owner, { ...registry(), functionName: 'registerDeviceWithProof', args: [p256, maker.address, p256Signature, r, s] }),
        () => net.send(owner, { ...registry(), functionName: 'registerDevicePermissionless', args: [open, openProof.r, openProof.s, NO_FEE] }),
        () => assertLocation(owner, deviceId, cellAt(0, 0, 5)),
      ]
      for (const call of blocked) expect(await revertOf(call())).toEqual({ name: 'EnforcedPause', args: [] })

      // Owners keep managing what they have; governance keeps governing; makers keep revoking.
      await net.send(owner, { ...registry(), functionName: 'setRecipient', args: [deviceId, other.address] })
      await net.send(owner, { ...registry(), functionName: 'setLocationAsserter', args: [deviceId, other.address] })
      await net.send(owner, { ...registry(), functionName: 'transferFrom', args: [owner.address, buyer.address, deviceId] })
      await net.send(admin, { ...registry(), functionName: 'setSuspended', args: [deviceId, true] })
      await net.send(maker, { ...registry(), functionName: 'revokeRegistrationsBelow', args: [1n] })
      expect(await registry().read.ownerOf([deviceId])).toBe(buyer.address)

      const unpaused = await net.send(guardian, { ...registry(), functionName: 'unpause' })
      expect(eventsOf(unpaused, 'Unpaused').map((e) => e.args)).toEqual([{ account: guardian.address }])
      await registerWithMaker(ed25519Registration(121, { nonce: 1n }))
      expect(await registry().read.ownerOf([BigInt(keccak256(ed25519.key))])).toBe(owner.address)
    })

    it('holds no role: it cannot suspend, release keys, set policies, approve makers or grant roles', async () => {
      expect(await registry().read.guardian()).toBe(guardian.address)
      for (const role of [zeroHash, MAKER_ADMIN_ROLE, SUSPENDER_ROLE]) {
        expect(await registry().read.hasRole([role, guardian.address])).toBe(false)
      }
      const registration = ed25519Registration(124)
      const { deviceId } = await registerWithMaker(registration)
      const attempts = [
        { call: { functionName: 'setSuspended', args: [deviceId, true] }, role: SUSPENDER_ROLE },
        { call: { functionName: 'releaseKey', args: [deviceId, registration.serial] }, role: zeroHash },
        { call: { functionName: 'setClassPolicy', args: [CLASS, { permissionless: true, registrationFee: 0n, locationFee: 0n }] }, role: zeroHash },
        { call: { functionName: 'addMaker', args: [CLASS, guardian.address] }, role: MAKER_ADMIN_ROLE },
        { call: { functionName: 'grantRole', args: [SUSPENDER_ROLE, guardian.address] }, role: zeroHash },
      ] as const
      for (const { call, role } of attempts) {
        expect(await revertOf(net.send(guardian, { ...registry(), ...call }))).toEqual({
          name: 'AccessControlUnauthorizedAccount',
          args: [guardian.address, role],
        })
      }
      expect(await registry().read.isActive([deviceId])).toBe(true)
    })

    it('shares pausing with governance alone', async () => {
      expect(await revertOf(net.send(stranger, { ...registry(), functionName: 'pause' }))).toEqual({
        name: 'NotGuardianOrGovernance',
        args: [stranger.address],
      })
      await net.send(admin, { ...registry(), functionName: 'pause' })
      expect(await registry().read.paused()).toBe(true)
      expect(await revertOf(net.send(stranger, { ...registry(), functionName: 'unpause' }))).toEqual({
        name: 'NotGuardianOrGovernance',
        args: [stranger.address],
      })
      await net.send(admin, { ...registry(), functionName: 'unpause' })
      expect(await registry().read.paused()).toBe(false)
    })

    it('changes hands in two steps: named, then accepted', async () => {
      await net.send(guardian, { ...registry(), functionName: 'transferGuardian', args: [other.address] })
      expect(await registry().read.pendingGuardian()).toBe(other.address)
      expect(await registry().read.guardian()).toBe(guardian.address)
      expect(await revertOf(net.send(stranger, { ...registry(), functionName: 'acceptGuardian' }))).toEqual({
        name: 'NotPendingGuardian',
        args: [stranger.address],
      })

      const accepted = await net.send(other, { ...registry(), functionName: 'acceptGuardian' })
      expect(eventsOf(accepted, 'GuardianChanged').map((e) => e.args)).toEqual([{ previous: guardian.address, next: other.address }])
      expect(await registry().read.guardian()).toBe(other.address)
      expect(await revertOf(net.send(guardian, { ...registry(), functionName: 'pause' }))).toEqual({
        name: 'NotGuardianOrGovernance',
        args: [guardian.address],
      })
      await net.send(other, { ...registry(), functionName: 'pause' })
      expect(await registry().read.paused()).toBe(true)
    })
  })
})
