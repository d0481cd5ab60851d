import QRCode from 'qrcode';

/** A QR code (PNG) of the document's verify URL. */
export function verifyQrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
}
