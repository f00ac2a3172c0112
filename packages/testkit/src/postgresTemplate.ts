import type { TestProject } from 'vitest/node'
import { openPostgresDb } from '../../oracle/src/store/postgresDb.ts'
import { createScratchDatabase } from './oracle/scratchDatabase.ts'

/**
 * Vitest global setup for the tiers that open test databases: when DATABASE_URL names a PostgreSQL
 * server, one database migrated once for the whole run, which each test's database copies
 * (`create database … template …`) instead of running every migration again; dropped at the end.
 * Without DATABASE_URL it does nothing (PGlite's template is made in each worker, see db.ts).
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL ?? ''
  if (url === '') {
    project.provide('postgresTemplate', '')
    return
  }
  const template = await createScratchDatabase(url)
  const db = openPostgresDb(template.url, { poolSize: 1 })
  try {
    await db.migrate()
  } finally {
    // A template must have no connections while it is copied.
    await db.close()
  }
  project.provide('postgresTemplate', template.name)
  return () => template.drop()
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTemplate: string
  }
}
