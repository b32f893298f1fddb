import { Code } from '@mantine/core'

/** A key as it may be shown after its one showing: its prefix and, when known, its last four characters. */
export function MaskedKey({ prefix, lastFour }: { prefix: string; lastFour: string | null }) {
  return (
    <Code style={{ whiteSpace: 'nowrap' }} data-testid="masked-key">
      {prefix}…{lastFour ?? ''}
    </Code>
  )
}
