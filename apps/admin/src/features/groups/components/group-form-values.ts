import type { AdminGroup, CreateGroupRequest } from '@corral/contracts'
import { limitsRequest, limitValues, type LimitValues } from '../../../lib/limits.ts'

/** The form's values: `allModels` stands for the null model list (every model). */
export interface GroupFormValues {
  name: string
  description: string
  priority: number
  weight: number
  allModels: boolean
  models: string[]
  limits: LimitValues
}

export function groupFormValues(group: AdminGroup | null): GroupFormValues {
  return {
    name: group?.name ?? '',
    description: group?.description ?? '',
    priority: group?.priority ?? 5,
    weight: group?.weight ?? 1,
    allModels: group ? group.models === null : true,
    models: group?.models ?? [],
    limits: limitValues(group?.limits ?? null),
  }
}

/** The request body for the values (the same for create, preview and save). */
export function groupRequest(values: GroupFormValues): CreateGroupRequest {
  return {
    name: values.name.trim(),
    description: values.description.trim(),
    priority: values.priority,
    weight: values.weight,
    models: values.allModels ? null : values.models,
    limits: limitsRequest(values.limits),
  }
}
