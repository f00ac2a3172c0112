import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * Creates a database `pinion_test_<random>` on the server of `serverUrl`, empty or a copy of
 * `template` (a database nobody is connected to); `drop` removes it
 * (WITH (FORCE): connections a failed test left open must not keep it alive).
 */
export async function createScratchDatabase(serverUrl: string, options: { template?: string } = {}): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `pinion_test_${randomBytes(6).toString('hex')}`
  await withAdmin(serverUrl, (admin) => admin.query(`create database ${name}${options.template === undefined ? '' : ` template ${options.template}`}`))
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  }
}

async function withAdmin<result>(serverUrl: string, work: (client: pg.Client) => Promise<result>): Promise<result> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
