import type { DocumentTemplate } from '../template.js';

/** Every version of every case document template (R8). Filled in by the case templates. */
export const CASE_TEMPLATES: readonly DocumentTemplate<any>[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
