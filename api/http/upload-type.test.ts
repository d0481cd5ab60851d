import { describe, expect, it } from 'vitest';
import { checkUpload, sniffType } from './upload-type.js';

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
const pdf = Buffer.from('%PDF-1.7\n…');
const text = Buffer.from('hello, this is not a picture');
const types = ['image/jpeg', 'image/png', 'application/pdf'] as const;

describe('checkUpload', () => {
  it('knows files by their bytes', () => {
    expect(sniffType(jpeg)).toBe('image/jpeg');
    expect(sniffType(pdf)).toBe('application/pdf');
    expect(sniffType(text)).toBeNull();
  });

  it('accepts what the bytes are, also when the browser named no type', () => {
    expect(checkUpload('file', jpeg, 'image/jpeg', types)).toEqual({ type: 'image/jpeg' });
    expect(checkUpload('file', pdf, 'application/octet-stream', types)).toEqual({ type: 'application/pdf' });
  });

  it('names the field and says which claim the bytes do not hold', () => {
    expect(checkUpload('photo', text, 'image/jpeg', ['image/jpeg', 'image/png'], 'x.jpg')).toEqual({ issue: { path: ['photo'], code: 'file.not_jpeg', message: 'file.not_jpeg', params: { filename: 'x.jpg' } } });
    expect(checkUpload('file', jpeg, 'application/pdf', types)).toMatchObject({ issue: { path: ['file'], code: 'file.not_pdf' } });
    expect(checkUpload('file', text, 'application/msword', types)).toMatchObject({ issue: { code: 'file.type_not_allowed', params: { allowed: 'JPEG / PNG / PDF' } } });
    expect(checkUpload('file', Buffer.alloc(0), 'image/png', types)).toMatchObject({ issue: { code: 'file.empty' } });
  });
});
