/**
 * Input validation every adapter and service shares: zod schemas with GOV.UK-style messages, and
 * parseInput, which turns a failed parse into a ValidationError per field. No HTTP here, so a
 * service (and the command line through it) loads no web framework to validate its input.
 */
export {
  parseInput,
  requiredText,
  optionalText,
  emailField,
  checkbox,
  dateFromParts,
  civilDate,
  withDateInput,
} from './validate.ts';
