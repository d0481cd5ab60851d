import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Ed25519 key that signs ledger checkpoints. Kept as two PEM files under the directory the
 * caller gives (DATA_DIR/keys): the private key (mode 0600) and the public key beside it.
 */
export const PRIVATE_KEY_FILE = 'ledger-ed25519.pem';
export const PUBLIC_KEY_FILE = 'ledger-ed25519.pub.pem';

export type LedgerPublicKey = {
  /** Hex SHA-256 of the public key's SPKI DER encoding. */
  keyId: string;
  publicKeyPem: string;
  verify(message: Buffer, signature: Buffer): boolean;
};

export type LedgerSigner = LedgerPublicKey & { sign(message: Buffer): Buffer };

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

function publicKeyFrom(key: KeyObject): LedgerPublicKey {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`ledger key must be Ed25519, not ${key.asymmetricKeyType}`);
  return {
    keyId: keyIdOf(key),
    publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(),
    verify: (message, signature) => {
      try {
        return verify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  };
}

/** Writes a file only if it does not exist yet; false when another process won the race. */
function writeNew(file: string, data: string, mode: number): boolean {
  try {
    writeFileSync(file, data, { mode, flag: 'wx' });
    chmodSync(file, mode);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Loads the signing key from `dir`, creating a new one (and the directory) on first start. */
export function loadOrCreateSigner(dir: string): LedgerSigner {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privFile = path.join(dir, PRIVATE_KEY_FILE);
  if (!existsSync(privFile)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeNew(privFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  }
  const privateKey = createPrivateKey(readFileSync(privFile, 'utf8'));
  const pub = publicKeyFrom(createPublicKey(privateKey));
  const pubFile = path.join(dir, PUBLIC_KEY_FILE);
  if (!existsSync(pubFile)) writeNew(pubFile, pub.publicKeyPem, 0o644);
  else if (readFileSync(pubFile, 'utf8').trim() !== pub.publicKeyPem.trim()) {
    throw new Error(`${pubFile} does not belong to the private key in ${privFile}`);
  }
  return { ...pub, sign: (message) => sign(null, message, privateKey) };
}

/**
 * The public key for checking checkpoints: a PEM text, or a keys directory holding the public
 * key file (or, failing that, the private key file it derives from).
 */
export function loadPublicKey(source: { publicKeyPem: string } | { keysDir: string }): LedgerPublicKey {
  if ('publicKeyPem' in source) return publicKeyFrom(createPublicKey(source.publicKeyPem));
  const pubFile = path.join(source.keysDir, PUBLIC_KEY_FILE);
  if (existsSync(pubFile)) return publicKeyFrom(createPublicKey(readFileSync(pubFile, 'utf8')));
  const privFile = path.join(source.keysDir, PRIVATE_KEY_FILE);
  if (existsSync(privFile)) return publicKeyFrom(createPublicKey(createPrivateKey(readFileSync(privFile, 'utf8'))));
  throw new Error(`no ledger key in ${source.keysDir} (expected ${PUBLIC_KEY_FILE})`);
}
