import type { RequestLogExportQuery } from '@corral/contracts'
import { param, type StateOf } from '../../../lib/url-state.ts'

/**
 * The view in the URL, with exactly the parameters other pages link with (the dashboards open the log
 * filtered to a figure): `user`, `key`, `group`, `model`, `backend`, `endpoint`, `status`, `from`, `to`
 * (ISO 8601), and `request` for the record whose drawer is open.
 */
export const requestsView = {
  user: param.string(),
  key: param.string(),
  group: param.string(),
  model: param.string(),
  backend: param.string(),
  endpoint: param.string(),
  status: param.string(),
  from: param.string(),
  to: param.string(),
  request: param.string(),
}
export type RequestsView = StateOf<typeof requestsView>
export type RequestFilters = Omit<RequestLogExportQuery, 'format'>

const isTimestamp = (text: string) => text !== '' && !Number.isNaN(Date.parse(text))

/** The API's filters for a view (the page, the live tail and the export take the same). */
export function requestFiltersFrom(view: RequestsView): RequestFilters {
  const filters: Record<string, string> = {}
  const add = (name: string, value: string) => {
    if (value.trim()) filters[name] = value.trim()
  }
  add('user_id', view.user)
  add('key_id', view.key)
  add('group_id', view.group)
  add('model', view.model)
  add('backend_id', view.backend)
  add('endpoint', view.endpoint)
  add('status', view.status)
  if (isTimestamp(view.from)) filters.from = new Date(view.from).toISOString()
  if (isTimestamp(view.to)) filters.to = new Date(view.to).toISOString()
  return filters
}

export const isFiltered = (view: RequestsView) =>
  Object.entries(view).some(([name, value]) => name !== 'request' && value !== '')

export const noFilters: Partial<RequestsView> = {
  user: '',
  key: '',
  group: '',
  model: '',
  backend: '',
  endpoint: '',
  status: '',
  from: '',
  to: '',
}
