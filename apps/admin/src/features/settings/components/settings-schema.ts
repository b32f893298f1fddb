/**
 * The settings form is generated from the JSON Schema the server validates with
 * (`GET /admin/settings/schema`): every leaf becomes a field with the schema's title, description and
 * bounds, so a setting added on the server appears here without a change to the panel.
 */
export interface SchemaNode {
  type?: string | string[]
  title?: string
  description?: string
  format?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  minLength?: number
  maxLength?: number
  properties?: Record<string, SchemaNode>
}

export interface SettingField {
  /** Dotted path into the settings object, e.g. `queue.max_length`. */
  path: string
  title: string
  description: string | null
  kind: 'boolean' | 'integer' | 'number' | 'string'
  node: SchemaNode
}

export interface SettingSection {
  key: string
  title: string
  description: string | null
  fields: SettingField[]
}

const kindOf = (node: SchemaNode): SettingField['kind'] => {
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type
  return type === 'boolean' || type === 'integer' || type === 'number' ? type : 'string'
}

const titleFrom = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replaceAll('_', ' ')

/** Top-level leaves form the “General” section; each top-level object is a section of its own. */
export function settingSections(schema: SchemaNode): SettingSection[] {
  const general: SettingSection = { key: '', title: 'General', description: null, fields: [] }
  const sections: SettingSection[] = [general]
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    if (node.properties) {
      sections.push({
        key,
        title: node.title ?? titleFrom(key),
        description: node.description ?? null,
        fields: Object.entries(node.properties).map(([child, leaf]) => field(`${key}.${child}`, child, leaf)),
      })
    } else general.fields.push(field(key, key, node))
  }
  return sections.filter((section) => section.fields.length > 0)
}

const field = (path: string, key: string, node: SchemaNode): SettingField => ({
  path,
  title: node.title ?? titleFrom(key),
  description: node.description ?? null,
  kind: kindOf(node),
  node,
})

export function getAt(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((current, key) => (current as Record<string, unknown> | undefined)?.[key], value)
}

export function setAt<T>(value: T, path: string, leaf: unknown): T {
  const [head, ...rest] = path.split('.')
  const object = value as Record<string, unknown>
  return { ...object, [head!]: rest.length ? setAt(object[head!], rest.join('.'), leaf) : leaf } as T
}

/** The same checks as the server's schema, for the keywords settings use; the server has the last word. */
export function checkField(field: SettingField, value: unknown): string | null {
  const { node } = field
  if (field.kind === 'boolean') return typeof value === 'boolean' ? null : 'Choose on or off'
  if (field.kind === 'integer' || field.kind === 'number') {
    if (typeof value !== 'number' || Number.isNaN(value)) return 'Enter a number'
    if (field.kind === 'integer' && !Number.isInteger(value)) return 'Enter a whole number'
    if (node.minimum !== undefined && value < node.minimum) return `At least ${node.minimum}`
    if (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum)
      return `More than ${node.exclusiveMinimum}`
    if (node.maximum !== undefined && value > node.maximum)
      return `At most ${new Intl.NumberFormat().format(node.maximum)}`
    return null
  }
  if (typeof value !== 'string') return 'Enter a value'
  if (node.minLength !== undefined && value.length < node.minLength)
    return node.minLength === 1 ? 'Required' : `At least ${node.minLength} characters`
  if (node.maxLength !== undefined && value.length > node.maxLength)
    return `At most ${node.maxLength} characters`
  return null
}

export interface SettingChange {
  field: string
  path: string
  before: unknown
  after: unknown
}

export function settingChanges(sections: SettingSection[], saved: unknown, draft: unknown): SettingChange[] {
  return sections.flatMap((section) =>
    section.fields
      .filter((field) => getAt(saved, field.path) !== getAt(draft, field.path))
      .map((field) => ({
        field: section.key ? `${section.title}: ${field.title}` : field.title,
        path: field.path,
        before: getAt(saved, field.path),
        after: getAt(draft, field.path),
      })),
  )
}

/** Only the changed leaves, nested as `PATCH /admin/settings` takes them. */
export function settingsPatch(changes: SettingChange[]): Record<string, unknown> {
  return changes.reduce<Record<string, unknown>>(
    (patch, change) => setAt(patch, change.path, change.after),
    {},
  )
}
