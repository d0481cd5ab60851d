/** Consent texts of issue 12 (what the analysis does; ticks with times; the agency's side). */
export const consentLegalZh = {
  analysisDerived: '分析内容由平台根据现有分析规则和识别模型的实际能力自动生成，不可手工修改，以免确认书承诺平台做不到的识别。',
  analysisLoading: '正在读取平台的分析能力…',
  templateVersion: '模板版本：{{version}}',
  amendedAnalysis: '原确认书的分析内容为：{{text}}。新确认书将按平台现有能力重新生成。',
  agencySide: '执法机构',
  agencyPhone: '联系电话',
  noPhone: '未登记（请管理员在机构信息中填写，现场公告需要）',
  issuedBy: '发起人',
  confirmations: '已勾选的确认事项',
  confirmedAt: '勾选时间',
  noConfirmations: '本确认书签署于勾选时间记录之前，仅记录已全部勾选。',
};
