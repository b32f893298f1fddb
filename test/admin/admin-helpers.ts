import type { ApiClient } from '../support/api-client.ts'
import { strongPassword } from '../support/test-corral.ts'

export { pollUntil, uniqueName, type CorralErrorBody } from '../accounts/accounts-helpers.ts'

/** A Corral error with the field a form would show it next to. */
export interface FieldErrorBody {
  statusCode: number
  code: string
  message: string
  fields?: { in: string; path: string; message: string }[]
}

export interface AdminUser {
  id: string
  username: string
  role: 'user' | 'admin'
  group_id: string
  group_name: string
  disabled: boolean
  created_at: string
  last_active_at: string | null
  active_key_count: number
}

/** Creates users named `<tag>-<suffix>` through the admin API; returns their ids in order. */
export async function createTaggedUsers(
  admin: ApiClient,
  tag: string,
  suffixes: string[],
  body: Record<string, unknown> = {},
): Promise<string[]> {
  const ids: string[] = []
  for (const suffix of suffixes) {
    const created = await admin.post<{ id: string }>('/corral/v1/admin/users', {
      username: `${tag}-${suffix}`,
      password: strongPassword(),
      ...body,
    })
    if (created.status !== 201) throw new Error(`creating a user failed: ${JSON.stringify(created.body)}`)
    ids.push(created.body.id)
  }
  return ids
}

export async function listUsers(admin: ApiClient, query: Record<string, string>) {
  const result = await admin.get<{ users: AdminUser[]; total: number }>(
    `/corral/v1/admin/users?${new URLSearchParams(query).toString()}`,
  )
  if (result.status !== 200) throw new Error(`listing users failed: ${JSON.stringify(result.body)}`)
  return result.body
}

/** Splits simple CSV text (no line breaks inside cells) into rows of cells, honouring quotes. */
export function parseCsv(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => {
      const cells: string[] = []
      let cell = ''
      let quoted = false
      for (let index = 0; index < line.length; index++) {
        const char = line[index]!
        if (quoted && char === '"' && line[index + 1] === '"') {
          cell += '"'
          index++
        } else if (char === '"') quoted = !quoted
        else if (char === ',' && !quoted) {
          cells.push(cell)
          cell = ''
        } else cell += char
      }
      cells.push(cell)
      return cells
    })
}
