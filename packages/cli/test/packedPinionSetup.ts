import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

/** Gives the e2e tier's run one folder for the checkout's packed packages (packedPinion.ts), removed after. */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-packed-'))
  project.provide('pinionPackedDir', dir)
  return () => rmSync(dir, { recursive: true, force: true })
}
