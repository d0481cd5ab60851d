/** What an evidence clip covers (flag page), Chinese. evidence.en.ts must have the same keys. */
export const evidenceZh = {
  covers: '片段覆盖',
  range: '{{from}} 至 {{to}}（{{duration}}）',
  version: '第 {{version}} 版（共 {{count}} 版）',
  ongoing: '事件仍在进行：这是目前已录制部分的片段，事件持续期间将生成更长的版本，可先行审核。',
  maxOngoing: '已达最长时长，片段已封存，事件仍在继续；此后的画面请查看原始录像。',
  maxEnded: '已达最长时长，片段已封存；事件持续至 {{end}}，片段之后的部分请查看原始录像。',
  ended: '覆盖事件全程：事件开始前 {{pre}} 秒至结束后 {{post}} 秒。',
  endedShort: '覆盖事件开始前 {{pre}} 秒起；录像在事件结束前中断，片段截至 {{to}}。',
  endedPending: '事件已结束，覆盖全程的最终片段生成中…',
  versions: '片段各版本',
  versionItem: '第 {{version}} 版',
  coverage: {
    event_ongoing: '事件进行中截取',
    event_ended: '事件结束后截取（最终版）',
    max_length: '达到最长时长（最终版）',
  },
  open: '播放此版本',
  seconds: '{{n}} 秒',
  minutes: '{{m}} 分 {{s}} 秒',
};
