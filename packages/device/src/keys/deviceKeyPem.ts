import { createPrivateKey } from 'node:crypto'
import type { DeviceKey } from '@pinion/protocol'
import { hexToBytes } from 'viem'

const b64url = (hex: `0x${string}`) => Buffer.from(hexToBytes(hex)).toString('base64url')

/**
 * The device key as a PKCS#8 PEM private key, for TLS: a device's client certificate certifies its
 * own device key (README: Devices over MQTT, client certificates), so the key that signs its reports
 * is the key its TLS handshake proves. Also what `openssl req -key` reads to make its certificate
 * request. Held in memory only; nothing here writes it anywhere.
 */
export function deviceKeyPem(key: DeviceKey): string {
  const jwk =
    key.type === 'ed25519'
      ? { kty: 'OKP', crv: 'Ed25519', d: b64url(key.privateKey), x: b64url(key.publicKey) }
      : {
          kty: 'EC',
          crv: 'P-256',
          d: b64url(key.privateKey),
          x: Buffer.from(hexToBytes(key.publicKey).subarray(0, 32)).toString('base64url'),
          y: Buffer.from(hexToBytes(key.publicKey).subarray(32)).toString('base64url'),
        }
  return createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }).toString()
}
