/**
 * The ports random inspection meets other work through (issue 16): credit grades
 * (core/credit/grade.ts, the credit service's `gradesOf`) and publication (core/disclosure/
 * publication-request.ts, the disclosure service's requester). The composition root passes them in.
 */
export type { CreditGrade, CreditGradeSource } from '../credit/grade.js';
export type { PublicationRequest, PublicationRequester } from '../disclosure/publication-request.js';
