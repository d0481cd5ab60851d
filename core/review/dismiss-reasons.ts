/**
 * Why an officer dismisses a flag (R5: nothing is dropped without a reason). Shared by the API,
 * which validates a dismissal, and the web, which offers the codes on keys 1–5.
 */
export const DISMISS_REASONS = ['false_detection', 'permitted_activity', 'duplicate', 'camera_fault', 'other'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/**
 * Codes that do not say enough by themselves: "other" needs the officer's words. The rest (a false
 * detection, a permitted activity, a duplicate, a camera fault) are the reason; a note is optional.
 */
export const DISMISS_NEEDS_NOTE: readonly DismissReason[] = ['other'];

export const dismissNeedsNote = (reason: DismissReason) => DISMISS_NEEDS_NOTE.includes(reason);
