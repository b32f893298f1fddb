import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { readUrlState, writeUrlState, type StateOf, type StateSpec } from './url-state.ts'

/**
 * `[state, setState]` kept in the query string. Each change is a history entry (back and forward walk
 * through filter states) unless `replace` is asked for, e.g. for keystrokes that a debounce collects.
 * A change applies to the URL as it is now (`window.location`, which the browser router updates when
 * it navigates), not to the `searchParams` of the last render: the router renders navigations in a
 * transition, so a second change before that render (a debounced search landing just after a filter
 * was picked) would otherwise undo the first.
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
