/**
 * The agency's electronic seal (行政处罚法 art. 59: the decision bears the agency's seal): the seal's
 * picture on the page and a digital signature over the whole PDF (PAdES) made with the agency's own
 * key, which common PDF readers verify. Keys are kept per agency under DATA_DIR/keys.
 */
export type SealInfo = { agencyId: string; agencyName: string; reason: string; location?: string };

export interface AgencySeal {
  /** Call on the pdfkit document before end(): reserves room for the signature (ByteRange + Contents). */
  prepare(doc: PDFKit.PDFDocument, info: SealInfo): void;
  /** Signs a finished PDF that `prepare` reserved room in, with the agency's key (created on first use). */
  sign(pdf: Buffer, info: SealInfo): Promise<Buffer>;
  /** Draws the seal (red, round, the agency's name along the rim, a star) with its centre at (x, y). */
  draw(doc: PDFKit.PDFDocument, at: { x: number; y: number; diameter: number }, agencyName: string): void;
  /** The agency's certificate (PEM) and its SHA-256 fingerprint (hex), created on first use. */
  certificate(info: Pick<SealInfo, 'agencyId' | 'agencyName'>): Promise<{ pem: string; sha256: string }>;
}
