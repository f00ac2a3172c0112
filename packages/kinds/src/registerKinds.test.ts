import { describe, expect, it } from 'vitest'
import { kinds, registerKinds } from './registry.ts'

// Only refusals here: the registry is shared by every test file of a worker, so a kind registered
// for good would leak into them. networkFolder.e2e.test.ts registers one and runs a network of it.
describe('registerKinds', () => {
  it("refuses a network's own kind under the name of a kind Pinion ships, before importing anything", async () => {
    await expect(registerKinds({ uptime: new URL('./does-not-exist.ts', import.meta.url) })).rejects.toMatchObject({
      code: 'PINION_ERR_KIND_DEFINITION',
      message: `a network's own kind may not be named "uptime", the name of a kind Pinion ships; choose another`,
    })
  })

  it('refuses a module that exports no kind under the name it is registered by, and leaves the registry and environment as they were', async () => {
    const before = [...kinds.keys()]
    const module = new URL('./reasons.ts', import.meta.url)
    await expect(registerKinds({ meter: module })).rejects.toMatchObject({
      code: 'PINION_ERR_KIND_DEFINITION',
      message: `${module.href} exports no kind named "meter" (export const meter: Kind = { name: 'meter', … })`,
    })
    expect([...kinds.keys()]).toEqual(before)
    expect(process.env.PINION_KIND_MODULES).toBeUndefined()
  })
})
