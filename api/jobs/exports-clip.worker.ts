import type { JobPayloads } from '../../core/jobs.js';
import type { ClipExportJobs } from '../watermark/clip-export-job.service.js';

/** 'exports.clip': makes one watermarked clip copy (api/watermark/clip-export-job.service.ts); a job already run is left alone. */
export function exportsClipWorker(jobs: ClipExportJobs) {
  return (p: JobPayloads['exports.clip']) => jobs.run(p.jobId, p.correlationId);
}
