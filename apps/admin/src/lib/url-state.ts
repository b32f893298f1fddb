/**
 * View state in the URL (filters, sort, page, tab), so a reload, a shared link or the browser's back
 * and forward buttons restore a view exactly. A spec names each parameter with its default; defaults
 * stay out of the URL, so a plain `/admin/users` is the default view. Pure functions here; the hook is
 * `use-url-state.ts`.
 */
export interface ParamSpec<T> {
  readonly defaultValue: T
  /** Parses the raw query value; anything unparseable reads as the default. */
  parse(raw: string): T | undefined
  serialize(value: T): string
}

export type StateSpec = Record<string, ParamSpec<unknown>>
export type StateOf<S extends StateSpec> = { [K in keyof S]: S[K]['defaultValue'] }

export interface Sort<C extends string = string> {
  column: C
  direction: 'asc' | 'desc'
}

export const param = {
  string: (defaultValue = ''): ParamSpec<string> => ({
    defaultValue,
    parse: (raw) => raw,
    serialize: (value) => value,
  }),

  integer: (defaultValue: number, { min = 1, max = Number.MAX_SAFE_INTEGER } = {}): ParamSpec<number> => ({
    defaultValue,
    parse: (raw) => {
      if (!/^\d+$/.test(raw)) return undefined
      const value = Number(raw)
      return value >= min && value <= max ? value : undefined
    },
    serialize: String,
  }),

  oneOf: <const T extends string>(values: readonly T[], defaultValue: T): ParamSpec<T> => ({
    defaultValue,
    parse: (raw) => ((values as readonly string[]).includes(raw) ? (raw as T) : undefined),
    serialize: (value) => value,
  }),

  /** `sort=username` (ascending) or `sort=-created_at` (descending), limited to the sortable columns. */
  sort: <const C extends string>(columns: readonly C[], defaultValue: Sort<C>): ParamSpec<Sort<C>> => ({
    defaultValue,
    parse: (raw) => {
      const direction = raw.startsWith('-') ? 'desc' : 'asc'
      const column = raw.replace(/^-/, '')
      return (columns as readonly string[]).includes(column) ? { column: column as C, direction } : undefined
    },
    serialize: (value) => `${value.direction === 'desc' ? '-' : ''}${value.column}`,
  }),
}

export function readUrlState<S extends StateSpec>(spec: S, params: URLSearchParams): StateOf<S> {
  const state: Record<string, unknown> = {}
  for (const [name, item] of Object.entries(spec)) {
    const raw = params.get(name)
    state[name] = raw === null ? item.defaultValue : (item.parse(raw) ?? item.defaultValue)
  }
  return state as StateOf<S>
}

/**
 * The query string after applying `patch`. Parameters outside the spec are kept (another component's
 * state, e.g. an open drawer). Changing anything but the page goes back to the first page, because
 * page 7 of another filter is a different, usually empty, page.
 */
export function writeUrlState<S extends StateSpec>(
  spec: S,
  params: URLSearchParams,
  patch: Partial<StateOf<S>>,
): URLSearchParams {
  const next = new URLSearchParams(params)
  const current = readUrlState(spec, params)
  const changed = Object.keys(patch).filter(
    (name) => name in spec && !sameValue(spec[name]!, patch[name], current[name]),
  )
  const values: Record<string, unknown> = { ...current, ...patch }
  if (changed.length > 0 && !changed.includes('page') && 'page' in spec) values.page = spec.page.defaultValue
  for (const [name, item] of Object.entries(spec)) {
    const serialized = item.serialize(values[name])
    if (serialized === item.serialize(item.defaultValue)) next.delete(name)
    else next.set(name, serialized)
  }
  return next
}

const sameValue = (item: ParamSpec<unknown>, a: unknown, b: unknown) =>
  item.serialize(a) === item.serialize(b)

/** `limit` and `offset` of a view's page (pages count from 1), as every list route takes them. */
export const pageOf = (view: { page: number; size: number }) => ({
  limit: view.size,
  offset: (view.page - 1) * view.size,
})

/** `sort` and `order` of a view's sort, as the list routes take them. */
export const orderOf = <C extends string>(sort: Sort<C>) => ({ sort: sort.column, order: sort.direction })
