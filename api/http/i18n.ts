import type { ErrorCode } from '../../core/errors.js';

export type Lang = 'zh-CN' | 'en';

/** Picks zh-CN unless the client prefers English. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

const generic: Record<ErrorCode, Record<Lang, string>> = {
  validation_failed: { 'zh-CN': '提交的内容有误,请检查标出的字段', en: 'Some fields are invalid; check the marked fields' },
  invalid_json: { 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  payload_too_large: { 'zh-CN': '请求内容过大', en: 'The request body is too large' },
  unauthenticated: { 'zh-CN': '请先登录', en: 'Please log in' },
  invalid_credentials: { 'zh-CN': '用户名或密码不正确', en: 'Wrong username or password' },
  session_expired: { 'zh-CN': '登录已过期,请重新登录', en: 'Your session has expired; please log in again' },
  csrf_failed: { 'zh-CN': '安全校验失败,请刷新页面后重试', en: 'Security check failed; reload the page and try again' },
  forbidden: { 'zh-CN': '无权访问该资源', en: 'You are not allowed to access this resource' },
  not_found: { 'zh-CN': '未找到该资源', en: 'Not found' },
  conflict: { 'zh-CN': '与已有记录冲突', en: 'Conflicts with an existing record' },
  version_conflict: { 'zh-CN': '该记录已被他人修改,请刷新后再编辑', en: 'Someone else changed this record; reload and edit again' },
  rate_limited: { 'zh-CN': '尝试次数过多,请稍后再试', en: 'Too many attempts; try again later' },
  unavailable: { 'zh-CN': '服务暂不可用', en: 'Service unavailable' },
  internal: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
};

export function genericMessage(code: ErrorCode, lang: Lang): string {
  return generic[code][lang];
}

/** Field-level messages, keyed by a message id used in validation schemas. */
const fieldMessages: Record<string, Record<Lang, string>> = {
  'uscc.length': { 'zh-CN': '统一社会信用代码应为 18 位', en: 'The unified social credit code must have 18 characters' },
  'uscc.charset': { 'zh-CN': '统一社会信用代码含有无效字符(不使用 I、O、Z、S、V)', en: 'The unified social credit code has invalid characters (I, O, Z, S, V are not used)' },
  'uscc.check': { 'zh-CN': '统一社会信用代码校验位不正确,请核对', en: 'The check character of the unified social credit code is wrong' },
  'uscc.taken': { 'zh-CN': '该统一社会信用代码已登记', en: 'A business with this credit code is already registered' },
  'password.weak': { 'zh-CN': '密码至少 10 位,且须同时包含字母和数字', en: 'The password needs at least 10 characters with letters and digits' },
  'password.wrong': { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  'agency.not_district': { 'zh-CN': '请选择区县一级的辖区', en: 'Choose a district-level agency' },
  'agency.out_of_scope': { 'zh-CN': '不能选择本机构管辖范围以外的辖区', en: 'That district is outside your agency' },
  'date.order': { 'zh-CN': '下次校准日期不能早于校准日期', en: 'The calibration due date cannot be before the calibration date' },
  required: { 'zh-CN': '必填', en: 'Required' },
  invalid: { 'zh-CN': '格式不正确', en: 'Invalid value' },
  too_long: { 'zh-CN': '内容过长', en: 'Too long' },
  unknown_field: { 'zh-CN': '不允许的字段', en: 'Field not allowed' },
};

export function fieldMessage(id: string, lang: Lang): string | null {
  return fieldMessages[id]?.[lang] ?? null;
}
