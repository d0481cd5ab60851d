/** The case file export (issue 14 item 6): the self-verifying bundle on the case workspace. */
export const bundleZh = {
  title: '案卷导出',
  export: '导出案卷（可离线核验）',
  hint: '压缩包内含本案全部文书（各版本）、证据视频与截图及其来源记录、账本记录及其签名证明、公钥和 index.html。法院或当事人无需登录、无需联网：用浏览器打开其中的 index.html 选择该压缩包，或运行 npm run verify -- 案卷.zip，即可核验任何字节是否被改动、缺失或增加。',
  logged: '每次导出均记入账本（导出人、时间、清单哈希）。',
};
