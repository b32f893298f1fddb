import { useDebouncedCallback } from '@mantine/hooks'
import { useEffect, useState } from 'react'

/**
 * A search box bound to a URL parameter: typing updates the box at once and the URL (so the query)
 * once typing pauses; back and forward put the URL's value back in the box.
 */
export function useDebouncedSearch(value: string, commit: (value: string) => void, delayMs = 300) {
  const [text, setText] = useState(value)
  const debounced = useDebouncedCallback(commit, delayMs)
  useEffect(() => setText(value), [value])
  const onChange = (next: string) => {
    setText(next)
    debounced(next)
  }
  return [text, onChange] as const
}
