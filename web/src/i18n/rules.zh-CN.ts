/** Analysis rule form: a restricted area's zone and unique names per device (issue 12, item 14). */
export const rulesZh = {
  zoneRequired: '限制区域（必填）',
  zoneRequiredHint: '“违规进入限制区域”规则必须在画面上划定区域：依次点击添加至少 3 个顶点，再点击第一个点闭合。',
  zoneMissing: '尚未划定区域：请在画面上点击添加顶点',
  zoneNotClosed: '请点击第一个点闭合区域',
  nameTaken: '该设备已有同名规则，请换一个名称',
};
