// Entry of an oracle's epoch-computing thread (see computeOffThread.ts). Plain JavaScript: a worker
// starts with its own loader, so it registers tsx's before importing the TypeScript body.
import { register } from 'tsx/esm/api'

register()
await import('./computeWorker.ts')
