import { DeviceError } from '../errors.ts'
import type { ByteRange } from './pieceStore.ts'

/** One range of bytes (RFC 9110 §14.1.2): `bytes=a-b`, `bytes=a-` (to the end) or `bytes=-n` (the last n). */
const SINGLE_RANGE = /^bytes=(?:(\d{1,15})-(\d{0,15})|-(\d{1,15}))$/i

/**
 * The part of a piece of `size` bytes a `Range` header asks for, or undefined without one (the whole
 * piece). A storage node serves one range per request, which is what a stripe audit asks for; a
 * header that is not one range within the piece (several ranges, a first byte past the end, a < b
 * reversed, another unit) is PINION_ERR_PIECE_RANGE, answered 416, rather than ignored: an auditor
 * that asked for a stripe must not be handed the whole piece as if it were one. A last byte past the
 * end is cut to the piece's end, as RFC 9110 says.
 */
export function byteRangeOf(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined
  const refuse = () => new DeviceError('PINION_ERR_PIECE_RANGE', `Range ${JSON.stringify(header.slice(0, 80))} is not one range of bytes within the piece (${size} bytes)`)
  const match = SINGLE_RANGE.exec(header.trim())
  if (match === null) throw refuse()
  const [, first, last, suffix] = match
  if (suffix !== undefined) {
    const length = Math.min(Number(suffix), size)
    if (length === 0) throw refuse()
    return { offset: size - length, length }
  }
  const offset = Number(first)
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1)
  if (offset >= size || Number(last === '' ? offset : last) < offset) throw refuse()
  return { offset, length: end - offset + 1 }
}
