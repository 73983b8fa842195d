/**
 * Documents in and out, domain-free: reading an untrusted Word file into headed Markdown sections,
 * rendering Markdown as safe HTML, and printing a plan-shaped document as .docx and PDF.
 */
export { DocumentError, type DocumentErrorCode } from './document-error.ts';
export { readDocx, type ImportedDocument, type ImportedSection } from './docx-import.ts';
export { readDocxOffThread } from './docx-off-thread.ts';
export { DEFAULT_DOCX_LIMITS, type DocxLimits } from './docx-guard.ts';
export { renderMarkdownSafe, isSafeLink } from './markdown.ts';
export { renderMarkdownOffThread } from './markdown-off-thread.ts';
export type { MarkdownDisplay } from './markdown-govuk.ts';
export { NOT_IN_REGISTER, resolveDocument, type DocumentLink } from './doc-references.ts';
export { markdownToBlocks, type Block, type Run } from './markdown-blocks.ts';
export { planToDocx } from './docx-export.ts';
export { planToPdf, type PdfOptions } from './pdf-export.ts';
export {
  APPROVAL_HEADING,
  NO_APPROVAL_TEXT,
  type LabelledRow,
  type PlainTable,
  type PlanDocument,
} from './plan-document.ts';
