import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

/**
 * Field errors are structured (path + code + params) and worded for people: no validator English
 * ("Invalid option: expected one of …", "Invalid UUID") in either language.
 */
let t: TestDatabase;
let api: TestApi;
let officer: Session;
let district: string;
type Problem = { code: string; message: string; issues: { path: (string | number)[]; code: string; params?: Record<string, unknown>; message: string }[] };

beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
  officer = await api.login('officer.wc');
  const agencies = (await (await officer.get('/api/agencies')).json()) as { items: { id: string; code: string }[] };
  district = agencies.items.find((a) => a.code === '330702')!.id;
});
afterAll(async () => t.destroy());

const business = (over: Record<string, unknown>) => ({ name: '错误提示测试', creditCode: '91330702MA2E0000X', category: 'other', agencyId: district, address: '婺城区测试路 1 号', ...over });
const issueAt = (p: Problem, path: string) => p.issues.find((i) => i.path.join('.') === path);

describe('field errors in words the user understands', () => {
  it('an invalid choice, a broken id and a too-long text each name the field with a code and Chinese words', async () => {
    const res = await officer.post('/api/businesses', business({ category: 'spaceship', agencyId: 'not-an-id', name: '长'.repeat(201) }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as Problem;
    expect(body.code).toBe('validation_failed');
    expect(issueAt(body, 'category')).toMatchObject({ code: 'invalid_choice', message: '请从列表中选择' });
    expect(issueAt(body, 'category')?.params?.options).toContain('medical');
    expect(issueAt(body, 'agencyId')).toMatchObject({ code: 'invalid_id', message: '所选项目无效,请重新选择' });
    expect(issueAt(body, 'name')).toMatchObject({ code: 'too_long', params: { maximum: 200 }, message: '最多 200 个字符' });
    for (const i of body.issues) expect(i.message, JSON.stringify(i)).not.toMatch(/Invalid|expected|Too (big|small)/);
  });

  it('a missing field is "required", and English is given when asked for', async () => {
    const res = await officer.request('POST', '/api/businesses', { category: 'nope', agencyId: district, address: 'x', creditCode: '91330702MA2E0000X' }, { 'accept-language': 'en' });
    const body = (await res.json()) as Problem;
    expect(issueAt(body, 'name')).toMatchObject({ code: 'required', message: 'This field is required' });
    expect(issueAt(body, 'category')).toMatchObject({ code: 'invalid_choice', message: 'Choose one of the listed options' });
  });

  it('a field the API does not know is named as not allowed', async () => {
    const body = (await (await officer.post('/api/businesses', business({ colour: 'red' }))).json()) as Problem;
    expect(issueAt(body, 'colour')).toMatchObject({ code: 'unknown_field', message: '不允许的字段' });
  });

  it('the OpenAPI document describes issue codes and params', async () => {
    const doc = (await (await api.app.request('/api/openapi.json')).json()) as { components: { schemas: { Error: { properties: { issues: { items: { properties: Record<string, unknown> } } } } } } };
    expect(Object.keys(doc.components.schemas.Error.properties.issues.items.properties)).toEqual(expect.arrayContaining(['path', 'code', 'params', 'message']));
  });
});
