/**
 * This package's own modules are TypeScript in the checkout (run by tsx or vitest) and JavaScript
 * once built (dist/); only built code can lack a TypeScript loader.
 */
const BUILT = !import.meta.url.endsWith('.ts')
const TYPESCRIPT = /\.(?:c|m)?tsx?$/

let loaderRegistered = false

/**
 * Imports the module at `url`. A network's own files (its pinion.config.ts, its kinds) are
 * TypeScript: when the running code is built JavaScript, tsx's loader is registered first, once per
 * thread, so that Node can load them as the checkout's tsx does.
 */
export async function importModule(url: URL): Promise<Record<string, unknown>> {
  if (BUILT && !loaderRegistered && TYPESCRIPT.test(url.pathname)) {
    const { register } = await import('tsx/esm/api')
    register()
    loaderRegistered = true
  }
  return (await import(url.href)) as Record<string, unknown>
}
