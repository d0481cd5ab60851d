import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, csvLine } from './csv.js';

describe('audit CSV (RFC 4180, formula injection defused)', () => {
  it('leaves plain fields as they are and quotes commas, quotes and line breaks', () => {
    expect(csvField('张伟')).toBe('张伟');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(0)).toBe('0');
    expect(csvField(new Date('2026-12-05T01:02:03.004Z'))).toBe('2026-12-05T01:02:03.004Z');
  });

  it('prefixes cells a spreadsheet would run as a formula with an apostrophe', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+86 138')).toBe("'+86 138");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=cmd')).toBe("'\t=cmd");
    expect(csvField('=HYPERLINK("http://x","点我")')).toBe('"\'=HYPERLINK(""http://x"",""点我"")"');
    expect(csvField('=a,b')).toBe('"\'=a,b"');
    // Only at the start: a dash inside a name or an ISO date is left alone.
    expect(csvField('王-芳')).toBe('王-芳');
    expect(csvField('2026-12-05')).toBe('2026-12-05');
  });

  it('ends each record with CRLF and starts the file with a UTF-8 BOM', () => {
    expect(csvLine(['a', 1, null, '=x'])).toBe("a,1,,'=x\r\n");
    expect(Buffer.from(CSV_BOM, 'utf8')).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
