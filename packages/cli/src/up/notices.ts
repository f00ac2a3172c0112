/** A warning or error for the terminal: what happened, and what makes two of them the same. */
export type Notice = {
  level: 'warn' | 'error'
  /** Identical notices share a key (an event and its code, or its message with numbers taken out). */
  key: string
  text: string
}

export type NoticeBoard = {
  /** Prints `notice` unless one with its key was printed in the current window; then counts it. */
  say(notice: Notice): void
  /** Prints "(×n more in the last minute)" for every key repeated since the window opened, and opens a new one. */
  summarize(): void
  /** Says nothing more, not even what was counted: what fails while the network stops is expected. */
  close(): void
}

/**
 * What the terminal of `pinion up` shows of warnings and errors: each distinct one once, then, once a
 * window (a minute) has passed, how many more of it came, on one line. Fifty devices whose oracle
 * went away are one line and a count, not fifty lines a second.
 */
export function createNoticeBoard(options: { write: (line: string) => void; windowMs?: number; now?: () => number }): NoticeBoard {
  const windowMs = options.windowMs ?? 60_000
  const now = options.now ?? Date.now
  const seen = new Map<string, { text: string; level: Notice['level']; since: number; more: number }>()
  let closed = false
  const summarizeOld = (at: number) => {
    for (const [key, entry] of seen) {
      if (at - entry.since < windowMs) continue
      if (entry.more > 0) options.write(`${prefix(entry.level)}${entry.text} (×${entry.more} more in the last ${duration(at - entry.since)})`)
      seen.delete(key)
    }
  }
  return {
    say(notice) {
      if (closed) return
      const at = now()
      summarizeOld(at)
      const entry = seen.get(notice.key)
      if (entry !== undefined) {
        entry.more += 1
        return
      }
      seen.set(notice.key, { text: notice.text, level: notice.level, since: at, more: 0 })
      options.write(`${prefix(notice.level)}${notice.text}`)
    },
    summarize() {
      if (!closed) summarizeOld(now() + windowMs)
    },
    close() {
      closed = true
      seen.clear()
    },
  }
}

const prefix = (level: Notice['level']) => (level === 'error' ? 'error: ' : 'warning: ')

/** "minute", "2 minutes", "40 s": how long a window was open. */
function duration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 90) return seconds >= 55 ? 'minute' : `${Math.max(1, seconds)} s`
  return `${Math.round(seconds / 60)} minutes`
}

/**
 * A notice for one of the oracles' alerts or a fleet error (UpOptions.onEvent), readable whatever its
 * fields hold: errors by their message and code, objects as JSON, never "[object Object]". Null for
 * events that are not warnings or errors.
 */
export function noticeOf(event: string, fields: Record<string, unknown>, level: 'warn' | 'error'): Notice {
  const who = typeof fields.oracle === 'number' ? `oracle ${fields.oracle}` : typeof fields.where === 'string' ? fields.where : 'pinion'
  const error = describeError(fields.error)
  const details = Object.entries(fields)
    .filter(([name]) => !['oracle', 'signer', 'where', 'error', 'stack'].includes(name))
    .map(([name, value]) => `${name} ${readable(value)}`)
  const where = typeof fields.where === 'string' && who !== fields.where ? ` (${fields.where})` : ''
  const text = [`${who}: ${event}${where}`, ...details, ...(error === null ? [] : [error.text])].join('; ')
  // The same alert from any oracle, or the same error whatever the numbers in it (ports, epochs, counts), is one notice.
  const key = [event, typeof fields.where === 'string' ? fields.where : '', error?.code ?? normalized(error?.text ?? details.join(';'))].join('|')
  return { level, key, text }
}

/** An error field (a message string, errorFields' object, an Error) as its message with its code, and the code. */
function describeError(error: unknown): { text: string; code: string | undefined } | null {
  if (error === undefined || error === null) return null
  if (typeof error === 'string') return { text: firstLine(error), code: codeIn(error) }
  if (typeof error === 'object') {
    const { message, code, cause } = error as { message?: unknown; code?: unknown; cause?: unknown }
    const own = typeof message === 'string' ? firstLine(message) : readable(error)
    const because = describeError(cause)
    // viem repeats its message in its cause, with the request around it: only a new reason is worth saying.
    const why = because === null || because.text.startsWith(own) ? '' : ` (because: ${because.text})`
    const text = `${own}${typeof code === 'string' && !own.includes(code) ? ` [${code}]` : ''}${why}`
    return { text, code: typeof code === 'string' ? code : codeIn(own) }
  }
  return { text: String(error), code: undefined }
}

/** A message's first line: viem's errors go on with the URL, the request body, docs and its version. */
const firstLine = (text: string) => text.split('\n')[0]!.trim()

const codeIn = (text: string) => /\[(PINION_ERR_[A-Z0-9_]+)\]/.exec(text)?.[1]

/** A field's value for people: strings as they are, anything else as JSON (bigints as digits). */
function readable(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value)
  } catch {
    return String(value)
  }
}

/** A message with its numbers, addresses and hashes taken out: what stays the same between repeats. */
const normalized = (text: string) => text.replace(/0x[0-9a-fA-F]+/g, '0x…').replace(/\d+/g, '#')
