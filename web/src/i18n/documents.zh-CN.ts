/** Enforcement documents (issue 13): the public verify page of a document, the 文号 settings. documents.en.ts has the same keys. */
export const documentsZh = {
  verify: {
    intro: '核验执法文书是否为执法机构出具的原件：文书信息与登记的文件指纹如下，可选择 PDF 文件逐字节比对。',
    kind: '文书种类',
    number: '文号/编号',
    agency: '出具机构',
    issuedAt: '出具日期',
    version: '当前版本',
    versionN: '第 {{n}} 版',
    sealed: '电子印章',
    sealedYes: '加盖',
    sealedNo: '不加盖',
    versions: '各版本文件指纹（SHA-256）',
    correction: '更正理由：{{reason}}',
    match: '一致：该文件与登记的第 {{n}} 版文书完全相同。',
    matchOld: '一致：该文件与登记的第 {{n}} 版文书完全相同，但该版已被更正，请以第 {{latest}} 版为准。',
    mismatchHint: '该文件与登记的各版本文书均不相同，可能被修改过，或不是本文书。',
  },
  agency: {
    areaAbbreviation: '区域简称(文号)',
    areaAbbreviationHint: '文号开头的区域简称，如“婺”卫医罚〔2026〕12号；一至四个汉字。',
  },
};
