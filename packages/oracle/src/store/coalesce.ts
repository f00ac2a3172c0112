/**
 * Turns a batch loader into a one-key loader whose calls share batch calls: callers ask key by key,
 * the database sees few queries. Keys asked in the same tick go together; while a batch call is
 * running, newly asked keys wait and go together in the next one (so under load, batches grow
 * instead of queries piling up). Every caller gets the value for its key (undefined when the batch
 * had none), or its batch's error.
 */
export function coalesce<key, value>(loadMany: (keys: key[]) => Promise<Map<key, value>>): (key: key) => Promise<value | undefined> {
  type Waiter = { resolve: (value: value | undefined) => void; reject: (error: unknown) => void }
  let waiting = new Map<key, Waiter[]>()
  let scheduled = false
  let loading = false

  const run = async () => {
    scheduled = false
    loading = true
    const batch = waiting
    waiting = new Map()
    try {
      const found = await loadMany([...batch.keys()])
      for (const [k, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(k))
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error)
    } finally {
      loading = false
      schedule()
    }
  }

  const schedule = () => {
    if (scheduled || loading || waiting.size === 0) return
    scheduled = true
    queueMicrotask(() => void run())
  }

  return (k) =>
    new Promise((resolve, reject) => {
      const waiters = waiting.get(k)
      if (waiters === undefined) waiting.set(k, [{ resolve, reject }])
      else waiters.push({ resolve, reject })
      schedule()
    })
}
