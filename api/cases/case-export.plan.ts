import type { FileRole } from '../../core/bundle/bundle-format.js';
import type { TemplateRegistry } from '../../core/documents/registry.js';
import type { DocumentKind } from '../../core/documents/template.js';
import type { Db } from '../../core/db/connect.js';
import type { EvidenceRow } from './case.repository.js';
import { caseExportRepository as repo } from './case-export.repository.js';

/**
 * What goes into a case file, before any byte is read: every version of every document, each
 * evidence item in its own folder (its media, and a provenance.json saying where they came
 * from), and the agencies' seal certificates. Media are named by blob; the ledger entry that
 * recorded each hash is attached once the entries are known (case-export.service.ts).
 */
export type Anchor = { entityType: string; entityId: string };
export type PlannedFile = {
  path: string;
  role: FileRole;
  title?: string;
  documentId?: string;
  version?: number;
  mediaType?: string;
  /** Where the hash was recorded: the first entry of this entity whose state or context holds it. */
  anchor?: Anchor;
} & ({ blob: string } | { bytes: string });

export type CasePlan = { files: PlannedFile[]; segmentIds: string[]; certificateIds: string[]; agencyIds: string[]; caseNumber: string | null };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'video/mp4': 'mp4', 'video/x-flv': 'flv', 'video/mp2t': 'ts', 'application/pdf': 'pdf' };
const ext = (mediaType: string | undefined, fallback: string) => (mediaType && EXT[mediaType]) || fallback;
const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

type Source = { sha256?: string; flagId?: string; version?: number; segments?: { id: string; sha256: string }[] };

export async function planCaseFile(db: Db, caseId: string, templates: TemplateRegistry | undefined): Promise<CasePlan> {
  const files: PlannedFile[] = [];
  const [docs, evidence] = await Promise.all([repo.documents(db, caseId), repo.evidence(db, caseId)]);

  docs.forEach((d, i) => {
    const title = templates?.get(d.kind as DocumentKind, d.template_version)?.title ?? d.kind;
    files.push({
      path: `documents/${pad(i + 1)}-${d.kind}${d.version > 1 ? `-v${d.version}` : ''}.pdf`,
      role: 'document',
      title: `${title}${d.number ? ` ${d.number}` : ''}${d.version > 1 ? `（第${d.version}版）` : ''}`,
      documentId: d.id,
      version: d.version,
      mediaType: 'application/pdf',
      blob: d.pdf_sha256,
      anchor: { entityType: 'document', entityId: d.id },
    });
  });

  const segmentIds = new Set<string>();
  const media: { ev: EvidenceRow; folder: string; items: { name: string; sha256: string; title: string }[]; provenance: Record<string, unknown> }[] = [];
  for (const [i, ev] of evidence.entries()) {
    const folder = `evidence/${pad(i + 1)}-${ev.kind}`;
    const src = ev.source as Source;
    const entry = { folder, ev, items: [] as { name: string; sha256: string; title: string }[], provenance: { evidence: ev } as Record<string, unknown> };
    if (ev.kind === 'snapshot' && src.sha256) {
      entry.items.push({ name: 'snapshot', sha256: src.sha256, title: ev.title });
      if (ev.flag_id) entry.provenance.flag = await repo.flagSnapshot(db, ev.flag_id);
    } else if (ev.kind === 'clip' && src.sha256) {
      entry.items.push({ name: `clip-v${src.version ?? 1}`, sha256: src.sha256, title: ev.title });
      const clip = src.flagId && src.version ? await repo.clip(db, src.flagId, src.version) : undefined;
      if (clip) entry.provenance.clip = clip;
      const covered = ((clip?.provenance as Source | undefined)?.segments ?? []).map((s) => s.id);
      for (const id of covered) segmentIds.add(id);
    } else if (ev.kind !== 'segments' && src.sha256) {
      // Any other item that names stored bytes (an uploaded file …) goes in as it is.
      entry.items.push({ name: ev.kind, sha256: src.sha256, title: ev.title });
    } else if (ev.kind === 'segments') {
      const segs = await repo.segments(db, (src.segments ?? []).map((s) => s.id));
      entry.provenance.segments = segs;
      segs.forEach((s, n) => {
        segmentIds.add(s.id);
        entry.items.push({ name: `segment-${pad(n + 1, 4)}`, sha256: s.blob_sha256, title: `${ev.title}：第 ${n + 1} 段（${s.started_at.toISOString()} 起）` });
      });
    }
    media.push(entry);
  }

  const types = await repo.blobTypes(db, media.flatMap((m) => m.items.map((it) => it.sha256)));
  for (const m of media) {
    for (const it of m.items) {
      const mediaType = types.get(it.sha256);
      files.push({ path: `${m.folder}/${it.name}.${ext(mediaType, 'bin')}`, role: 'evidence', title: it.title, mediaType, blob: it.sha256, anchor: { entityType: 'case_evidence', entityId: m.ev.id } });
    }
    files.push({ path: `${m.folder}/provenance.json`, role: 'provenance', title: `${m.ev.title}（来源与保全记录）`, mediaType: 'application/json', bytes: json(m.provenance) });
  }

  // The payments' receipts (缴纳凭证, 行政处罚法第六十七条), each anchored to the entry that recorded it.
  const [payments, deliveries] = await Promise.all([repo.payments(db, caseId), repo.deliveries(db, caseId)]);
  const receipts = payments.filter((p) => p.file_sha256);
  const receiptTypes = await repo.blobTypes(db, receipts.map((p) => p.file_sha256!));
  receipts.forEach((p, i) => {
    const mediaType = receiptTypes.get(p.file_sha256!);
    files.push({ path: `payments/${pad(i + 1)}-receipt.${ext(mediaType, 'bin')}`, role: 'evidence', title: `缴款凭证${p.reference ? ` ${p.reference}` : ''}${p.paid_on ? `（${p.paid_on}）` : ''}`, mediaType, blob: p.file_sha256!, anchor: { entityType: 'case_payment', entityId: p.id } });
  });
  // Each delivery's evidence as recorded (民诉法第八十七条—第九十五条; ETSI EN 319 522): the delivery, its
  // channels and its hash-chained events, and the proof a method left (a signature, a photo of lodging).
  for (const [i, d] of deliveries.entries()) {
    const folder = `deliveries/${pad(i + 1)}-${d.delivery.document_kind ?? d.delivery.subject_kind}`;
    files.push({ path: `${folder}/evidence.json`, role: 'provenance', title: `送达过程（${d.delivery.document_number ?? d.delivery.document_kind ?? ''}，哈希链 ${d.events.length} 个事件）`, mediaType: 'application/json', bytes: json(d) });
    for (const ch of d.channels) {
      const proof = (ch.proof ?? {}) as { signatureSha256?: string; photoSha256?: string };
      if (proof.signatureSha256) files.push({ path: `${folder}/signature-${ch.id.slice(0, 8)}.png`, role: 'evidence', title: `受送达人签名（${ch.address}）`, mediaType: 'image/png', blob: proof.signatureSha256, anchor: { entityType: 'delivery_channel', entityId: ch.id } });
      if (proof.photoSha256) files.push({ path: `${folder}/lodging-${ch.id.slice(0, 8)}.jpg`, role: 'evidence', title: `留置送达照片（${ch.address}）`, mediaType: 'image/jpeg', blob: proof.photoSha256, anchor: { entityType: 'delivery_channel', entityId: ch.id } });
    }
  }

  const agencyIds = [...new Set(docs.map((d) => d.agency_id))];
  const certs = await repo.sealCertificates(db, agencyIds);
  certs.forEach((c, i) => {
    files.push({ path: `keys/seal-${pad(i + 1)}-${c.sha256.slice(0, 16)}.pem`, role: 'certificate', title: `电子印章证书 ${c.subject}`, mediaType: 'application/x-pem-file', bytes: c.certificate_pem.endsWith('\n') ? c.certificate_pem : `${c.certificate_pem}\n`, anchor: { entityType: 'agency_seal_certificate', entityId: c.id } });
  });

  // The case's number: the decision's 文号 once decided, else the acceptance record's 编号.
  const numbered = (kind: string) => docs.filter((d) => d.kind === kind && d.number).at(-1)?.number ?? null;
  const caseNumber = numbered('penalty_decision') ?? numbered('case_acceptance') ?? docs.find((d) => d.number)?.number ?? null;
  return { files, segmentIds: [...segmentIds], certificateIds: certs.map((c) => c.id), agencyIds, caseNumber };
}
