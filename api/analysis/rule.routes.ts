import { route } from '../access/access.route.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { ModelDto, RuleDto, RuleVersionDto, toRuleDto, toRuleVersionDto } from './rule.dto.js';
import { DeviceParam, RuleInput, RuleParam, RulePatch } from './rule.schemas.js';
import type { RuleService } from './rule.service.js';

/** Analysis rules of a device, mounted at /api. */
export function ruleRoutes(rules: RuleService) {
  const app = router();
  const tags = ['analysis'];
  const r = { ...errorResponses };

  app.openapi(
    route('analysis.read', { method: 'get', path: '/devices/{deviceId}/rules', tags, request: { params: DeviceParam }, responses: { 200: json(z.object({ rules: z.array(RuleDto), model: ModelDto })), ...r } }),
    async (c) => {
      const { rules: rows, model } = await rules.list(callerOf(c), c.req.valid('param').deviceId);
      return c.json({ rules: rows.map(toRuleDto), model }, 200);
    },
  );
  app.openapi(
    route('analysis.write', { method: 'post', path: '/devices/{deviceId}/rules', tags, request: { params: DeviceParam, ...body(RuleInput) }, responses: { 201: json(RuleDto), ...r } }),
    async (c) => c.json(toRuleDto(await rules.create(callerOf(c), c.req.valid('param').deviceId, c.req.valid('json'))), 201),
  );
  app.openapi(
    route('analysis.write', { method: 'put', path: '/rules/{ruleId}', tags, request: { params: RuleParam, ...body(RulePatch) }, responses: { 200: json(RuleDto), ...r } }),
    async (c) => c.json(toRuleDto(await rules.update(callerOf(c), c.req.valid('param').ruleId, c.req.valid('json'))), 200),
  );
  app.openapi(
    route('analysis.read', { method: 'get', path: '/rules/{ruleId}/versions', tags, request: { params: RuleParam }, responses: { 200: json(z.object({ versions: z.array(RuleVersionDto) })), ...r } }),
    async (c) => c.json({ versions: (await rules.versions(callerOf(c), c.req.valid('param').ruleId)).map(toRuleVersionDto) }, 200),
  );
  return app;
}
