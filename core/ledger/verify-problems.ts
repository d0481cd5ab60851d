/**
 * What the verifier reports. A problem names the thing that is wrong (entry, seq, checkpoint,
 * tree node, blob) so an auditor can go straight to it.
 */
export type ProblemKind =
  | 'missing_seq'
  | 'missing_entry'
  | 'entry_altered'
  | 'state_digest'
  | 'chain_hash'
  | 'tree_node'
  | 'checkpoint_root'
  | 'checkpoint_chain'
  | 'checkpoint_signature'
  | 'checkpoint_beyond_chain'
  | 'unsealed'
  | 'blob_missing'
  | 'blob_size'
  | 'blob_hash'
  | 'deletion_signature'
  | 'entity';

export type VerifyProblem = { kind: ProblemKind; id: string; message: string };

export type VerifyProgress = { phase: 'entries' | 'blobs'; done: number; total: number };

/** Keeps every warning and the first `cap` problems (a wrecked ledger can have millions). */
export class ProblemLog {
  readonly problems: VerifyProblem[] = [];
  readonly warnings: VerifyProblem[] = [];
  count = 0;

  constructor(private readonly cap = 1000) {}

  add(kind: ProblemKind, id: string, message: string): void {
    this.count++;
    if (this.problems.length < this.cap) this.problems.push({ kind, id, message });
  }

  warn(kind: ProblemKind, id: string, message: string): void {
    if (this.warnings.length < this.cap) this.warnings.push({ kind, id, message });
  }
}
