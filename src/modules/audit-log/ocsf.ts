/**
 * The one place that maps Custodian's audit actions to OCSF 1.8 classes and activities. Anything
 * not listed is API Activity (6003), its activity read from the verb at the end of the action.
 */
export const OCSF_VERSION = '1.8.0';

export interface OcsfClassification {
  class_uid: number;
  category_uid: number;
  activity_id: number;
  /** Only for activity 99 (Other), which OCSF says the name then explains: the action or HTTP method. */
  activity_name?: string;
  type_uid: number;
  severity_id: number;
}

export const ACCOUNT_CHANGE = 3001;
export const AUTHENTICATION = 3002;
export const USER_ACCESS_MANAGEMENT = 3005;
export const API_ACTIVITY = 6003;

// [class, activity] per action. Activity ids are OCSF's for that class.
const BY_ACTION: Record<string, [number, number]> = {
  'auth.sign-in': [AUTHENTICATION, 1], // Logon
  'auth.sign-in-failed': [AUTHENTICATION, 1],
  'auth.mfa-failed': [AUTHENTICATION, 1],
  'auth.password-accepted': [AUTHENTICATION, 6], // Preauth: the first factor only
  'auth.sign-out': [AUTHENTICATION, 2], // Logoff
  'auth.session-expired': [AUTHENTICATION, 2],
  'user.create': [ACCOUNT_CHANGE, 1], // Create
  'user.enable': [ACCOUNT_CHANGE, 2], // Enable
  'user.activate': [ACCOUNT_CHANGE, 2],
  'auth.password-changed': [ACCOUNT_CHANGE, 3], // Password Change
  'auth.password-reset': [ACCOUNT_CHANGE, 4], // Password Reset
  'user.disable': [ACCOUNT_CHANGE, 5], // Disable
  'auth.mfa-enrolled': [ACCOUNT_CHANGE, 10], // MFA Factor Enable
  'auth.mfa-reset': [ACCOUNT_CHANGE, 11], // MFA Factor Disable
  'user.update': [ACCOUNT_CHANGE, 99],
  'account-link.issue': [ACCOUNT_CHANGE, 99],
  'api-token.create': [ACCOUNT_CHANGE, 1],
  'api-token.revoke': [ACCOUNT_CHANGE, 6], // Delete
  'membership.grant': [USER_ACCESS_MANAGEMENT, 1], // Assign Privileges
  'membership.revoke': [USER_ACCESS_MANAGEMENT, 2], // Revoke Privileges
};

const API_VERBS: Record<string, number> = { create: 1, read: 2, update: 3, delete: 4, purge: 4 };
const HTTP_METHODS: Record<string, number> = { GET: 2, HEAD: 2, POST: 1, PUT: 3, PATCH: 3, DELETE: 4 };

/**
 * Class, activity and severity for an action; `httpMethod` refines recorded page and API requests.
 * The identity classes require the user the event is about (and User Access Management the
 * privileges): an event that cannot name them is API Activity rather than an invalid identity event.
 */
export function classify(
  action: string,
  outcome: 'success' | 'failure' | 'denied',
  httpMethod?: string,
  known: { user: boolean; privileges: boolean } = { user: true, privileges: true },
): OcsfClassification {
  let mapped = BY_ACTION[action];
  if (mapped && (!known.user || (mapped[0] === USER_ACCESS_MANAGEMENT && !known.privileges))) mapped = undefined;
  const [class_uid, activity_id] = mapped ?? [
    API_ACTIVITY,
    httpMethod ? (HTTP_METHODS[httpMethod] ?? 99) : (API_VERBS[action.split('.').pop() ?? ''] ?? 99),
  ];
  const activity_name = activity_id !== 99 ? undefined : !mapped && httpMethod ? httpMethod : action;
  // Informational, except refusals and failures of authentication, which a monitor should notice.
  const severity_id = outcome === 'success' ? 1 : class_uid === AUTHENTICATION || outcome === 'denied' ? 3 : 2;
  return {
    class_uid,
    category_uid: Math.floor(class_uid / 1000),
    activity_id,
    ...(activity_name === undefined ? {} : { activity_name }),
    type_uid: class_uid * 100 + activity_id,
    severity_id,
  };
}
