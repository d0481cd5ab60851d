import { describe, expect, it } from 'vitest';
import { composeDecision } from './compose.js';
import { checkText } from './mask.js';

const base = {
  documentNumber: '婺卫医罚〔2026〕12号',
  cause: '未按规定开展消毒工作',
  facts: '2026年9月21日，当事人消毒供应室操作间摄像头被遮挡，负责人王建国（电话13812345678）在场。',
  violated: ['《消毒管理办法》第四条'],
  basis: ['《消毒管理办法》第四十一条'],
  penalties: [{ kind: 'fine' as const, amountFen: 200000 }],
  agencyName: '金华市婺城区卫生健康局',
  decidedOn: '2026-12-05',
  otherIndividuals: ['王建国'],
};

describe('composeDecision', () => {
  it('publishes an organisation by name and credit code, masking the individuals the case names', () => {
    const c = composeDecision({ ...base, party: { type: 'organisation', name: '婺城区人民医院', creditCode: '12330702470100081L', legalRepresentative: '赵立新', address: '金华市婺城区八一北街1号' } });
    expect(c.partyName).toBe('婺城区人民医院');
    expect(c.title).toBe('婺城区人民医院未按规定开展消毒工作行政处罚决定信息');
    expect(c.body).toContain('行政处罚决定书文号：婺卫医罚〔2026〕12号');
    expect(c.body).toContain('统一社会信用代码：12330702470100081L');
    expect(c.body).toContain('负责人王某（电话138****5678）');
    expect(c.body).toContain('处罚种类和内容：罚款');
    expect(c.body).toContain('作出处罚决定的日期：2026年12月5日');
    expect(c.known.names).toEqual(['赵立新', '王建国']);
    expect(checkText(c.body, c.known)).toEqual([]);
  });

  it('masks a person party: name, home address', () => {
    const c = composeDecision({ ...base, party: { type: 'person', name: '张小明', address: '浙江省金华市婺城区八一北街12号', idNumber: null } });
    expect(c.partyName).toBe('张某');
    expect(c.title).toBe('张某未按规定开展消毒工作行政处罚决定信息');
    expect(c.body).toContain('被处罚人：张某');
    expect(c.body).toContain('住址：浙江省金华市婺城区****');
    expect(c.body).not.toContain('张小明');
    expect(c.body).not.toContain('八一北街');
  });
});
