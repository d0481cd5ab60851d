/**
 * Field problems by the code the API gives (api/http/zod-issues.ts, api/http/i18n.ts), in the
 * UI's language, so every form shows them without work of its own. Unknown codes show the
 * server's own words (it answers in the language the web asked for).
 */
export const fieldErrorZh = {
  required: '此项为必填项',
  invalid: '格式不正确',
  invalid_choice: '请从列表中选择',
  invalid_id: '所选项目无效,请重新选择',
  invalid_email: '电子邮箱格式不正确',
  invalid_url: '网址格式不正确',
  invalid_date: '日期格式不正确',
  invalid_datetime: '日期时间格式不正确',
  invalid_time: '时间格式不正确',
  invalid_format: '格式不正确',
  too_short: '至少 {{minimum}} 个字符',
  too_long: '最多 {{maximum}} 个字符',
  too_few: '至少选择 {{minimum}} 项',
  too_many: '最多 {{maximum}} 项',
  too_small: '不能小于 {{minimum}}',
  too_big: '不能大于 {{maximum}}',
  not_above: '须大于 {{minimum}}',
  not_below: '须小于 {{maximum}}',
  not_a_number: '请输入数字',
  not_an_integer: '请输入整数',
  not_a_list: '格式不正确(应为列表)',
  not_multiple_of: '须为 {{divisor}} 的整数倍',
  file_too_big: '文件过大',
  unknown_field: '不允许的字段',
  file: {
    empty: '文件为空',
    not_jpeg: '文件不是有效的 JPEG 图片',
    not_png: '文件不是有效的 PNG 图片',
    not_pdf: '文件不是有效的 PDF 文件',
    type_not_allowed: '不支持该文件类型,请上传 {{allowed}}',
  },
  user: {
    username_taken: '该用户名已被使用',
    username_format: '用户名为 3–64 位小写字母、数字或 . _ -',
    not_self: '不能对自己的账号执行此操作',
  },
  agency: {
    area_abbreviation_format: '区域简称为一至四个汉字',
    code_taken: '该行政区划代码已被使用',
    code_format: '行政区划代码为 6 位数字',
    no_lower_level: '区县一级以下不能再设下级机构',
    unknown: '所选机构不存在',
  },
};
