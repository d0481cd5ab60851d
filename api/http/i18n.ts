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
  deadline_passed: { 'zh-CN': '答复期限已过,不能再提交', en: 'The deadline to answer has passed' },
  rate_limited: { 'zh-CN': '尝试次数过多,请稍后再试', en: 'Too many attempts; try again later' },
  document_mismatch: { 'zh-CN': '文件与登记的已签署文件不一致,可能已被修改', en: 'This file does not match the signed document on record; it may have been altered' },
  unavailable: { 'zh-CN': '服务暂不可用', en: 'Service unavailable' },
  db_unavailable: { 'zh-CN': '数据库暂时无法连接,请稍后重试', en: 'The database is unreachable for the moment; try again shortly' },
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
  'consent.date_order': { 'zh-CN': '有效期截止日期不能早于起始日期', en: 'The end date cannot be before the start date' },
  'consent.device_twice': { 'zh-CN': '同一设备不能重复选择', en: 'A device is listed twice' },
  'consent.device_not_at_site': { 'zh-CN': '所选设备不属于该场所', en: 'A chosen device is not at this site' },
  'consent.device_retired': { 'zh-CN': '所选设备已停用', en: 'A chosen device is retired' },
  'consent.site_archived': { 'zh-CN': '该场所或单位已归档,不能发起确认书', en: 'The site or business is archived' },
  'consent.site_has_open': { 'zh-CN': '该场所已有未完成的确认书(草稿或待签署),请先处理', en: 'This site already has a draft or pending consent' },
  'consent.must_amend': { 'zh-CN': '该场所已有生效的确认书,请以变更方式发起', en: 'This site has a consent in force: create an amendment instead' },
  'consent.nothing_to_amend': { 'zh-CN': '所变更的确认书不存在或已失效', en: 'The consent to amend is not in force' },
  'consent.not_now': { 'zh-CN': '确认书当前状态不允许此操作,请刷新后重试', en: 'The consent is not in a state that allows this; reload and try again' },
  'consent.text_changed': { 'zh-CN': '确认书内容与您阅读的版本不一致,请刷新后重新阅读', en: 'The text differs from the version you read; reload and read it again' },
  'consent.statements_missing': { 'zh-CN': '请逐项勾选全部确认事项', en: 'Tick every statement' },
  'consent.signature_invalid': { 'zh-CN': '手写签名无效,请重新签名', en: 'The drawn signature is not valid; sign again' },
  'consent.signature_too_big': { 'zh-CN': '手写签名图片过大', en: 'The signature image is too large' },
  'consent.code_format': { 'zh-CN': '验证码为 6 位数字', en: 'The code has 6 digits' },
  'consent.code_missing': { 'zh-CN': '请先获取验证码', en: 'Request a code first' },
  'consent.code_wrong': { 'zh-CN': '验证码不正确', en: 'The code is wrong' },
  'finding.deadline_passed': { 'zh-CN': '答复期限已过,不能再确认或提出异议', en: 'The deadline to confirm or dispute has passed' },
  'finding.already_answered': { 'zh-CN': '该事项已答复,不能重复提交', en: 'This finding has already been answered' },
  'finding.statement_required': { 'zh-CN': '提出异议时请填写陈述理由', en: 'Give your reasons when you dispute' },
  'finding.attachment_type': { 'zh-CN': '附件须为 JPEG、PNG 图片或 PDF 文件', en: 'Attachments must be JPEG or PNG images or PDF files' },
  'finding.too_many_attachments': { 'zh-CN': '附件数量已达上限', en: 'Too many attachments' },
  'consent.code_expired': { 'zh-CN': '验证码已过期,请重新获取', en: 'The code has expired; request a new one' },
  'consent.code_used': { 'zh-CN': '验证码已使用,请重新获取', en: 'The code was already used; request a new one' },
  'consent.code_locked': { 'zh-CN': '验证码错误次数过多,请重新获取', en: 'Too many wrong codes; request a new one' },
  'consent.code_too_soon': { 'zh-CN': '验证码已发送,请 60 秒后再试', en: 'A code was just sent; try again in 60 seconds' },
  'consent.code_not_sent': { 'zh-CN': '验证码发送失败,请稍后重试或联系执法机构', en: 'The code could not be sent; try again later or contact the agency' },
  'notify.email_not_configured': { 'zh-CN': '本平台未配置邮件服务(SMTP_URL),无法发送邮件,请联系系统管理员', en: 'E-mail is not configured on this platform (SMTP_URL); nothing can be e-mailed. Contact the administrator' },
  'notify.sms_not_configured': { 'zh-CN': '本平台未接入短信网关,无法发送短信,请改用邮件或联系系统管理员', en: 'No SMS gateway is configured; nothing can be sent by SMS. Use e-mail or contact the administrator' },
  'rule.zone_required': { 'zh-CN': '请在画面上划定限制区域(至少 3 个点)', en: 'Draw the restricted area on the picture (at least 3 points)' },
  'review.note_required': { 'zh-CN': '选择“其他”原因时请填写说明', en: 'Explain the reason when you choose "Other"' },
  'rule.name_taken': { 'zh-CN': '该设备已有同名规则,请换一个名称', en: 'This device already has a rule with this name' },
  'address.not_pending': { 'zh-CN': '该送达地址不在待验证状态', en: 'This service address is not waiting for verification' },
  'consent.no_address': { 'zh-CN': '未登记该方式的送达地址,请选择其他方式或联系执法机构', en: 'No address is registered for this channel' },
  'consent.photo_invalid': { 'zh-CN': '请上传 JPEG 或 PNG 照片', en: 'Upload a JPEG or PNG photo' },
  'media.offline': { 'zh-CN': '该设备当前不在线', en: 'The device is not streaming now' },
  'media.streams_down': { 'zh-CN': '视频服务暂不可用', en: 'The video service is unavailable' },
  'media.range': { 'zh-CN': '时间范围无效(最长 31 天)', en: 'Invalid time range (31 days at most)' },
  'text.invalid_utf8': { 'zh-CN': '含有无效字符编码(须为 UTF-8 文本)', en: 'Not valid UTF-8 text' },
  'json.too_deep': { 'zh-CN': '提交的内容嵌套层级过深', en: 'The request body is nested too deeply' },
  'text.control_char': { 'zh-CN': '含有不允许的控制字符', en: 'Contains a control character that is not allowed' },
  'verify.not_pdf': { 'zh-CN': '请选择 PDF 文件', en: 'Choose a PDF file' },
  'credential.not_active': { 'zh-CN': '该密钥已失效', en: 'This key is no longer active' },
  required: { 'zh-CN': '必填', en: 'Required' },
  invalid: { 'zh-CN': '格式不正确', en: 'Invalid value' },
  too_long: { 'zh-CN': '内容过长', en: 'Too long' },
  unknown_field: { 'zh-CN': '不允许的字段', en: 'Field not allowed' },
};

/** Why a device may not publish (core/consent/publish-authority.ts), in words. */
export const PUBLISH_REFUSALS: Record<string, Record<Lang, string>> = {
  malformed_key: { 'zh-CN': '密钥格式不正确', en: 'malformed key' },
  unknown_key: { 'zh-CN': '没有有效密钥', en: 'no valid key' },
  key_rotated: { 'zh-CN': '密钥已被更换', en: 'key rotated out' },
  key_revoked: { 'zh-CN': '密钥已吊销', en: 'key revoked' },
  wrong_device: { 'zh-CN': '密钥不属于该设备', en: 'key belongs to another device' },
  device_retired: { 'zh-CN': '设备已停用', en: 'device retired' },
  device_suspended: { 'zh-CN': '设备已暂停', en: 'device suspended' },
  no_consent: { 'zh-CN': '没有生效的安装确认书', en: 'no consent in force' },
  consent_not_signed: { 'zh-CN': '确认书(或变更)尚未签署', en: 'consent or amendment not yet signed' },
  consent_suspended: { 'zh-CN': '确认书已暂停', en: 'consent suspended' },
  consent_revoked: { 'zh-CN': '确认书已撤销', en: 'consent revoked' },
  consent_expired: { 'zh-CN': '确认书已过期', en: 'consent expired' },
  consent_not_yet_valid: { 'zh-CN': '确认书尚未生效', en: 'consent not yet valid' },
  placement_changed: { 'zh-CN': '设备位置或设置已改变,须重新签署确认书', en: 'device moved or changed: a new signature is needed' },
};
for (const [reason, text] of Object.entries(PUBLISH_REFUSALS)) {
  fieldMessages[`credential.${reason}`] = {
    'zh-CN': `不能签发推流密钥:${text['zh-CN']}`,
    en: `Cannot issue a stream key: ${text.en}`,
  };
}

export function fieldMessage(id: string, lang: Lang): string | null {
  return fieldMessages[id]?.[lang] ?? null;
}
