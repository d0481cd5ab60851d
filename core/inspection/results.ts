import type { InspectionResult } from '../db/database.js';

/** What an inspection found, as the results list and its publication say it (issue 16 item 2). */
export const RESULT_ZH: Record<InspectionResult, string> = {
  no_problem: '未发现问题',
  problems_found: '发现问题',
  rectification_ordered: '责令整改',
  document_review: '书面审查（自查报告）结案',
  not_found: '检查对象未找到',
  closed: '已关闭（停业等）',
};
