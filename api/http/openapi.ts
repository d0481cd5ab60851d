import { OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from './context.js';
import { issuesFromZod } from './zod-issues.js';

export { z };

export const ErrorSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    issues: z
      .array(
        z.object({
          path: z.array(z.union([z.string(), z.number()])),
          code: z.string().openapi({ description: 'What is wrong: required, invalid_choice, invalid_id, too_long, file.not_jpeg, uscc.check, …' }),
          params: z.record(z.string(), z.union([z.string(), z.number()])).optional().openapi({ description: 'Numbers or names the text needs, e.g. { maximum: 100 }' }),
          message: z.string().openapi({ description: "The problem in the request's language (Accept-Language)" }),
        }),
      )
      .optional(),
    refusal: z
      .object({ code: z.string(), rule: z.string().openapi({ description: 'The rule broken, e.g. 行政处罚法第六十二条' }), message: z.string() })
      .optional()
      .openapi({ description: 'procedure_refused: why the procedure refuses the act, naming the rule' }),
  })
  .openapi('Error');

const err = (description: string) => ({ content: { 'application/json': { schema: ErrorSchema } }, description });

/** The error responses every route may give. */
export const errorResponses = {
  400: err('Invalid input'),
  401: err('Not logged in or session expired'),
  403: err('Not allowed'),
  404: err('Not found'),
  409: err('Conflict'),
};

export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  content: { 'application/json': { schema } },
  description,
});

export const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

/** A router whose validation failures become our error shape, localised. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new AppError('validation_failed', '', issuesFromZod(result.error));
      }
    },
  });
}

/** A response of bytes (video, picture, document) rather than JSON. */
export const bytes = (mediaType: string | string[], description: string) => ({
  content: Object.fromEntries((Array.isArray(mediaType) ? mediaType : [mediaType]).map((t) => [t, { schema: z.string().openapi({ format: 'binary' }) }])),
  description,
});

/** A raw upload (not JSON), of one of these media types; its size limit is api/app.ts UPLOADS. */
export const upload = (mediaTypes: readonly string[]) => ({
  body: { content: Object.fromEntries(mediaTypes.map((t) => [t, { schema: z.string().openapi({ format: 'binary' }) }])), required: true },
});

/** The 206 of a ranged read, and the errors of a byte range. */
export const rangeResponses = {
  206: bytes('application/octet-stream', 'Part of the content (Range)'),
  416: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Range not satisfiable' },
};
