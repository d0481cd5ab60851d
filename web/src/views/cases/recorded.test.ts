import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { recorded } from './recorded';

const i18n = i18next.createInstance();
await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', fallbackLng: 'zh-CN', interpolation: { escapeValue: false } });

describe('what a stage recorded, as the timeline shows it', () => {
  it('labels the acceptance record in Chinese, shows choices by their label and leaves ids out', () => {
    const lines = recorded(i18n.t, 'acceptance', { source: 'flags', sourceDetail: '非现场监管预警线索 1 条', summary: '操作间摄像头被遮挡', headId: 'f22822d9-a17f-497e-b15d-359d7083af69', headOpinion: '同意受理' });
    expect(lines).toEqual([
      ['案件来源', '非现场监管预警'],
      ['来源情况', '非现场监管预警线索 1 条'],
      ['案情摘要', '操作间摄像头被遮挡'],
      ['负责人意见', '同意受理'],
    ]);
  });
  it('a decision and an investigation report name their kind, not its code; the closing summary keeps its own label', () => {
    expect(recorded(i18n.t, 'decision', { outcome: 'penalty', penalty: { kinds: ['fine'], fineFen: 2_000_000 } })).toEqual([
      ['决定类型', '给予行政处罚'],
      ['行政处罚', '罚款 ¥20,000'],
    ]);
    expect(recorded(i18n.t, 'investigation_end', { proposalKind: 'minor' })).toEqual([['处理意见类型', '违法行为轻微,不予处罚']]);
    expect(recorded(i18n.t, 'closing', { summary: '已履行' })).toEqual([['结案情况', '已履行']]);
  });
  it('the party\'s statement sent online: its words and its waiver, not how it came nor its file list (the stage\'s badge and files say those)', () => {
    const lines = recorded(i18n.t, 'statement', { waived: false, statement: '已整改', hearingWaived: true, channel: 'online', files: [{ id: 'f', filename: 'a.pdf' }] });
    expect(lines.map(([, v]) => v)).toEqual(['✗', '已整改', '✓']);
  });
  it('in English too', async () => {
    await i18n.changeLanguage('en');
    expect(recorded(i18n.t, 'acceptance', { source: 'complaint', summary: 'x' })[0]).toEqual(['Source', 'Complaint']);
    await i18n.changeLanguage('zh-CN');
  });
});
