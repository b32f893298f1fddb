import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '@corral/core'
import {
  AlertDeliveryList,
  AlertDeliveryQuery,
  AlertRule,
  AlertRuleList,
  AlertTarget,
  AlertTargetList,
  AlertTestResult,
  CreateAlertRuleRequest,
  CreateAlertTargetRequest,
  CreatedAlertTarget,
  IdParams,
  UpdateAlertRuleRequest,
  UpdateAlertTargetRequest,
} from '@corral/contracts'
import type { Alerts } from '../alerts/alerts-module.ts'
import { presentDelivery, presentRule, presentTarget } from '../alerts/alert-presenters.ts'

/** `/admin/alerts/…`: alert rules, webhook targets, "send test" and the delivery log. */
export const adminAlertsRoutes: FastifyPluginAsyncTypebox<{ alerts: Alerts }> = async (app, { alerts }) => {
  const config = { access: 'admin' as const }
  const tags = ['admin: alerts']
  const rule = (row: Parameters<typeof presentRule>[0]) => presentRule(row, alerts.evaluator.status(row.id))

  app.get(
    '/admin/alerts/rules',
    {
      config,
      schema: { tags, summary: 'Alert rules with their current state', response: { 200: AlertRuleList } },
    },
    async () => ({ rules: (await alerts.rules.list()).map(rule) }),
  )
  app.get(
    '/admin/alerts/rules/:id',
    { config, schema: { tags, summary: 'One alert rule', params: IdParams, response: { 200: AlertRule } } },
    async (request) => rule(await alerts.rules.get(request.params.id)),
  )
  app.post(
    '/admin/alerts/rules',
    {
      config,
      schema: {
        tags,
        summary: 'Create an alert rule',
        body: CreateAlertRuleRequest,
        response: { 201: AlertRule },
      },
    },
    async (request, reply) =>
      reply.code(201).send(rule(await alerts.rules.create(actorOf(request), request.body))),
  )
  app.patch(
    '/admin/alerts/rules/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change an alert rule (enable, disable, thresholds, targets)',
        params: IdParams,
        body: UpdateAlertRuleRequest,
        response: { 200: AlertRule },
      },
    },
    async (request) => rule(await alerts.rules.update(actorOf(request), request.params.id, request.body)),
  )
  app.delete(
    '/admin/alerts/rules/:id',
    { config, schema: { tags, summary: 'Delete an alert rule', params: IdParams } },
    async (request, reply) => {
      await alerts.rules.delete(actorOf(request), request.params.id)
      return reply.code(204).send()
    },
  )

  app.get(
    '/admin/alerts/targets',
    { config, schema: { tags, summary: 'Webhook targets', response: { 200: AlertTargetList } } },
    async () => ({ targets: (await alerts.targets.list()).map(presentTarget) }),
  )
  app.post(
    '/admin/alerts/targets',
    {
      config,
      schema: {
        tags,
        summary: 'Create a webhook target; a generic one gets a signing secret, shown in this answer only',
        body: CreateAlertTargetRequest,
        response: { 201: CreatedAlertTarget },
      },
    },
    async (request, reply) => {
      const { row, secret } = await alerts.targets.create(actorOf(request), request.body)
      return reply.code(201).send({ ...presentTarget(row), signing_secret: secret })
    },
  )
  app.patch(
    '/admin/alerts/targets/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a webhook target',
        params: IdParams,
        body: UpdateAlertTargetRequest,
        response: { 200: AlertTarget },
      },
    },
    async (request) =>
      presentTarget(await alerts.targets.update(actorOf(request), request.params.id, request.body)),
  )
  app.delete(
    '/admin/alerts/targets/:id',
    {
      config,
      schema: { tags, summary: 'Delete a webhook target (rules stop sending to it)', params: IdParams },
    },
    async (request, reply) => {
      await alerts.targets.delete(actorOf(request), request.params.id)
      return reply.code(204).send()
    },
  )
  app.post(
    '/admin/alerts/targets/:id/test',
    {
      config,
      schema: {
        tags,
        summary: 'Send a test notification; its attempts appear in the delivery log',
        params: IdParams,
        response: { 202: AlertTestResult },
      },
    },
    async (request, reply) => {
      const deliveryId = alerts.deliveries.sendTest(request.params.id)
      await alerts.targets.recordTest(actorOf(request), request.params.id)
      return reply.code(202).send({ delivery_id: deliveryId })
    },
  )

  app.get(
    '/admin/alerts/deliveries',
    {
      config,
      schema: {
        tags,
        summary: 'The delivery log: every attempt, newest first',
        querystring: AlertDeliveryQuery,
        response: { 200: AlertDeliveryList },
      },
    },
    async (request) => {
      const { target_id: targetId, rule_id: ruleId, limit } = request.query
      const rows = await alerts.deliveries.list({ targetId, ruleId, limit })
      return { deliveries: rows.map(presentDelivery), dropped: alerts.deliveries.droppedCount }
    },
  )
}
