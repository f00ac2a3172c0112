import type { X509Certificate } from 'node:crypto'
import { deviceIdOf } from '@pinion/protocol'
import { type Hex, bytesToHex } from 'viem'
import type { OracleErrorCode } from '../errors.ts'
import type { DeviceLookup } from '../store/devices.ts'

/** A device's client certificate, as the TLS handshake left it. */
export type PresentedCertificate = {
  certificate: X509Certificate
  /** Whether OpenSSL verified it against the broker's device CA (chain, validity dates, usage). */
  authorized: boolean
  /** OpenSSL's reason when not: CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE… */
  authorizationError?: string | undefined
}

export type CertificateVerdict = { deviceId: Hex } | { code: OracleErrorCode; message: string }

/**
 * Which device a client certificate authenticates, or why none. A certificate stands for a device
 * when all of these hold:
 *
 * 1. it chains to the network's device CA (the broker's `deviceCa`) and is within its dates:
 *    the CA is the operator's say that this device may log in by certificate;
 * 2. its public key is a device key (ed25519, or P-256), and its subject CN is the id of that key
 *    (keccak256 of the raw key) as 64 hex digits, without `0x`: X.509 caps a CN at 64 characters,
 *    and it is what Mosquitto's `use_identity_as_username` makes the username. The name and the
 *    key cannot be mixed and matched;
 * 3. the registry holds that same key for that id, and the device is active.
 *
 * The registry stays the authority (3): a CA that issued a certificate by mistake, or a key the
 * registry has since replaced or a device it suspended, authenticates nobody. And the TLS key is
 * the device key itself, so a certificate proves the same possession a token does, without one.
 */
export async function deviceOfCertificate(presented: PresentedCertificate, deviceLookup: DeviceLookup, username: string | undefined): Promise<CertificateVerdict> {
  const { certificate } = presented
  const untrusted = (message: string): CertificateVerdict => ({ code: 'PINION_ERR_MQTT_CERT_UNTRUSTED', message })
  const refused = (message: string): CertificateVerdict => ({ code: 'PINION_ERR_MQTT_BAD_CERT', message })
  if (!presented.authorized) {
    return untrusted(`the client certificate ${JSON.stringify(certificate.subject)} is not one of the network's device CA: ${presented.authorizationError ?? 'not verified'}`)
  }
  const key = rawDeviceKey(certificate)
  if (key === undefined) return refused(`the client certificate's key (${certificate.publicKey.asymmetricKeyType}) is not a device key (ed25519 or P-256)`)
  const deviceId = deviceIdOf(key.publicKey)
  const names = commonNames(certificate.subject)
  if (names.length !== 1 || certificateName(names[0]!) !== deviceId) {
    return refused(
      `the client certificate names ${JSON.stringify(names.join(', '))}, but its key is device ${deviceId}'s (CN must be ${deviceId.slice(2)}, the device id without 0x)`,
    )
  }
  // A username, when sent, must name the same device: never one device's certificate under another's name.
  if (username !== undefined && username !== '' && certificateName(username) !== deviceId) {
    return refused(`the username ${JSON.stringify(username)} is not the certificate's device ${deviceId}`)
  }
  const device = await deviceLookup(deviceId)
  if (device === undefined || !device.active) return refused(`device ${deviceId} is not registered, or is suspended or retired`)
  if (device.keyType !== key.type || device.publicKey.toLowerCase() !== key.publicKey) {
    return refused(`the client certificate's key is not the key the registry holds for device ${deviceId}`)
  }
  return { deviceId }
}

/** The certificate's key as the registry writes device keys (ed25519: 32 bytes; P-256: x‖y, 64 bytes), or undefined. */
function rawDeviceKey(certificate: X509Certificate): { type: 'ed25519' | 'p256'; publicKey: Hex } | undefined {
  const jwk = certificate.publicKey.export({ format: 'jwk' }) as { kty?: string; crv?: string; x?: string; y?: string }
  const bytes = (b64: string | undefined) => (b64 === undefined ? undefined : new Uint8Array(Buffer.from(b64, 'base64url')))
  const x = bytes(jwk.x)
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && x?.length === 32) return { type: 'ed25519', publicKey: bytesToHex(x) }
  const y = bytes(jwk.y)
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && x?.length === 32 && y?.length === 32) return { type: 'p256', publicKey: bytesToHex(new Uint8Array([...x, ...y])) }
  return undefined
}

/** A device id as a certificate or a username may write it (with or without 0x, any case), as the registry does. */
function certificateName(name: string): Hex {
  return `0x${name.toLowerCase().replace(/^0x/, '')}` as Hex
}

/** The CN values of an X509Certificate's subject (Node writes it as `KEY=value` lines). */
function commonNames(subject: string): string[] {
  return subject
    .split('\n')
    .filter((line) => line.startsWith('CN='))
    .map((line) => line.slice(3))
}
