import { ROLE_LABELS, isContractRole } from '../../platform/auth/index.ts';
import { formatDate } from '../../platform/views/index.ts';
import type { AuditNames, NamedEvent } from './audit-names.ts';
import { pageOf, type ContractPage } from './audit-pages.ts';

/** An event as its sentence is made from it: the signed action, outcome, resource and details. */
export interface StoryEvent extends NamedEvent {
  action: string;
}

/** Access records: a person or a calendar application reading, not changing anything. */
export const ACCESS_ACTIONS: readonly string[] = ['http.request', 'deadline-feed.read'];

type Phrase = (e: StoryEvent, n: AuditNames, d: Record<string, unknown>) => string;

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const at = (v: unknown, key: string) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined);
const quoted = (v: unknown) => (text(v) ? `“${text(v)}”` : undefined);
const role = (v: unknown) => (typeof v === 'string' && isContractRole(v) ? ROLE_LABELS[v] : 'a role');
const someone = (n: AuditNames, id: unknown) => n.person(id) ?? 'a former user';
/** camelCase field names in words: "startDate" → "start date". */
const words = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
const fields = (d: Record<string, unknown>) => {
  const keys = Object.keys((at(d, 'after') as object | undefined) ?? {});
  return keys.length ? `: ${keys.map(words).join(', ')}` : '';
};

const PLAN = 'the Security Management Plan';
/** "version 3 of the Security Management Plan", or "Variation 2 (version 3) of …" when it was proposed as one. */
function planVersion(e: StoryEvent, n: AuditNames, d: Record<string, unknown>): string {
  const number = num(d.number);
  const variation = num(d.variation) ?? n.variationOfVersion(e.resourceId);
  const version = number === undefined ? 'a version' : `version ${number}`;
  return `${variation === undefined ? version : `Variation ${variation} (${version})`} of ${PLAN}`;
}
const variation = (e: StoryEvent, n: AuditNames, d: Record<string, unknown>) => {
  const number = num(d.number) ?? n.variation(e.resourceId);
  return number === undefined ? 'a Variation' : `Variation ${number}`;
};
const deadline = (e: StoryEvent, n: AuditNames, d: Record<string, unknown>) => {
  const title = n.deadline(e.resourceId) ?? text(at(d.after, 'title'));
  return title ? `the deadline “${title}”` : 'a deadline';
};
const system = (e: StoryEvent, n: AuditNames, d: Record<string, unknown>) =>
  `the system ${quoted(n.system(e.resourceId) ?? text(d.name) ?? at(d.after, 'name') ?? at(d.before, 'name')) ?? 'no longer listed'}`;

const REGISTER = 'the Agency Staff register';
const staffMember = (e: StoryEvent, n: AuditNames, d: Record<string, unknown>) =>
  n.staff(e.resourceId) ?? text(at(d.after, 'name')) ?? 'a person no longer listed';
/** The pre-employment checks (annex 6.1) in words; the event never says the outcome. */
const CHECKS: Record<string, string> = {
  identity: 'identity',
  'criminal-record': 'unspent criminal convictions',
  'right-to-work': 'right to work',
  'employment-history': 'employment history',
};
/** Why a revocation clock started (annex 6.5). */
const REVOCATION_CAUSES: Record<string, string> = {
  'end-date': 'their end date arrived',
  'marked-leaving': 'marked as leaving',
  'not-needed': 'no longer needed',
  review: 'removed at an access review',
};
const counted = (v: unknown, one: string, many: string) => `${num(v) ?? 0} ${num(v) === 1 ? one : many}`;

const PHRASES: Record<string, Phrase> = {
  'contract.create': () => 'Created the contract',
  'contract.update': (_e, _n, d) => `Changed the contract’s details${fields(d)}`,
  'membership.grant': (_e, n, d) =>
    `Gave ${someone(n, at(d.after, 'userId'))} the role ${role(at(d.after, 'role'))}${text(d.reason) ? ` (${d.reason})` : ''}`,
  'membership.revoke': (_e, n, d) =>
    `Took the role ${role(at(d.before, 'role'))} from ${someone(n, at(d.before, 'userId'))}${text(d.reason) ? ` (${d.reason})` : ''}`,
  'api-token.create': (_e, _n, d) => `Created the API token ${quoted(at(d.after, 'name')) ?? ''}`.trim(),
  'api-token.revoke': (_e, _n, d) => `Revoked the API token ${quoted(at(d.before, 'name')) ?? ''}`.trim(),
  'smp.create': () => `Started ${PLAN}`,
  'smp.in-force': (e, n, d) => `Put ${planVersion(e, n, d)} in force`,
  'smp-version.create': (e, n, d) => `Started ${planVersion(e, n, d)} as a draft`,
  'smp-version.update': (e, n, d) => `Edited the draft ${planVersion(e, n, d)}`,
  'smp-version.submit': (e, n, d) => `${d.resubmission ? 'Resubmitted' : 'Submitted'} ${planVersion(e, n, d)}`,
  'smp-version.approve': (e, n, d) => `Approved ${planVersion(e, n, d)}`,
  'smp-version.refuse': (e, n, d) => `Did not Approve ${planVersion(e, n, d)}`,
  'smp-version.withdraw': (e, n, d) => `Withdrew ${planVersion(e, n, d)}`,
  'smp-dispute.create': (_e, _n, d) =>
    `Referred version ${num(d.version) ?? '?'} of ${PLAN} to the Dispute Resolution Procedure after a second refusal`,
  'smp-dispute.resolve': () => 'Recorded the outcome of the Dispute Resolution Procedure',
  'smp-document.create': (_e, _n, d) =>
    `Added ${quoted(at(d.after, 'title')) ?? 'a document'} to the register of documents the plan may cite`,
  'smp-document.delete': () => 'Removed a document from the register of documents the plan may cite',
  'smp-review.complete': () => `Completed the annual review of ${PLAN}`,
  'deadline.create': (e, n, d) =>
    `Started the clock for ${deadline(e, n, d)}${text(at(d.after, 'dueAt')) ? `, due ${formatDate(text(at(d.after, 'dueAt'))!)}` : ''}`,
  'deadline.meet': (e, n, d) => `Marked ${deadline(e, n, d)} met${at(d.after, 'late') ? ', late' : ''}`,
  'deadline.miss': (e, n, d) => `Recorded ${deadline(e, n, d)} as missed`,
  'deadline.move': (e, n, d) => `Moved ${deadline(e, n, d)}`,
  'deadline.recompute': (e, n, d) => `Recalculated ${deadline(e, n, d)} after a change to the calendar`,
  'deadline.waive': (e, n, d) => `Waived ${deadline(e, n, d)}`,
  'deadline.supersede': (e, n, d) => `Replaced ${deadline(e, n, d)} with a new clock`,
  'deadline-feed.create': () => 'Turned on their calendar feed of deadlines',
  'deadline-feed.revoke': () => 'Turned off a calendar feed of deadlines',
  'deadline-feed.read': () => 'A calendar application read the deadlines feed',
  'variation.propose': (e, n, d) => `Proposed ${variation(e, n, d)}`,
  'variation.agree': (e, n, d) =>
    `Agreed to ${variation(e, n, d)}${d.fastTrack ? ', required now (clause 4.4.4)' : ''}`,
  'variation.reject': (e, n, d) => `Rejected ${variation(e, n, d)}`,
  'variation.withdraw': (e, n, d) => `Withdrew ${variation(e, n, d)}`,
  'variation.formal-propose': (e, n, d) =>
    `Recorded ${quoted(d.reference) ?? 'the signed document'} as the signed ${variation(e, n, d)}`,
  'variation.formal-decline': (e, n, d) => `Declined the recorded formal record of ${variation(e, n, d)}`,
  'variation.formalise': (e, n, d) => `Confirmed the formal record of ${variation(e, n, d)}`,
  'system.create': (e, n, d) => `Added ${system(e, n, d)}`,
  'system.update': (e, n, d) => `Changed ${system(e, n, d)}${fields(d)}`,
  'system.retire': (e, n, d) => `Retired ${system(e, n, d)}`,
  'person.create': (e, n, d) =>
    `Added ${staffMember(e, n, d)} to ${REGISTER}${text(d.import) ? ' from a CSV import' : ''}`,
  'person.update': (e, n, d) =>
    `Changed the details of ${staffMember(e, n, d)} on ${REGISTER}${fields(d)}${text(d.import) ? ', from a CSV import' : ''}`,
  'person-check.record': (e, n, d) =>
    `${d.replaced ? 'Changed the record of' : 'Recorded'} the ${CHECKS[String(d.check)] ?? 'pre-employment'} check of ${staffMember(e, n, d)}`,
  'person.directory-link': (e, n, d) =>
    `Linked ${staffMember(e, n, d)} on ${REGISTER} to the identity provider’s user ${quoted(at(d.after, 'userName')) ?? ''}`.trim(),
  'person.directory-update': (e, n, d) =>
    at(d.after, 'active') === false
      ? `The identity provider deactivated ${staffMember(e, n, d)}, who is now leaving`
      : at(d.after, 'active') === true
        ? `The identity provider reactivated ${staffMember(e, n, d)}`
        : `The identity provider changed its record of ${staffMember(e, n, d)}${fields(d)}`,
  'person.directory-unlink': (e, n, d) =>
    `The identity provider deleted its user ${quoted(at(d.before, 'userName')) ?? ''} for ${staffMember(e, n, d)}, who stays on ${REGISTER} as leaving`,
  'clearance.record': (e, n, d) =>
    `Recorded ${text(at(d.after, 'level')) ?? 'a'} clearance of ${staffMember(e, n, d)}${text(at(d.after, 'expiresOn')) ? `, to be reviewed or renewed by ${formatDate(text(at(d.after, 'expiresOn'))!)}` : ''}`,
  'clearance.renew': (e, n, d) =>
    `Recorded the renewal of the ${text(d.level) ?? ''} clearance of ${staffMember(e, n, d)}`,
  'clearance.end': (e, n, d) =>
    `Recorded the ${text(d.level) ?? ''} clearance of ${staffMember(e, n, d)} as ${text(at(d.after, 'status')) ?? 'ended'}`,
  'clearance-period.set': (_e, _n, d) =>
    `Set the contract’s review or expiry period of ${text(d.level) ?? 'a clearance level'} to ${num(at(d.after, 'years')) === undefined ? 'no fixed period' : `${num(at(d.after, 'years'))} years`}`,
  'clearance-period.reset': (_e, _n, d) =>
    `Went back to Custodian’s default review or expiry period of ${text(d.level) ?? 'a clearance level'}`,
  'clearance-role.propose': (_e, _n, d) =>
    `Proposed the role ${quoted(at(d.after, 'title')) ?? ''} as needing clearance`,
  'clearance-role.change': (_e, _n, d) =>
    `Proposed a change to the role ${quoted(d.title) ?? ''} that needs clearance${fields(d)}`,
  'clearance-role.agree': (_e, _n, d) =>
    `Agreed the role ${quoted(d.title) ?? ''} as needing clearance (revision ${num(d.revision) ?? '?'})`,
  'clearance-role.refuse': (_e, _n, d) =>
    `Refused the role ${quoted(d.title) ?? ''} as proposed (revision ${num(d.revision) ?? '?'})`,
  'clearance-role.assign': (e, n, d) => `Gave ${staffMember(e, n, d)} the role ${quoted(d.role) ?? ''}`,
  'clearance-role.unassign': (e, n, d) => `Took the role ${quoted(d.role) ?? ''} from ${staffMember(e, n, d)}`,
  'personnel.import': (_e, _n, d) =>
    `Imported ${quoted(d.fileName) ?? 'a CSV file'} into ${REGISTER}: ${counted(d.added, 'person added', 'people added')}, ${counted(d.changed, 'person changed', 'people changed')}, ${counted(d.unchanged, 'unchanged', 'unchanged')}`,
  'training-course.create': (_e, _n, d) => `Added the training course ${quoted(at(d.after, 'name')) ?? ''}`.trim(),
  'training-course.update': (_e, _n, d) =>
    `Changed the training course${text(d.name) ? ` ${quoted(d.name)}` : ''}${fields(d)}`,
  'training-course.agree-recurrence': (_e, _n, d) =>
    `Recorded the Client’s written agreement that ${quoted(d.name) ?? 'a training course'} is repeated every ${num(at(d.after, 'recurrenceMonths')) ?? '?'} Months instead of ${num(at(d.before, 'recurrenceMonths')) ?? '?'}`,
  'training-completion.record': (e, n, d) =>
    `Recorded that ${staffMember(e, n, d)} completed ${quoted(d.course) ?? 'a training course'}${text(d.completedOn) ? ` on ${formatDate(text(d.completedOn)!)}` : ''}${text(d.import) ? ', from a CSV import' : ''}`,
  'training.import': (_e, _n, d) =>
    `Imported ${quoted(d.fileName) ?? 'a CSV file'} of training completions: ${counted(d.added, 'completion recorded', 'completions recorded')}, ${counted(d.unchanged, 'already recorded', 'already recorded')}`,
  'access-grant.create': (e, n, d) =>
    `Recorded ${text(at(d.after, 'level')) ?? ''} access of ${staffMember(e, n, d)} to the system ${quoted(at(d.after, 'system')) ?? ''}${text(d.import) ? ' from a CSV import' : ''}`.replace(
      / {2,}/g,
      ' ',
    ),
  'access-grant.import': (_e, _n, d) =>
    `Imported ${quoted(d.fileName) ?? 'a CSV file'} into the access grants: ${counted(d.added, 'grant added', 'grants added')}, ${counted(d.unchanged, 'already recorded', 'already recorded')}`,
  'access-grant.revocation-start': (e, n, d) =>
    `Started the one Working Day clock to revoke ${staffMember(e, n, d)}’s access to the system ${quoted(d.system) ?? ''}${REVOCATION_CAUSES[String(d.cause)] ? ` (${REVOCATION_CAUSES[String(d.cause)]})` : ''}`,
  'access-grant.revoke': (e, n, d) =>
    `Recorded the revocation of ${staffMember(e, n, d)}’s access to the system ${quoted(d.system) ?? ''}${d.late ? ', late' : ''}`,
  'access-exception.raise': (e, n, d) =>
    `Recorded an exception for ${staffMember(e, n, d)} on the system ${quoted(d.system) ?? ''}: ${d.kind === 'clearance-missing' ? 'access without the clearance its roles need' : 'access before the pre-employment checks were complete'}`,
  'access-exception.agree': (e, n, d) =>
    `Agreed in writing the exception for ${staffMember(e, n, d)}${text(at(d.after, 'until')) ? ` until ${formatDate(text(at(d.after, 'until'))!)}` : ''}`,
  'access-review.complete': (_e, _n, d) =>
    `Completed an access review: ${counted(d.confirmed, 'grant confirmed', 'grants confirmed')}, ${counted(d.removed, 'removed', 'removed')}`,
  'notification.delivery-failed': (_e, _n, d) =>
    `Could not deliver a notification${text(d.channel) ? ` by ${d.channel}` : ''}`,
  'notification.delivery-retry': () => 'Asked for a failed notification to be sent again',
  'webhook.create': (_e, _n, d) => `Added a webhook to ${text(at(d.after, 'url')) ?? 'an address'}`,
  'webhook.disable': (_e, _n, d) => `Turned off the webhook to ${text(at(d.before, 'url')) ?? 'an address'}`,
  'webhook.secret-seal': () => 'Sealed a webhook’s signing secret with the current key',
  'user.create': (e, n) => `Added the account of ${someone(n, e.resourceId)}`,
  'user.update': (e, n, d) => `Changed the account of ${someone(n, e.resourceId)}${fields(d)}`,
  'user.disable': (e, n) => `Disabled the account of ${someone(n, e.resourceId)}`,
  'user.enable': (e, n) => `Enabled the account of ${someone(n, e.resourceId)}`,
};

/** "test.alpha" → "Test alpha": an action no sentence is written for yet, still in words. */
function readable(e: StoryEvent): string {
  const name = e.action.replace(/[._:-]+/g, ' ').trim();
  const about = e.resourceType ? ` (${e.resourceType.replace(/[._:-]+/g, ' ')})` : '';
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}${about}`;
}

/**
 * What an event did, in a sentence: "Submitted version 3 of the Security Management Plan",
 * "Viewed the Deadlines page" (the page shows the outcome beside it). Made only from what the signed event says plus the names of the
 * records it points to; a record that no longer exists is described, never shown as an id.
 */
export function sentenceOf(e: StoryEvent, names: AuditNames, pages: readonly ContractPage[]): string {
  if (e.action === 'http.request') {
    // A page about one person on the Agency Staff register names them: who looked at whose record.
    const about = e.resourceType === 'person' ? names.staff(e.resourceId) : undefined;
    return `${pageOf(e.details, pages)}${about ? `, about ${about}` : ''}`;
  }
  const phrase = PHRASES[e.action];
  return phrase ? phrase(e, names, e.details) : readable(e);
}
