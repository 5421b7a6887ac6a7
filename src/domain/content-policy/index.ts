/** Public API of the content guard: what a text to a student may not carry. */
export { checkContent } from './check-content';
export { detectLanguage } from './language.util';
export {
  type ContentPreview,
  type ContentRewrite,
  type ViolationSuggestion,
  previewContent,
  suggestRewrite,
} from './suggest-rewrite';
export {
  CONTENT_CATEGORIES,
  type ContentCategory,
  type ContentContext,
  type ContentLanguage,
  type ContentSubject,
  type ContentVerdict,
  type ContentViolation,
} from './content-policy.types';
