export { createViewEnvironment, GOVUK_DIST } from './environment.ts';
export { viewsPlugin, type FlashKind } from './render.ts';
export { formatDate, formatDateTime, formatUkTimeInWords } from './format.ts';
export { formErrors, type FormErrors } from './form-errors.ts';
