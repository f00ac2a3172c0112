import pg from 'pg'

export type HeldLock = {
  /** Resolves (never rejects) if the lock is lost: its connection dropped, so another process may hold it now. */
  lost: Promise<Error>
  release(): Promise<void>
}

/**
 * Waits for a PostgreSQL session advisory lock named `name` and holds it on a connection of its own
 * until release() (or the process dies: PostgreSQL frees it when the connection ends, so a SIGKILLed
 * holder hands over at once). Polls with pg_try_advisory_lock so a waiting process can be stopped;
 * `stopped()` true gives up and resolves undefined.
 */
export async function waitForAdvisoryLock(
  databaseUrl: string,
  name: string,
  options: { pollMs?: number; stopped?: () => boolean; onWaiting?: () => void } = {},
): Promise<HeldLock | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: `pinion lock ${name}` })
  let lose: (error: Error) => void = () => {}
  const lost = new Promise<Error>((resolve) => {
    lose = resolve
  })
  client.on('error', (error) => lose(error))
  client.on('end', () => lose(new Error(`the connection holding lock ${name} ended`)))
  await client.connect()
  let told = false
  try {
    for (;;) {
      if (options.stopped?.() === true) {
        await client.end()
        return undefined
      }
      const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked', [name])
      if (rows[0]?.locked === true) break
      if (!told) options.onWaiting?.()
      told = true
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500))
    }
  } catch (error) {
    await client.end().catch(() => undefined)
    throw error
  }
  return {
    lost,
    release: async () => {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(() => undefined)
      await client.end().catch(() => undefined)
    },
  }
}
