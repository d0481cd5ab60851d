import type { TamperType } from '../../core/analysis/rule-definition.js';

/** Why a tamper flag was raised, in the words an officer reads. */
export const TAMPER_REASONS: Record<TamperType, { zh: string; en: string }> = {
  camera_covered: { zh: '画面全黑或被遮挡', en: 'picture black or covered' },
  camera_blurred: { zh: '画面明显模糊（与参考画面相比）', en: 'picture blurred compared with the reference scene' },
  picture_frozen: { zh: '画面长时间静止不变（视频可能被冻结或替换）', en: 'picture unchanged for too long (frozen or replaced video)' },
  view_moved: { zh: '视角与参考画面不符（摄像头可能被移动）', en: 'view no longer matches the reference scene (camera moved)' },
  stream_lost: { zh: '视频信号中断', en: 'video stream lost' },
};
