/** Watermarked exports and the player's viewer watermark (issue 15), Chinese. watermark.en.ts must have the same keys. */
export const watermarkZh = {
  export: '导出(带水印)',
  exportClip: '导出视频(带水印)',
  exportSnapshot: '导出抓拍(带水印)',
  exportPdf: '导出副本(带水印)',
  exporting: '正在生成带水印的副本…',
  exported: '已导出 {{id}}(已登记:导出人、时间与文件校验值)',
  queued: '排队中,即将开始生成…',
  progress: '正在生成 {{percent}}%',
  download: '下载带水印的副本',
  failed: '生成失败:{{reason}}',
  exportHint: '导出的文件带有您的姓名、账号、时间和导出编号水印,可据此追溯;原件不变。',
  overlayLabel: '观看水印:{{name}}({{account}})',
  beijing: '北京时间',
};
