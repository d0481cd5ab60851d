/** What the server takes for a notice photo. */
const MAX_BYTES = 8 * 1024 * 1024;
const ACCEPTED = ['image/jpeg', 'image/png'];

export type UploadablePhoto = { blob: Blob; type: string; converted: boolean };

/**
 * A photo the server accepts: a JPEG or PNG of at most 8 MB goes as it is (its bytes, EXIF
 * included, are what gets hashed). Anything else the browser can decode (HEIC on a recent
 * iPhone, WebP, a 12 MB photo) is re-encoded as JPEG, smaller until it fits; null when the
 * browser cannot read it at all.
 */
export async function uploadablePhoto(file: File): Promise<UploadablePhoto | null> {
  if (ACCEPTED.includes(file.type) && file.size <= MAX_BYTES) return { blob: file, type: file.type, converted: false };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  try {
    let scale = Math.min(1, 4096 / Math.max(bitmap.width, bitmap.height));
    while (scale > 0.1) {
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
      if (blob && blob.size <= MAX_BYTES) return { blob, type: 'image/jpeg', converted: true };
      scale *= 0.7;
    }
    return null;
  } finally {
    bitmap.close();
  }
}
