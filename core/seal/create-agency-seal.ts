import { X509Certificate } from 'node:crypto';
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type { Db } from '../db/connect.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { AgencySeal, SealInfo } from './agency-seal.js';
import { CadesSigner } from './cms-signer.js';
import { drawSealPicture } from './seal-picture.js';
import { createSelfIssued, ensureKeysDir, readLoneKey, readSealMaterial, restoreCertificate, sealFiles, type SealMaterial } from './seal-keys.js';
import { findAgencyName, listSealCertificates, lockAgencySeal, recordSealCertificate } from './seal.repository.js';

export type AgencySealDeps = {
  /** DATA_DIR/keys (config.keysDir). */
  keysDir: string;
  db: Db;
  log: Logger;
  /** Passphrase of authority-issued `<agencyId>.p12` files (config.seal.p12Passphrase). */
  p12Passphrase?: string;
  /** Name the documents register their bold CJK font under (api/documents/pdf-fonts.ts ZH_BOLD). */
  font?: string;
  /** Text under the star (default 电子印章; null: none). */
  caption?: string | null;
  now?: () => Date;
};

/**
 * Room reserved for the CMS in the PDF (bytes; twice that in hex). One RSA-3072 certificate and
 * signature need ~2.3 KB; the rest is for an authority's chain from a .p12.
 */
export const SIGNATURE_LENGTH = 16384;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The agencies' electronic seals (行政处罚法 art. 59 ¶2: 行政处罚决定书必须盖有作出行政处罚决定的行政机关的
 * 印章): the seal's picture on the page and a PAdES signature with the agency's key, made on first
 * use and recorded (see seal-keys.ts: platform certificates are self-issued).
 */
export function createAgencySeal(deps: AgencySealDeps): AgencySeal & { material(info: Pick<SealInfo, 'agencyId'>): Promise<SealMaterial> } {
  const log = deps.log.child({ module: 'seal' });
  const now = deps.now ?? (() => new Date());
  const loaded = new Map<string, Promise<SealMaterial>>();

  /**
   * The agency's key, under its seal lock: the one on disk if its certificate is recorded (or
   * it is new on disk: an authority's .p12 just put there), else made and recorded. A recorded
   * certificate whose key is gone is an error: a new key would cut the link to earlier seals.
   */
  async function loadOrCreate(agencyId: string): Promise<SealMaterial> {
    ensureKeysDir(deps.keysDir);
    return deps.db.transaction().execute(async (trx) => {
      await lockAgencySeal(trx, agencyId);
      const agencyName = await findAgencyName(trx, agencyId);
      if (!agencyName) throw new AppError('not_found', `agency ${agencyId} not found: no seal without an agency`);
      const recorded = await listSealCertificates(trx, agencyId);
      let m = readSealMaterial(deps.keysDir, agencyId, deps.p12Passphrase);
      const lone = m ? null : readLoneKey(deps.keysDir, agencyId);
      if (!m && lone) {
        // A key whose certificate file is gone: the recorded certificate is put back beside it.
        const own = recorded.find((r) => r.source === 'self_issued' && new X509Certificate(r.certificate_pem).checkPrivateKey(lone));
        if (own) m = restoreCertificate(deps.keysDir, agencyId, lone, own.certificate_pem);
      }
      if (!m) {
        if (recorded.length) {
          const last = recorded[0];
          throw new Error(
            `the seal key of agency ${agencyId} (${agencyName}) is missing from ${deps.keysDir}: certificate ${last.sha256} (${last.source}, recorded ${last.created_at.toISOString()}) ` +
              `needs ${last.source === 'p12' ? sealFiles(deps.keysDir, agencyId).p12 : sealFiles(deps.keysDir, agencyId).key}. Restore it from backup; a new key is not made in its place.`,
          );
        }
        m = await createSelfIssued(deps.keysDir, agencyId, agencyName, now(), lone ?? undefined);
        log.info({ agencyId, sha256: m.sha256 }, 'seal key created (self-issued certificate)');
      }
      const known = recorded.find((r) => r.sha256 === m.sha256);
      if (!known) {
        if (m.source === 'self_issued' && recorded.some((r) => r.source === 'self_issued')) {
          throw new Error(`the seal key files of agency ${agencyId} (${sealFiles(deps.keysDir, agencyId).cert}) are not the ones recorded (${recorded[0].sha256}): were they replaced?`);
        }
        await recordSealCertificate(trx, {
          agency_id: agencyId,
          sha256: m.sha256,
          certificate_pem: m.certificatePem,
          subject: m.subject,
          not_before: m.notBefore,
          not_after: m.notAfter,
          source: m.source,
        });
      }
      return m;
    });
  }

  function material(info: Pick<SealInfo, 'agencyId'>): Promise<SealMaterial> {
    if (!UUID.test(info.agencyId)) return Promise.reject(new AppError('validation_failed', `agencyId must be a UUID (got ${JSON.stringify(info.agencyId)})`));
    const id = info.agencyId.toLowerCase();
    let p = loaded.get(id);
    if (!p) {
      p = loadOrCreate(id);
      loaded.set(id, p);
      p.catch(() => loaded.delete(id)); // a failure is not remembered: the next call tries again
    }
    return p;
  }

  return {
    material,

    prepare(doc, info) {
      pdfkitAddPlaceholder({
        pdf: doc,
        pdfBuffer: Buffer.alloc(0), // unused by the pdfkit variant
        reason: info.reason,
        contactInfo: '',
        name: info.agencyName,
        location: info.location ?? '',
        signingTime: now(),
        signatureLength: SIGNATURE_LENGTH,
        subFilter: SUBFILTER_ETSI_CADES_DETACHED,
        appName: 'Vigil',
      });
    },

    async sign(pdf, info) {
      const m = await material(info);
      const at = now();
      if (at > m.notAfter) throw new Error(`the seal certificate of agency ${info.agencyId} expired on ${m.notAfter.toISOString()}`);
      try {
        return await new SignPdf().sign(pdf, new CadesSigner({ privateKey: m.privateKey, certificateDer: m.certificateDer, chainDer: m.chainDer }));
      } catch (err) {
        throw new Error(`cannot seal the PDF for agency ${info.agencyId}: ${(err as Error).message}${/ByteRange/.test((err as Error).message) ? ' (was prepare() called before doc.end()?)' : ''}`);
      }
    },

    draw(doc, at, agencyName) {
      drawSealPicture(doc, at, agencyName, { font: deps.font ?? 'zh-bold', caption: deps.caption });
    },

    async certificate(info) {
      const m = await material(info);
      return { pem: m.certificatePem, sha256: m.sha256 };
    },
  };
}
