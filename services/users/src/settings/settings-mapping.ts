import type { Settings as ApiSettings, SettingsPatch as ApiSettingsPatch } from '@corral/contracts'
import type { Settings } from '@corral/core'
import type { SettingsPatch } from './settings-service.ts'

/**
 * The settings API uses snake_case like every Corral route; the typed settings are camelCase. The
 * shapes are otherwise identical, so the keys are converted generically rather than field by field.
 */
function convertKeys(value: unknown, convert: (key: string) => string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [convert(key), convertKeys(inner, convert)]),
  )
}

const toCamel = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())
export const toSnake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

export const settingsFromApi = (patch: ApiSettingsPatch) => convertKeys(patch, toCamel) as SettingsPatch
export const settingsToApi = (settings: Settings) => convertKeys(settings, toSnake) as ApiSettings
