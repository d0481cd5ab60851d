import type { Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from '../http/context.js';
import { issuesFromZod } from '../http/zod-issues.js';

/**
 * Answers of the analysis routes that the shared error codes do not name (the contract's
 * `no_picture`, `no_clip`, …): same shape as every other error, `{code, message, requestId}`.
 */
export type AnalysisMiss = 'no_picture' | 'no_reference' | 'no_clip' | 'snapshot_failed' | 'range_not_satisfiable';

const STATUS: Record<AnalysisMiss, 404 | 416 | 502> = { no_picture: 404, no_reference: 404, no_clip: 404, snapshot_failed: 502, range_not_satisfiable: 416 };
const MESSAGES: Record<AnalysisMiss, { 'zh-CN': string; en: string }> = {
  no_picture: { 'zh-CN': '暂无画面(该设备尚无录像或抓拍)', en: 'No picture (nothing recorded yet)' },
  no_reference: { 'zh-CN': '该设备尚未学习参考画面', en: 'No reference scene has been learned for this device' },
  no_clip: { 'zh-CN': '证据视频尚未生成', en: 'The evidence clip is not ready' },
  snapshot_failed: { 'zh-CN': '无法从录像中取得画面', en: 'Could not take a picture from the recording' },
  range_not_satisfiable: { 'zh-CN': '请求的字节范围无效', en: 'The requested byte range is not satisfiable' },
};

export function sendMiss(c: Context<AppEnv>, code: AnalysisMiss, headers: Record<string, string> = {}) {
  const lang = c.get('lang') ?? 'zh-CN';
  return c.json({ code, message: MESSAGES[code][lang], requestId: c.get('requestId') ?? '' }, STATUS[code], headers);
}

const Id = z.uuid();
/** A path parameter that must be a uuid; anything else is simply not found. */
export function idParam(c: Context<AppEnv>, name: string): string {
  const r = Id.safeParse(c.req.param(name));
  if (!r.success) throw new AppError('not_found', '');
  return r.data;
}

/** A zod failure of a rule definition, as field issues under `definition`. */
export function definitionIssues(err: z.ZodError) {
  return issuesFromZod(err, ['definition']);
}
