/** Addresses, URLs and keys read best in a fixed-width font: the input only, not its label. */
export const monospaceInput = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } }
