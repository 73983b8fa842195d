export { registerErrorHandlers, sendError } from './errors.ts';
export { registerSecurityHeaders } from './security-headers.ts';
export { registerCsrf } from './csrf.ts';
export { registerAssets } from './assets.ts';
export { isApiRequest } from './request-kind.ts';
export { redactedUrl } from './redacted-url.ts';
export { submitForm, idParam, formProblem, problemStatus } from './web-forms.ts';
export { confirmPage, type ConfirmStep } from './confirm-step.ts';
export {
  checkAnswersPage,
  checkAnswersView,
  carriedFields,
  CHECK_ANSWERS_TEMPLATE,
  type CheckAnswers,
  type CheckedAnswer,
} from './check-answers.ts';
export {
  apiRoutes,
  apiErrorOutput,
  apiErrors,
  apiLookupErrors,
  scopedContractId,
  uuidParam,
  dataOf,
  type ApiInstance,
} from './api.ts';
export { registerOpenApi, API_PREFIX } from './openapi.ts';
