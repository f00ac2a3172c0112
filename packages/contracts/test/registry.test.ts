import { type P256KeyPair, RewardTree, p256KeyPair, signP256 } from '@pinion/protocol'
import { latLngToCell } from 'h3-js'
import {
  type Account,
  type ContractEventName,
  type Hex,
  type TransactionReceipt,
  concatHex,
  hexToBytes,
  keccak256,
  parseEventLogs,
  toHex,
  zeroAddress,
  zeroHash,
} from 'viem'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { deviceRegistryAbi, pinionTokenAbi } from '../generated/artifacts.ts'
import { KeyType, type Registration, registrationTypedData } from '../sdk/typedData.ts'
import { type Network, revertOf, startNetwork, word } from './fixture.ts'

/** The class the maker is approved for in every test. */
const CLASS = 7
/** A second class, closed to the maker unless a test approves it. */
const OTHER_CLASS = 8
const FEE = 5n * 10n ** 18n
const MAKER_ADMIN_ROLE = keccak256(toHex('MAKER_ADMIN_ROLE'))
const GUARDIAN_ROLE = keccak256(toHex('GUARDIAN_ROLE'))

/** A deterministic 32-byte ed25519 public key (any non-zero 32 bytes are accepted as one). */
const ed25519Key = (n: number): Hex => keccak256(toHex(`ed25519 device ${n}`))
/** A deterministic P-256 key pair: the private key is the number `n`. */
const p256Key = (n: number): P256KeyPair => p256KeyPair(word(n))
/** H3 cell of a point as the uint64 the registry stores. */
const cellAt = (lat: number, lng: number, res: number) => BigInt(`0x${latLngToCell(lat, lng, res)}`)

describe('DeviceRegistry', () => {
  let net: Network
  let snapshot: Hex
  let admin: Account
  let maker: Account
  let owner: Account
  let other: Account
  let stranger: Account
  let buyer: Account

  beforeAll(async () => {
    net = await startNetwork()
    admin = net.accounts.admin
    maker = net.accounts.maker
    const [, first, second, third, fourth] = net.accounts.users
    owner = first!
    other = second!
    stranger = third!
    buyer = fourth!
    await net.send(admin, { ...net.contracts.registry, functionName: 'addMaker', args: [CLASS, maker.address] })
  })
  afterAll(() => net.stop())
  beforeEach(async () => {
    snapshot = await net.testClient.snapshot()
  })
  afterEach(async () => {
    await net.testClient.revert({ id: snapshot })
  })

  // ───────────────────────────── helpers ─────────────────────────────

  const registry = () => net.contracts.registry
  /** The registry with the token's errors too, to decode reverts bubbled up from `burnFrom`. */
  const registryWithTokenErrors = () => ({
    address: net.deployment.registry,
    abi: [...deviceRegistryAbi, ...pinionTokenAbi.filter((item) => item.type === 'error')],
  })

  function ed25519Registration(n: number, overrides: Partial<Registration> = {}): Registration {
    return { keyType: KeyType.Ed25519, key: ed25519Key(n), deviceClass: CLASS, serial: word(n), owner: owner.address, ...overrides }
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

  /** Sends `registerDevice` for `registration`, signed by the approved maker; returns receipt and device id. */
  async function registerWithMaker(registration: Registration) {
    const signature = await signRegistration(registration)
    const receipt = await net.send(owner, {
      ...registry(),
      functionName: 'registerDevice',
      args: [registration, maker.address, signature],
    })
    return { receipt, deviceId: BigInt(keccak256(registration.key)) }
  }

  const eventsOf = <const name extends ContractEventName<typeof deviceRegistryAbi>>(
    receipt: TransactionReceipt,
    eventName: name,
  ) => parseEventLogs({ abi: deviceRegistryAbi, logs: receipt.logs, eventName })

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

    it('identifies a P-256 device by the hash of x‖y, without marking it proven', async () => {
      const keyPair = p256Key(1)
      const { deviceId } = await registerWithMaker(p256Registration(2, keyPair))

      expect(await registry().read.deviceIdOf([keyPair.publicKey])).toBe(deviceId)
      expect(await registry().read.deviceOf([deviceId])).toMatchObject({ keyType: KeyType.P256, keyProven: false })
    })

    it('rejects a maker that was never approved for the class', async () => {
      const registration = ed25519Registration(3)
      const byStranger = await signRegistration(registration, stranger)
      expect(
        await revertOf(
          net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, stranger.address, byStranger] }),
        ),
      ).toEqual({ name: 'UnauthorizedMaker', args: [CLASS, stranger.address] })

      // The maker's approval is per class.
      const otherClass = ed25519Registration(3, { deviceClass: OTHER_CLASS })
      const byMaker = await signRegistration(otherClass)
      expect(
        await revertOf(
          net.send(owner, { ...registry(), functionName: 'registerDevice', args: [otherClass, maker.address, byMaker] }),
        ),
      ).toEqual({ name: 'UnauthorizedMaker', args: [OTHER_CLASS, maker.address] })
    })

    it('rejects a maker after it was removed, even with a signature made while it was approved', async () => {
      const registration = ed25519Registration(4)
      const signature = await signRegistration(registration)
      const receipt = await net.send(admin, { ...registry(), functionName: 'removeMaker', args: [CLASS, maker.address] })

      expect(eventsOf(receipt, 'MakerRemoved').map((e) => e.args)).toEqual([{ deviceClass: CLASS, maker: maker.address }])
      expect(await registry().read.isMaker([CLASS, maker.address])).toBe(false)
      expect(
        await revertOf(
          net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }),
        ),
      ).toEqual({ name: 'UnauthorizedMaker', args: [CLASS, maker.address] })
    })

    it('rejects a signature made by another account than the named maker', async () => {
      const registration = ed25519Registration(5)
      const signature = await signRegistration(registration, stranger)
      expect(
        await revertOf(
          net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }),
        ),
      ).toEqual({ name: 'InvalidMakerSignature', args: [maker.address] })
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
        expect(
          await revertOf(
            net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }),
          ),
        ).toEqual({ name: 'InvalidMakerSignature', args: [maker.address] })
      }
      // The untampered registration still goes through with the same signature.
      await net.send(owner, { ...registry(), functionName: 'registerDevice', args: [signed, maker.address, signature] })
      expect(await registry().read.ownerOf([BigInt(keccak256(signed.key))])).toBe(owner.address)
    })

    it('rejects a key that is already registered, even under another serial', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(7))
      const again = ed25519Registration(7, { serial: word(77) })
      const signature = await signRegistration(again)
      expect(
        await revertOf(net.send(owner, { ...registry(), functionName: 'registerDevice', args: [again, maker.address, signature] })),
      ).toEqual({ name: 'DeviceKeyAlreadyRegistered', args: [deviceId] })
    })

    it('rejects a serial already used in the class but accepts it in another class', async () => {
      const first = ed25519Registration(8)
      const { deviceId } = await registerWithMaker(first)
      const sameSerial = ed25519Registration(9, { serial: first.serial })
      const signature = await signRegistration(sameSerial)
      expect(
        await revertOf(
          net.send(owner, { ...registry(), functionName: 'registerDevice', args: [sameSerial, maker.address, signature] }),
        ),
      ).toEqual({ name: 'DeviceSerialAlreadyRegistered', args: [CLASS, first.serial, deviceId] })

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
        expect(
          await revertOf(
            net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }),
          ),
        ).toEqual({ name: 'InvalidDeviceKey', args: [KeyType.Ed25519, length] })
      }
    })

    it('rejects P-256 keys that are not points on the curve', async () => {
      const valid = p256Key(2).publicKey
      const y = BigInt(`0x${valid.slice(66)}`)
      const offCurve: Hex[] = [
        concatHex([word(1), word(1)]),
        concatHex([`0x${valid.slice(2, 66)}`, word(y ^ 1n)]),
        concatHex([zeroHash, zeroHash]),
      ]
      for (const [i, key] of offCurve.entries()) {
        const registration = ed25519Registration(20 + i, { keyType: KeyType.P256, key })
        const signature = await signRegistration(registration)
        expect(
          await revertOf(
            net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }),
          ),
        ).toEqual({ name: 'InvalidDeviceKey', args: [KeyType.P256, 64n] })
      }
    })

    it('rejects the zero owner', async () => {
      const registration = ed25519Registration(30, { owner: zeroAddress })
      const signature = await signRegistration(registration)
      expect(
        await revertOf(
          net.send(owner, { ...registry(), functionName: 'registerDevice', args: [registration, maker.address, signature] }),
        ),
      ).toEqual({ name: 'InvalidDeviceOwner', args: [zeroAddress] })
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

  describe('proveKeyPossession', () => {
    it('marks a P-256 device registered without a proof as proven', async () => {
      const keyPair = p256Key(5)
      const { deviceId } = await registerWithMaker(p256Registration(43, keyPair))
      expect((await registry().read.deviceOf([deviceId])).keyProven).toBe(false)

      const { r, s } = await possessionProof(keyPair, owner)
      const receipt = await net.send(stranger, {
        ...registry(),
        functionName: 'proveKeyPossession',
        args: [deviceId, keyPair.publicKey, r, s],
      })

      expect((await registry().read.deviceOf([deviceId])).keyProven).toBe(true)
      expect(eventsOf(receipt, 'DeviceKeyProven').map((e) => e.args)).toEqual([{ deviceId }])
    })

    it('rejects a proof for someone other than the current owner', async () => {
      const keyPair = p256Key(6)
      const { deviceId } = await registerWithMaker(p256Registration(44, keyPair))
      const { r, s } = await possessionProof(keyPair, other)
      const prove = net.send(owner, { ...registry(), functionName: 'proveKeyPossession', args: [deviceId, keyPair.publicKey, r, s] })
      expect(await revertOf(prove)).toEqual({ name: 'InvalidPossessionProof', args: [deviceId] })
      expect((await registry().read.deviceOf([deviceId])).keyProven).toBe(false)
    })

    it('rejects a key that does not hash to the device id with DeviceKeyMismatch', async () => {
      const keyPair = p256Key(12)
      const { deviceId } = await registerWithMaker(p256Registration(46, keyPair))
      const imposter = p256Key(13)
      const { r, s } = await possessionProof(imposter, owner)
      const prove = net.send(owner, { ...registry(), functionName: 'proveKeyPossession', args: [deviceId, imposter.publicKey, r, s] })
      expect(await revertOf(prove)).toEqual({ name: 'DeviceKeyMismatch', args: [deviceId, BigInt(keccak256(imposter.publicKey))] })
    })

    it('rejects an ed25519 device', async () => {
      const registration = ed25519Registration(45)
      const { deviceId } = await registerWithMaker(registration)
      const prove = net.send(owner, { ...registry(), functionName: 'proveKeyPossession', args: [deviceId, registration.key, word(1), word(1)] })
      expect(await revertOf(prove)).toEqual({ name: 'PossessionProofUnsupported', args: [KeyType.Ed25519] })
    })
  })

  describe('registerDevicePermissionless', () => {
    const OPEN_CLASS = 9

    /** A P-256 registration in the open class; with no maker, its serial is its device id. */
    const openRegistration = (n: number, keyPair: P256KeyPair) =>
      p256Registration(n, keyPair, { deviceClass: OPEN_CLASS, serial: keccak256(keyPair.publicKey) })
    const openProof = (keyPair: P256KeyPair, forOwner: Account) => possessionProof(keyPair, forOwner, OPEN_CLASS)

    async function registerPermissionless(caller: Account, registration: Registration, proof: { r: Hex; s: Hex }) {
      return net.send(caller, {
        ...registryWithTokenErrors(),
        functionName: 'registerDevicePermissionless',
        args: [registration, proof.r, proof.s],
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
      expect(await revertOf(registerPermissionless(owner, registration, await openProof(keyPair, owner)))).toEqual({
        name: 'ERC20InsufficientAllowance',
        args: [net.deployment.registry, 0n, FEE],
      })
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
      await registerPermissionless(owner, registration, await openProof(keyPair, owner))

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
      const first = await net.send(owner, { ...registry(), functionName: 'assertLocation', args: [deviceId, zurich, 35, 12] })

      expect(await registry().read.deviceOf([deviceId])).toMatchObject({
        location: zurich,
        antennaGain: 35,
        elevation: 12,
        locationNonce: 1,
      })
      expect(eventsOf(first, 'LocationAsserted').map((e) => e.args)).toEqual([
        { deviceId, cell: zurich, antennaGain: 35, elevation: 12, locationNonce: 1 },
      ])

      const deadSea = cellAt(31.5, 35.5, 0)
      const second = await net.send(owner, { ...registry(), functionName: 'assertLocation', args: [deviceId, deadSea, -20, -430] })
      expect(await registry().read.deviceOf([deviceId])).toMatchObject({
        location: deadSea,
        antennaGain: -20,
        elevation: -430,
        locationNonce: 2,
      })
      expect(eventsOf(second, 'LocationAsserted').map((e) => e.args)).toEqual([
        { deviceId, cell: deadSea, antennaGain: -20, elevation: -430, locationNonce: 2 },
      ])
    })

    it('accepts an operator the owner approved for the device', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(61))
      await net.send(owner, { ...registry(), functionName: 'approve', args: [other.address, deviceId] })
      const cell = cellAt(-33.8688, 151.2093, 9)
      await net.send(other, { ...registry(), functionName: 'assertLocation', args: [deviceId, cell, 0, 3] })

      expect(await registry().read.deviceOf([deviceId])).toMatchObject({ location: cell, elevation: 3, locationNonce: 1 })
    })

    it('rejects a caller that is neither the owner nor approved', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(62))
      expect(
        await revertOf(
          net.send(stranger, {
            ...registry(),
            functionName: 'assertLocation',
            args: [deviceId, cellAt(0, 0, 5), 0, 0],
          }),
        ),
      ).toEqual({ name: 'NotDeviceOperator', args: [deviceId, stranger.address] })
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
        expect(
          await revertOf(net.send(owner, { ...registry(), functionName: 'assertLocation', args: [deviceId, index, 0, 0] })),
        ).toEqual({ name: 'InvalidLocation', args: [index] })
      }
      expect((await registry().read.deviceOf([deviceId])).locationNonce).toBe(0)
    })

    it('burns the class location fee from the caller', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(64))
      await setPolicy(CLASS, false, 0n, FEE)
      const { token } = net.contracts
      const cell = cellAt(40.7, -74, 10)
      expect(
        await revertOf(
          net.send(owner, { ...registryWithTokenErrors(), functionName: 'assertLocation', args: [deviceId, cell, 0, 0] }),
        ),
      ).toEqual({ name: 'ERC20InsufficientAllowance', args: [net.deployment.registry, 0n, FEE] })

      await fundFromRewards(owner, 2n * FEE)
      await net.send(owner, { ...token, functionName: 'approve', args: [net.deployment.registry, 2n * FEE] })
      const supplyBefore = await token.read.totalSupply()
      await net.send(owner, { ...registryWithTokenErrors(), functionName: 'assertLocation', args: [deviceId, cell, 0, 0] })

      expect(await token.read.balanceOf([owner.address])).toBe(FEE)
      expect(await token.read.totalSupply()).toBe(supplyBefore - FEE)
      expect((await registry().read.deviceOf([deviceId])).location).toBe(cell)
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
        expect(
          await revertOf(net.send(caller, { ...registry(), functionName: 'setRecipient', args: [deviceId, caller.address] })),
        ).toEqual({ name: 'NotDeviceOperator', args: [deviceId, caller.address] })
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
      expect(await registry().read.recipientOf([deviceId])).toBe(buyer.address)
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
      expect(
        await revertOf(net.send(maker, { ...registry(), functionName: 'addMaker', args: [CLASS, stranger.address] })),
      ).toEqual({ name: 'AccessControlUnauthorizedAccount', args: [maker.address, MAKER_ADMIN_ROLE] })
    })
  })

  describe('removeMaker', () => {
    it('rejects callers without MAKER_ADMIN_ROLE', async () => {
      expect(
        await revertOf(net.send(stranger, { ...registry(), functionName: 'removeMaker', args: [CLASS, maker.address] })),
      ).toEqual({ name: 'AccessControlUnauthorizedAccount', args: [stranger.address, MAKER_ADMIN_ROLE] })
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
      expect(eventsOf(receipt, 'ClassPolicyChanged').map((e) => e.args)).toEqual([
        { deviceClass: OTHER_CLASS, permissionless: true, registrationFee: FEE, locationFee: 2n },
      ])
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
      const feeless = await startNetwork({ deploy: { registry: { chargeFeesInToken: false } } })
      try {
        const { registry: feelessRegistry } = feeless.contracts
        const feelessAdmin = feeless.accounts.admin
        expect(await feelessRegistry.read.feeToken()).toBe(zeroAddress)
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
    it('lets the guardian suspend and reinstate a device', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(90))
      const suspension = await net.send(admin, { ...registry(), functionName: 'setSuspended', args: [deviceId, true] })

      expect(await registry().read.isActive([deviceId])).toBe(false)
      expect((await registry().read.deviceOf([deviceId])).suspended).toBe(true)
      expect(await registry().read.ownerOf([deviceId])).toBe(owner.address)
      expect(eventsOf(suspension, 'DeviceSuspensionChanged').map((e) => e.args)).toEqual([{ deviceId, suspended: true }])

      const reinstatement = await net.send(admin, { ...registry(), functionName: 'setSuspended', args: [deviceId, false] })
      expect(await registry().read.isActive([deviceId])).toBe(true)
      expect(eventsOf(reinstatement, 'DeviceSuspensionChanged').map((e) => e.args)).toEqual([
        { deviceId, suspended: false },
      ])
    })

    it('rejects callers without GUARDIAN_ROLE, the device owner included', async () => {
      const { deviceId } = await registerWithMaker(ed25519Registration(91))
      expect(await registry().read.GUARDIAN_ROLE()).toBe(GUARDIAN_ROLE)
      expect(
        await revertOf(net.send(owner, { ...registry(), functionName: 'setSuspended', args: [deviceId, true] })),
      ).toEqual({ name: 'AccessControlUnauthorizedAccount', args: [owner.address, GUARDIAN_ROLE] })
      expect(await registry().read.isActive([deviceId])).toBe(true)
    })
  })
})
