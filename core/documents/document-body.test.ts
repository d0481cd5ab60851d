import { describe, expect, it } from 'vitest';
import { tidyBody } from './document-body.js';

describe('tidyBody', () => {
  it('prints a doubled full stop once, in paragraphs and notes, and leaves the rest as it is', () => {
    const body = tidyBody([
      { kind: 'paragraph', text: '责令你单位立即整改。。逾期不改正的，依法处理。.' },
      { kind: 'note', text: '备注。。' },
      { kind: 'fields', rows: [{ label: '地址', value: '人民路。。' }] },
    ]);
    expect(body[0]).toEqual({ kind: 'paragraph', text: '责令你单位立即整改。逾期不改正的，依法处理。' });
    expect(body[1]).toEqual({ kind: 'note', text: '备注。' });
    expect(body[2]).toEqual({ kind: 'fields', rows: [{ label: '地址', value: '人民路。。' }] });
  });
});
