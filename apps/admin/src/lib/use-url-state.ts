import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { readUrlState, writeUrlState, type StateOf, type StateSpec } from './url-state.ts'

/**
 * `[state, setState]` kept in the query string. Each change is a history entry (back and forward walk
 * through filter states) unless `replace` is asked for, e.g. for keystrokes that a debounce collects.
 * A change applies to the URL as it is when the change lands, not as it was when the callback was
 * made: a debounced search must not undo a filter picked while it waited.
 */
export function useUrlState<S extends StateSpec>(spec: S) {
  const [params, setParams] = useSearchParams()
  const state = useMemo(() => readUrlState(spec, params), [spec, params])
  const setState = useCallback(
    (patch: Partial<StateOf<S>>, options: { replace?: boolean } = {}) =>
      setParams(() => writeUrlState(spec, new URLSearchParams(window.location.search), patch), {
        replace: options.replace ?? false,
        preventScrollReset: true,
      }),
    [spec, setParams],
  )
  return [state, setState] as const
}
