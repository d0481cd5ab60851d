import type { documentsZh } from './documents.zh-CN';

/** Enforcement documents (issue 13), English; same keys as documents.zh-CN.ts. */
export const documentsEn: typeof documentsZh = {
  verify: {
    intro: "Check that an enforcement document is the agency's original: its record and registered fingerprints are below; choose a PDF to compare byte for byte.",
    kind: 'Document',
    number: 'Number',
    agency: 'Issued by',
    issuedAt: 'Issued on',
    version: 'Current version',
    versionN: 'version {{n}}',
    sealed: 'Electronic seal',
    sealedYes: 'affixed',
    sealedNo: 'not affixed',
    versions: 'Fingerprints of each version (SHA-256)',
    correction: 'Corrected because: {{reason}}',
    match: 'Match: the file is exactly version {{n}} of the registered document.',
    matchOld: 'Match: the file is exactly version {{n}} of the registered document, but that version was corrected: version {{latest}} is the one in force.',
    mismatchHint: 'The file matches no version of the registered document: it may have been changed, or it is another document.',
  },
  agency: {
    areaAbbreviation: 'Area abbreviation (document numbers)',
    areaAbbreviationHint: 'The area abbreviation that starts document numbers, e.g. 婺 in 婺卫医罚〔2026〕12号; one to four Chinese characters.',
  },
};
