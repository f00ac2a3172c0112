// Device records as the chain follower would have stored them. The implementation stays in the
// oracle's store because the pinned ingest server (crash test, ingest benchmark) seeds devices too.
export { seedDevice, seedDevices } from './oracle/seedDevices.ts'
