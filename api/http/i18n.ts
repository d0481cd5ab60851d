import type { ErrorCode } from '../../core/errors.js';
import { GRANT_FIELD_MESSAGES } from '../../core/access/grant-rules.js';
import { HOLD_FIELD_MESSAGES } from '../../core/retention/hold-rules.js';
import { PUBLICATION_FIELD_MESSAGES } from '../../core/disclosure/publication-rules.js';

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
  procedure_refused: { 'zh-CN': '不符合法定程序,未予办理', en: 'Refused by the procedure the law sets' },
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
  'consent.tick_before_sent': { 'zh-CN': '勾选时间早于确认书发送时间，请重新逐项勾选', en: 'A statement was ticked before this confirmation was sent: tick each one again' },
  'agency.phone_invalid': { 'zh-CN': '联系电话格式不正确（例如 0579-82468000）', en: 'Not a phone number (e.g. 0579-82468000)' },
  'consent.signature_invalid': { 'zh-CN': '手写签名无效,请重新签名', en: 'The drawn signature is not valid; sign again' },
  'consent.signature_too_big': { 'zh-CN': '手写签名图片过大', en: 'The signature image is too large' },
  'consent.code_format': { 'zh-CN': '验证码为 6 位数字', en: 'The code has 6 digits' },
  'consent.code_missing': { 'zh-CN': '请先获取验证码', en: 'Request a code first' },
  'consent.code_wrong': { 'zh-CN': '验证码不正确', en: 'The code is wrong' },
  'finding.deadline_passed': { 'zh-CN': '答复期限已过,不能再确认或提出异议', en: 'The deadline to confirm or dispute has passed' },
  'finding.already_answered': { 'zh-CN': '该事项已答复,不能重复提交', en: 'This finding has already been answered' },
  'sampling.period_order': { 'zh-CN': '抽查期间的结束日期不能早于开始日期', en: 'The period cannot end before it starts' },
  'sampling.size_or_rate': { 'zh-CN': '请填写抽取数量或抽取比例(二选一)', en: 'Give a sample size or a rate, not both' },
  'sampling.already_drawn': { 'zh-CN': '该抽查计划已抽取样本,不能重新抽取', en: 'This plan has been drawn already; a draw is never repeated' },
  'sampling.not_drawn': { 'zh-CN': '该抽查计划尚未抽取样本', en: 'This plan has not been drawn yet' },
  'sampling.not_open': { 'zh-CN': '该抽查计划不在评查阶段(尚未抽取或已完成)', en: 'This plan is not under review (not drawn yet, or completed)' },
  'sampling.fail_needs_note': { 'zh-CN': '不符合的检查项须写明存在的问题', en: 'A failed check needs a note saying what is wrong' },
  'sampling.owner_out_of_scope': { 'zh-CN': '整改责任人须为被抽查单位在岗的工作人员', en: 'The follow-up owner must be active staff of the audited agency' },
  'sampling.due_in_past': { 'zh-CN': '整改期限不能早于今天', en: 'The due date cannot be in the past' },
  'sampling.finding_closed': { 'zh-CN': '该问题已整改完毕', en: 'This follow-up is already closed' },
  'sampling.items_unreviewed': { 'zh-CN': '尚有样本未评查,不能完成抽查', en: 'Some sampled items are not reviewed yet' },
  // The managers' dashboard and its exports (issue 16 item 1).
  'dashboard.day_invalid': { 'zh-CN': '日期格式应为 YYYY-MM-DD 且为有效日期', en: 'A day must be a real date written YYYY-MM-DD' },
  'dashboard.period_order': { 'zh-CN': '统计期间的结束日期不能早于开始日期', en: 'The period cannot end before it starts' },
  'dashboard.period_future': { 'zh-CN': '统计期间不能晚于今天(北京时间)', en: 'The period cannot end after today (Beijing time)' },
  'dashboard.period_too_long': { 'zh-CN': '统计期间不能超过 366 天,请缩小范围', en: 'The period cannot be longer than 366 days; narrow it' },
  'dashboard.period_incomplete': { 'zh-CN': '请同时给出统计期间的开始和结束日期', en: 'Give both the first and the last day of the period' },
  'dashboard.agency_required': { 'zh-CN': '请选择统计的地区(机构)', en: 'Choose the region (agency) to report on' },
  'dashboard.agency_unknown': { 'zh-CN': '该地区(机构)不存在', en: 'No such region (agency)' },
  'dashboard.region_outside': { 'zh-CN': '该地区不在您所在机构的管辖范围内,无权查看其统计数据', en: 'This region lies outside your agency’s jurisdiction; you may not see its figures' },
  'dashboard.export_too_large': { 'zh-CN': '导出不能超过 100000 条记录,请缩小查询条件', en: 'An export cannot hold more than 100,000 rows; narrow the filter' },
  'audit.period_order': { 'zh-CN': '查询期间的结束时间须晚于开始时间', en: 'The period must end after it starts' },
  'audit.period_too_long': { 'zh-CN': '查询期间不能超过一年,请缩小范围', en: 'The period cannot be longer than one year; narrow it' },
  'audit.export_too_large': { 'zh-CN': '导出不能超过 100000 条记录,请缩小查询条件', en: 'An export cannot hold more than 100,000 rows; narrow the filter' },
  'audit.record_kind_unknown': { 'zh-CN': '未知的记录类型', en: 'Unknown record kind' },
  'case.checklist_note_required': { 'zh-CN': '不符合的审查项须注明原因', en: 'A point not met needs a note saying why' },
  'case.officer_unknown': { 'zh-CN': '执法人员不存在', en: 'No such officer' },
  'case.head_unknown': { 'zh-CN': '负责人不存在或不是本机关负责人', en: 'No such unit head in this agency' },
  'case.chair_unknown': { 'zh-CN': '听证主持人不存在', en: 'No such hearing chair' },
  'case.evidence_unknown': { 'zh-CN': '证据不属于本案', en: 'This evidence is not part of the case' },
  'case.closed': { 'zh-CN': '案件已结案或不予立案,不能再处理', en: 'The case is closed or was not filed' },
  'case.export_ledger_behind': { 'zh-CN': '账本尚未完成签名封存,请稍后再导出案卷', en: 'The ledger has not yet sealed this case’s records; export again shortly' },
  'case.export_too_large': { 'zh-CN': '案卷超过 4 GB,无法打包为一个文件', en: 'The case file is larger than 4 GB and cannot be packed into one zip' },
  'case.extension_decided': { 'zh-CN': '该延期申请已处理', en: 'This extension request has already been decided' },
  'case.payment_amount': { 'zh-CN': '缴纳金额应为大于零的数额，最多两位小数', en: 'The amount paid must be above zero, with at most two decimals' },
  'case.payment_date_future': { 'zh-CN': '缴纳日期不能晚于今天', en: 'The payment date cannot be in the future' },
  'case.payment_date_early': { 'zh-CN': '缴纳日期不能早于处罚决定日期', en: 'The payment date cannot be before the decision' },
  'case.payment_reference': { 'zh-CN': '请填写缴款凭证号或银行流水号', en: 'Give the receipt or bank reference' },
  'case.payment_file_unknown': { 'zh-CN': '缴款凭证文件未上传或已失效，请重新上传', en: 'The receipt file was not uploaded; upload it again' },
  'case.statement_required': { 'zh-CN': '请填写陈述、申辩的内容', en: 'Write your statement and defence' },
  'case.file_unknown': { 'zh-CN': '附件不属于本案或已随其他陈述提交,请重新上传', en: 'A file is not part of this case or was already sent with another statement; upload it again' },
  'case.too_many_files': { 'zh-CN': '附件数量已达上限(每次陈述最多 10 个)', en: 'Too many files (10 per statement at most)' },
  'delivery.already_acknowledged': { 'zh-CN': '该文书已确认签收，不能重复签收', en: 'This document has already been acknowledged' },
  'finding.closed': { 'zh-CN': '该事项已办结(已撤销或已移送立案),不能再处理', en: 'This finding is closed (withdrawn or referred for case filing)' },
  'finding.not_disputed': { 'zh-CN': '该事项不在待处理异议状态,不能作此处理', en: 'This finding has no dispute awaiting an answer' },
  'finding.not_referable': { 'zh-CN': '企业尚在答复期限内,暂不能移送立案', en: 'The business may still answer this finding; it cannot be referred yet' },
  'finding.reason_required': { 'zh-CN': '请填写理由', en: 'Give a reason' },
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
  // Random inspection (issue 16 item 2): field problems of a plan, its recusals and a result.
  'inspection.period_order': { 'zh-CN': '检查期间止不能早于检查期间起', en: 'The period cannot end before it begins' },
  'inspection.size_or_rate': { 'zh-CN': '抽取数量与比例只能填写一项', en: 'Give a size or a rate, not both' },
  'inspection.recusal_twice': { 'zh-CN': '同一执法人员对同一检查对象已声明回避', en: 'This officer already stands aside for this business' },
  'inspection.recusal_outside': { 'zh-CN': '回避的执法人员或检查对象不在本次抽查范围内', en: 'The officer or the business of this recusal is outside the plan' },
  'inspection.note_required': { 'zh-CN': '发现问题或责令整改时请填写情况说明', en: 'Describe what was found or the rectification ordered' },
  'inspection.self_report_only_for_document_review': { 'zh-CN': '只有“书面审查（自查报告）结案”才能关联自查报告', en: 'Only a document-review result refers to a self-inspection report' },
  'inspection.self_report_not_of_business': { 'zh-CN': '该自查报告不存在或不属于本检查对象', en: 'No such self-inspection report of this business' },
  'inspection.self_report_not_accepted': { 'zh-CN': '该自查报告尚未经执法人员审查通过，不能据此书面审查结案', en: 'The self-inspection report has not been reviewed and accepted by an officer' },
  'inspection.date_in_future': { 'zh-CN': '检查日期不能晚于今天', en: 'The inspection date cannot be in the future' },
  'inspection.date_before_period': { 'zh-CN': '检查日期不能早于检查期间起', en: 'The inspection date cannot be before the period begins' },
  // Self-inspection reports (issue 16 item 3)
  'self_report.not_a_period': { 'zh-CN': '所选日期不是本单位报送周期的第一天', en: "The date is not the first day of one of this business's reporting periods" },
  'self_report.period_not_begun': { 'zh-CN': '该报送周期尚未开始,不能提前报送', en: 'This reporting period has not begun yet' },
  'self_report.period_closed': { 'zh-CN': '该报送周期已截止(逾期报送截止于下一周期的报送期限),不能再报送', en: "This period is closed (late reports are taken until the next period's due day)" },
  'self_report.draft_exists': { 'zh-CN': '本周期已有草稿,请继续填写该草稿', en: 'This period already has a draft: continue it' },
  'self_report.already_submitted': { 'zh-CN': '本周期的自查报告已报送,不能重复报送', en: 'The report for this period has already been submitted' },
  'self_report.business_archived': { 'zh-CN': '该单位已注销归档,不能报送自查报告', en: 'The business is archived' },
  'self_report.not_draft': { 'zh-CN': '该报告已签署报送,不能再修改', en: 'The report has been signed; it can no longer change' },
  'self_report.unknown_item': { 'zh-CN': '自查表中没有该项目', en: 'The checklist has no such item' },
  'self_report.unknown_photo': { 'zh-CN': '照片不属于本周期的报告', en: "The photo is not one of this period's report" },
  'self_report.item_unanswered': { 'zh-CN': '请回答此项(是/否/不适用)', en: 'Answer this item (yes / no / not applicable)' },
  'self_report.note_required': { 'zh-CN': '选择“否”或“不适用”时请说明情况及整改措施', en: 'Explain a “no” or “not applicable” (and what is being done)' },
  'self_report.photo_required': { 'zh-CN': '此项需要上传现场照片', en: 'This item needs a photo' },
  'self_report.content_changed': { 'zh-CN': '报告内容在您确认后已变更,请重新核对后再签署', en: 'The report changed after you reviewed it; review it again before signing' },
  'self_report.not_submitted': { 'zh-CN': '只能审核已报送且尚未审核的报告', en: 'Only a submitted report awaiting review can be reviewed' },
  'self_report.return_note_required': { 'zh-CN': '退回补正须写明原因', en: 'Say why the report is returned' },
  'self_report.falsified_reason_required': { 'zh-CN': '认定虚假须写明理由', en: 'Give the reason for finding the report falsified' },
  'self_report.not_accepted': { 'zh-CN': '只有审核通过的报告才能以书面审查方式完成日常检查', en: 'Only an accepted report can close a routine check by document review' },
  'self_report.routine_check_already_closed': { 'zh-CN': '该周期的日常检查已以书面审查方式完成', en: 'The routine check of this period is already closed' },
  // The 送达地址确认书 (issue 14 item 1)
  'service_address_confirmation.empty': { 'zh-CN': '送达地址不能为空:请至少选择一个已验证的电子邮箱、手机号码或平台账户', en: 'No address: choose at least one verified e-mail, mobile number or the portal account' },
  'service_address_confirmation.statements_missing': { 'zh-CN': '请逐项勾选确认事项', en: 'Tick every statement' },
  'service_address_confirmation.unknown_address': { 'zh-CN': '所选地址不是本单位登记的送达地址', en: "The chosen address is not one of this business's service addresses" },
  'service_address_confirmation.not_electronic': { 'zh-CN': '地址 {{address}} 不是电子邮箱或手机号码,不能列入电子送达地址确认书', en: 'The address {{address}} is not an e-mail address or mobile number; it cannot be confirmed for electronic service' },
  'service_address_confirmation.unproven': { 'zh-CN': '地址 {{address}} 尚未通过验证码验证,须先验证才能列入确认书', en: 'The address {{address}} has not been proven with a one-time code; prove it first' },
  'service_address_confirmation.stale': { 'zh-CN': '送达地址确认书已有更新的版本(可能已签署过),请刷新后查看', en: 'A newer confirmation exists (it may have been signed already); reload the page' },
  'service_address_confirmation.business_archived': { 'zh-CN': '该单位已注销归档,不能签署送达地址确认书', en: 'The business is archived; it cannot sign a confirmation' },
  'service_address_confirmation.withdraw_needs_new': { 'zh-CN': '该地址列在现行送达地址确认书中:撤回须签署不含该地址的新确认书', en: 'This address is in the current confirmation: to withdraw it, sign a new confirmation without it' },
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
  'reading.quantity': { 'zh-CN': '不支持的监测指标(free_chlorine 游离性余氯、turbidity 浑浊度)', en: 'Unknown quantity (free_chlorine, turbidity)' },
  'reading.unit': { 'zh-CN': '计量单位与监测指标不符(游离性余氯 mg/L,浑浊度 NTU)', en: 'Wrong unit for this quantity (free_chlorine mg/L, turbidity NTU)' },
  'reading.range': { 'zh-CN': '数值超出探头可测范围(游离性余氯 0–20 mg/L,浑浊度 0–4000 NTU)', en: 'Value outside what the probe can measure (free_chlorine 0–20 mg/L, turbidity 0–4000 NTU)' },
  'reading.future': { 'zh-CN': '测量时间晚于当前时间(设备时钟可能不准)', en: 'Measured in the future (is the device clock right?)' },
  'reading.too_old': { 'zh-CN': '测量时间早于 30 天前', en: 'Measured more than 30 days ago' },
  'reading.not_sensor': { 'zh-CN': '该密钥属于摄像头,不能上报监测数据', en: 'This key belongs to a camera, not a sensor' },
  // Codes of zod's issues (zod-issues.ts); the web words them the same way (web/src/i18n/errors.*.ts).
  required: { 'zh-CN': '此项为必填项', en: 'This field is required' },
  invalid: { 'zh-CN': '格式不正确', en: 'Invalid value' },
  invalid_choice: { 'zh-CN': '请从列表中选择', en: 'Choose one of the listed options' },
  invalid_id: { 'zh-CN': '所选项目无效,请重新选择', en: 'The chosen item is not valid; choose again' },
  invalid_email: { 'zh-CN': '电子邮箱格式不正确', en: 'Not a valid e-mail address' },
  invalid_url: { 'zh-CN': '网址格式不正确', en: 'Not a valid web address' },
  invalid_date: { 'zh-CN': '日期格式不正确', en: 'Not a valid date' },
  invalid_datetime: { 'zh-CN': '日期时间格式不正确', en: 'Not a valid date and time' },
  invalid_time: { 'zh-CN': '时间格式不正确', en: 'Not a valid time' },
  invalid_format: { 'zh-CN': '格式不正确', en: 'Wrong format' },
  too_short: { 'zh-CN': '至少 {{minimum}} 个字符', en: 'At least {{minimum}} characters' },
  too_long: { 'zh-CN': '最多 {{maximum}} 个字符', en: 'At most {{maximum}} characters' },
  too_few: { 'zh-CN': '至少选择 {{minimum}} 项', en: 'Choose at least {{minimum}}' },
  too_many: { 'zh-CN': '最多 {{maximum}} 项', en: 'At most {{maximum}} items' },
  too_small: { 'zh-CN': '不能小于 {{minimum}}', en: 'Must be at least {{minimum}}' },
  too_big: { 'zh-CN': '不能大于 {{maximum}}', en: 'Must be at most {{maximum}}' },
  not_above: { 'zh-CN': '须大于 {{minimum}}', en: 'Must be more than {{minimum}}' },
  not_below: { 'zh-CN': '须小于 {{maximum}}', en: 'Must be less than {{maximum}}' },
  not_a_number: { 'zh-CN': '请输入数字', en: 'Enter a number' },
  not_an_integer: { 'zh-CN': '请输入整数', en: 'Enter a whole number' },
  not_a_list: { 'zh-CN': '格式不正确(应为列表)', en: 'Expected a list' },
  not_multiple_of: { 'zh-CN': '须为 {{divisor}} 的整数倍', en: 'Must be a multiple of {{divisor}}' },
  file_too_big: { 'zh-CN': '文件过大', en: 'The file is too large' },
  unknown_field: { 'zh-CN': '不允许的字段', en: 'Field not allowed' },
  // Uploads: what the bytes are, not what the name or browser claimed (magic numbers).
  // Records uploaded from the field (R10): the late reason, and the upload's own refusals.
  'upload.late_reason_required': { 'zh-CN': '已超过存储时限({{limit}},{{rule}}),请填写逾期上传原因', en: 'Past the storage limit ({{limit}}, {{rule}}): give the reason it is uploaded late' },
  'upload.hash_mismatch': { 'zh-CN': '上传文件的哈希值与申报值不一致,文件未保存', en: 'The uploaded file does not match its declared SHA-256; nothing was stored' },
  'upload.truncated': { 'zh-CN': '文件未上传完整(已收到 {{received}} / {{size}} 字节),文件未保存', en: 'The file arrived incomplete ({{received}} of {{size}} bytes); nothing was stored' },
  'upload.officer_unknown': { 'zh-CN': '执法人员不存在或不是执法人员', en: 'Not an enforcement officer of the platform' },
  'file.empty': { 'zh-CN': '文件为空', en: 'The file is empty' },
  'file.not_jpeg': { 'zh-CN': '文件不是有效的 JPEG 图片', en: 'The file is not a valid JPEG image' },
  'file.not_png': { 'zh-CN': '文件不是有效的 PNG 图片', en: 'The file is not a valid PNG image' },
  'file.not_pdf': { 'zh-CN': '文件不是有效的 PDF 文件', en: 'The file is not a valid PDF document' },
  'file.type_not_allowed': { 'zh-CN': '不支持该文件类型,请上传 {{allowed}}', en: 'This kind of file is not accepted; upload {{allowed}}' },
  // Administration
  'user.username_format': { 'zh-CN': '用户名为 3–64 位小写字母、数字或 . _ -', en: 'Usernames are 3–64 lower-case letters, digits or . _ -' },
  'agency.code_format': { 'zh-CN': '行政区划代码为 6 位数字', en: 'The area code has 6 digits' },
  'agency.area_abbreviation_format': { 'zh-CN': '区域简称为一至四个汉字', en: 'The area abbreviation is one to four Chinese characters' },
  'user.username_taken': { 'zh-CN': '该用户名已被使用', en: 'This username is taken' },
  'user.not_self': { 'zh-CN': '不能对自己的账号执行此操作', en: 'You cannot do this to your own account' },
  'user.business_for_business_role': { 'zh-CN': '企业用户须选择所属单位', en: 'A business user needs a business' },
  'agency.code_taken': { 'zh-CN': '该行政区划代码已被使用', en: 'This area code is already used' },
  'agency.no_lower_level': { 'zh-CN': '区县一级以下不能再设下级机构', en: 'A district agency cannot have sub-agencies' },
  'agency.unknown': { 'zh-CN': '所选机构不存在', en: 'The chosen agency does not exist' },
  // Exports (issue 15): a copy leaves the platform only with the exporter's watermark burned in.
  'export.not_ready': { 'zh-CN': '带水印的副本还在生成,请稍候', en: 'The watermarked copy is still being made; wait a moment' },
  'export.gone': { 'zh-CN': '该副本已下载或已过期,请重新导出', en: 'This copy was already fetched or has expired; export again' },
  'watermark.required': { 'zh-CN': '导出的副本必须带水印,不能导出无水印文件', en: 'Exported copies always carry a watermark; an export without one is not possible' },
  // Access requests (调用单; core/access/grant-rules.ts)
  ...GRANT_FIELD_MESSAGES,
  // Holds (保全; core/retention/hold-rules.ts)
  ...HOLD_FIELD_MESSAGES,
  // Publications (R15; core/disclosure/publication-rules.ts)
  ...PUBLICATION_FIELD_MESSAGES,
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

for (const [reason, text] of Object.entries(PUBLISH_REFUSALS)) {
  fieldMessages[`readings.${reason}`] = { 'zh-CN': `拒绝接收监测数据:${text['zh-CN']}`, en: `Readings refused: ${text.en}` };
}

/** The text of a field message id, with `{{name}}` filled from params; null for an unknown id. */
export function fieldMessage(id: string, lang: Lang, params?: Record<string, string | number>): string | null {
  const text = fieldMessages[id]?.[lang];
  if (text === undefined) return null;
  return params ? text.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}
