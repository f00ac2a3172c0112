import type { FastifyBodyParser, FastifyInstance } from 'fastify'
import { ExplorerError } from './errors.ts'

/**
 * How deep a JSON body may nest arrays and objects. A JSON-RPC call the explorer forwards nests a
 * few levels (a batch, a call, its params, a transaction, its access list); anything that walks a
 * value recursively (JSON.stringify when forwarding, the upstream's parser) overflows its stack
 * some thousands of levels down, so the depth is bounded before the body is parsed at all.
 */
const MAX_JSON_DEPTH = 64

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d

/** Whether `text` opens more than `maxDepth` arrays and objects inside one another (strings skipped; the text need not be valid JSON). */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) {
      inString = true
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return true
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--
    }
  }
  return false
}

/**
 * Fastify's own JSON parser (prototype poisoning refused), behind a depth check: a body nested
 * deeper than `maxDepth` fails with PINION_ERR_JSON_TOO_DEEP before it is parsed.
 */
export function boundedJsonParser(app: FastifyInstance, maxDepth = MAX_JSON_DEPTH): FastifyBodyParser<string> {
  const parse = app.getDefaultJsonParser('error', 'error')
  return (request, body, done) => {
    if (nestsDeeperThan(body, maxDepth)) {
      done(new ExplorerError('PINION_ERR_JSON_TOO_DEEP', `the JSON body nests arrays and objects deeper than ${maxDepth} levels`), undefined)
      return
    }
    return parse(request, body, done)
  }
}
