import { Type, type Static } from 'typebox'
import { Settings, SettingsPatch } from './admin.ts'

/**
 * `GET /admin/settings/schema`: what the settings form is generated from and checked against. `schema`
 * is the JSON Schema of `Settings` (the same object the server validates `PATCH` with), `defaults` what
 * "reset to default" restores.
 */
export const SettingsDescription = Type.Object({
  values: Settings,
  defaults: Settings,
  schema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema (draft 2020-12 subset)' }),
  version: Type.Integer({ description: 'Grows by one with every saved change; send it back with PATCH' }),
})
export type SettingsDescription = Static<typeof SettingsDescription>

/**
 * `PATCH /admin/settings`: only the fields given change. With `version`, settings saved by someone
 * else since then are not overwritten: 409 `CORRAL_ERR_STALE_EDIT`.
 */
export const AdminSettingsPatch = Type.Object({
  ...SettingsPatch.properties,
  version: Type.Optional(Type.Integer({ minimum: 0 })),
})
export type AdminSettingsPatch = Static<typeof AdminSettingsPatch>
