import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { StorageClientError } from './clientErrors.ts'
import type { Provider } from './placePieces.ts'

const providerSchema = z.strictObject({
  deviceId: z.string().regex(/^0x[0-9a-fA-F]{64}$/, { error: 'a device id: 0x and 64 hex digits' }),
  operator: z.string().regex(/^0x[0-9a-fA-F]{40}$/, { error: "the operator's address: 0x and 40 hex digits" }),
  url: z.url({ protocol: /^https?$/, error: "the node's http(s) URL" }),
  freeBytes: z.number().int().min(0, { error: 'free bytes: a whole number from 0' }).optional(),
})

/**
 * The providers a file may be stored on, from `path`: a JSON array of { deviceId, operator, url,
 * freeBytes? } (what the oracle or the registry will supply later). Device ids are kept in lower case,
 * as the client hashes and compares them; a device listed twice is refused.
 */
export function readProviders(path: string): Provider[] {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (cause) {
    throw new StorageClientError('PINION_ERR_STORAGE_PROVIDERS', `cannot read the provider list ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
  const parsed = z.array(providerSchema, { error: 'an array of providers' }).safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const at =
      issue.path.length === 0
        ? ''
        : ` at [${issue.path[0]?.toString()}]${issue.path
            .slice(1)
            .map((key) => `.${key.toString()}`)
            .join('')}`
    throw new StorageClientError('PINION_ERR_STORAGE_PROVIDERS', `the provider list ${path}${at}: expected ${issue.message}`)
  }
  const providers = parsed.data.map(({ freeBytes, ...provider }) => ({
    ...provider,
    deviceId: provider.deviceId.toLowerCase() as Provider['deviceId'],
    operator: provider.operator as Provider['operator'],
    ...(freeBytes === undefined ? {} : { freeBytes }),
  }))
  const seen = new Set<string>()
  for (const { deviceId } of providers) {
    if (seen.has(deviceId)) throw new StorageClientError('PINION_ERR_STORAGE_PROVIDERS', `the provider list ${path} has device ${deviceId} twice`)
    seen.add(deviceId)
  }
  return providers
}
