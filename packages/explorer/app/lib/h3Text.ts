/** An H3 cell stored as its uint64 in decimal (as the registry and the oracle keep it), in H3's usual hex. */
export const cellHex = (decimal: string): string => BigInt(decimal).toString(16)
