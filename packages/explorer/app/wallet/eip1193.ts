/** The EIP-1193 provider interface, as much of it as the explorer uses. */
export type Eip1193Provider = {
  request(args: { method: string; params?: unknown }): Promise<unknown>
}

/** The provider a browser wallet extension injects, when there is one. */
export function injectedProvider(): Eip1193Provider | undefined {
  const candidate = (window as { ethereum?: Eip1193Provider }).ethereum
  return typeof candidate?.request === 'function' ? candidate : undefined
}
