import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deviceKeyPem } from '@pinion/device'
import { type DeviceKey, deviceIdOf } from '@pinion/protocol'

/**
 * Certificates for MQTT over TLS, made with the machine's openssl when a test runs: nothing private
 * is committed. Everything lives in one temporary folder, removed by `cleanup`.
 */
export type TestPki = {
  dir: string
  /** A CA (P-256), PEM: signs the broker's certificate and, as the network's device CA, devices' ones. */
  ca: { cert: string; key: string }
  /** The broker's certificate for 127.0.0.1 (SAN IP), signed by the CA, and its key. */
  server: { cert: string; key: string }
  /** A device's certificate, signed by `issuer` (default the CA), of `key` (default the device key), named `cn` (default its id, without 0x). */
  deviceCertificate(device: DeviceKey, options?: { cn?: string; keyPem?: string; issuer?: { cert: string; key: string } }): string
  /** Another CA, self-signed: certificates it issues chain to nothing the broker trusts. */
  otherCa(): { cert: string; key: string }
  /** Writes `text` to a file in the folder (mode 0600) and returns its path: for flags that name files. */
  file(name: string, text: string): string
  cleanup(): void
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-pki-'))
  let serial = 0
  const path = (name: string) => join(dir, name)
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  const file = (name: string, text: string) => {
    writeFileSync(path(name), text, { mode: 0o600 })
    return path(name)
  }
  const newCa = (name: string) => {
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`)
    openssl('req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-days', '2', '-out', `${name}.pem`)
    return { cert: readFileSync(path(`${name}.pem`), 'utf8'), key: readFileSync(path(`${name}.key`), 'utf8') }
  }
  /** A certificate of the key in `keyFile`, named `cn`, signed by `issuer`, with `extensions` (openssl x509 -extfile). */
  const issue = (keyFile: string, cn: string, issuer: { cert: string; key: string }, extensions: string) => {
    const name = `cert-${++serial}`
    const issuerCert = file(`${name}.issuer.pem`, issuer.cert)
    const issuerKey = file(`${name}.issuer.key`, issuer.key)
    file(`${name}.ext`, extensions)
    openssl('req', '-new', '-key', keyFile, '-subj', `/CN=${cn}`, '-out', `${name}.csr`)
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      issuerCert,
      '-CAkey',
      issuerKey,
      '-set_serial',
      String(serial),
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    )
    return readFileSync(path(`${name}.pem`), 'utf8')
  }

  const ca = newCa('pinion-test-ca')
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key')
  const server = {
    cert: issue('server.key', '127.0.0.1', ca, 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'),
    key: readFileSync(path('server.key'), 'utf8'),
  }
  let others = 0
  return {
    dir,
    ca,
    server,
    deviceCertificate(device, options = {}) {
      const keyFile = file(`device-${++serial}.key`, options.keyPem ?? deviceKeyPem(device))
      // The CN is the device id without 0x: X.509 allows 64 characters.
      return issue(keyFile, options.cn ?? deviceIdOf(device.publicKey).slice(2), options.issuer ?? ca, 'extendedKeyUsage=clientAuth\n')
    },
    otherCa: () => newCa(`other-ca-${++others}`),
    file,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}
