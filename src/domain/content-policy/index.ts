/** Public API of the content guard: what a text to a student may not carry. */
export { checkContent } from './check-content';
export {
  CONTENT_CATEGORIES,
  type ContentCategory,
  type ContentContext,
  type ContentSubject,
  type ContentVerdict,
  type ContentViolation,
} from './content-policy.types';
