import crypto from 'node:crypto';
import type { AuditEventsTable } from './audit-log.tables.ts';
import { toFlag, toJson } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/kernel/index.ts';
import { canonicalJson, canonicalNumber as num, canonicalString as str } from './canonical-json.ts';
import {
  API_ACTIVITY,
  AUTHENTICATION,
  classify,
  OCSF_VERSION,
  USER_ACCESS_MANAGEMENT,
  type OcsfClassification,
} from './ocsf.ts';

export interface AuditEventInput {
  actor: Actor;
  /** Dotted verb, e.g. `auth.sign-in`, `contract.create`; `http.request` for recorded requests. */
  action: string;
  resource?: { type: string; id: string };
  contractId?: string | null;
  outcome?: 'success' | 'failure' | 'denied';
  /** Before/after of changed fields and other facts. Never secrets or password hashes. */
  details?: Record<string, unknown>;
  /** For recorded requests: the HTTP exchange. */
  http?: { method: string; path: string; status: number };
  /**
   * Whom an account, sign-in or access event is about (OCSF `user`) when `resource` does not name
   * them as a `user` or `api-token`: a membership's holder, the address typed at a failed sign-in.
   */
  subject?: { uid?: string; name?: string };
  /** What a membership grants or revokes (OCSF `privileges`): the contract roles. */
  privileges?: string[];
}

const FORBIDDEN_KEYS = /password|secret|token|code_hash|recovery/i;

/** Drops any key that could carry a secret, however deep, so a careless caller cannot leak one. */
export function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => !FORBIDDEN_KEYS.test(k) && v !== undefined)
        .map(([k, v]) => [k, scrub(v)]),
    );
  }
  return value;
}

/**
 * `scrub(value)`, or `value` itself when scrubbing could not change what either serialiser
 * (canonicalJson, JSON.stringify) writes of it: plain objects and arrays of JSON values without a
 * forbidden key. The usual details are such, and copying them was a large share of an append's
 * garbage. (Undefined members need no copy: both serialisers skip them as scrub does.)
 */
function scrubbed(value: unknown): unknown {
  return isClean(value) ? value : scrub(value);
}

function isClean(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  // A toJSON, own or inherited, enumerable or not, would run on scrub's copy or not at all.
  if ((value as { toJSON?: unknown }).toJSON !== undefined) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) if (!isClean(value[i])) return false;
    return true;
  }
  // Anything else (a boxed number, a Map, a class instance) scrub turns into a plain object of its
  // own enumerable members, which may serialise differently.
  if (proto !== Object.prototype && proto !== null) return false;
  // With such a prototype, for…in lists the own enumerable keys Object.entries would (plus any
  // enumerable key added to Object.prototype, which is then merely checked too).
  const o = value as Record<string, unknown>;
  for (const key in o) if (FORBIDDEN_KEYS.test(key) || !isClean(o[key])) return false;
  return true;
}

/**
 * SHA-256(0x00 ‖ canonical event): the RFC 6962 leaf hash, in hex. One-shot crypto.hash of the
 * string (UTF-8, and U+0000 is the byte 0x00) costs about half of createHash().update().digest().
 */
export const leafHashHex = (canonical: string): string => crypto.hash('sha256', '\u0000' + canonical, 'hex');

/** Where Custodian is reached: the target of sign-ins (OCSF `dst_endpoint`). */
export interface AuditServer {
  hostname: string;
}
const DEFAULT_SERVER: AuditServer = { hostname: 'localhost' };

/**
 * Builds the stored row for leaf `seq`: the OCSF event in RFC 8785 canonical form (the bytes the
 * leaf hash covers, including its own index so rows cannot be swapped) plus indexed copies.
 *
 * The canonical text is written directly rather than by building the event object and handing it
 * to canonicalJson: this is the append's hot path. See eventText for the one rule that keeps it
 * byte-identical to canonicalJson(event), the form docs/audit-log.md describes (events already
 * stored keep the text they were appended with: verification never rebuilds them).
 */
export function buildAuditRow(
  input: AuditEventInput,
  seq: number,
  id: string,
  occurredAt: string,
  server: AuditServer = DEFAULT_SERVER,
): AuditEventsTable {
  const { actor, action, resource } = input;
  const outcome = input.outcome ?? 'success';
  const user = subjectOf(input);
  const privileges = input.privileges?.length ? input.privileges : undefined;
  const cls = classify(action, outcome, input.http?.method, { user: !!user, privileges: !!privileges });
  const details = scrubbed(input.details ?? {});
  const request = actor.request;
  const privileged = actor.type === 'user' && actor.privileged;
  // 0x00 ‖ canonical, hashed as it is; the event is the rest (a slice shares its characters).
  const prefixed = eventText(input, outcome, cls, details, seq, id, occurredAt, user, privileges, server);
  return {
    seq,
    id,
    occurred_at: occurredAt,
    class_uid: cls.class_uid,
    activity_id: cls.activity_id,
    severity_id: cls.severity_id,
    actor_type: actor.type,
    actor_id:
      actor.type === 'user'
        ? actor.userId
        : actor.type === 'token'
          ? actor.tokenId
          : actor.type === 'system'
            ? `system:${actor.name}`
            : null,
    actor_organisation_id: actor.type === 'user' ? actor.organisationId : null,
    privileged: toFlag(privileged),
    action,
    resource_type: resource?.type ?? null,
    resource_id: resource?.id ?? null,
    contract_id: input.contractId ?? null,
    outcome,
    source_address: request?.sourceAddress?.slice(0, 64) ?? null,
    user_agent: request?.userAgent?.slice(0, 512) ?? null,
    request_id: request?.requestId ?? null,
    details: toJson(details),
    event: prefixed.slice(1),
    leaf_hash: crypto.hash('sha256', prefixed, 'hex'),
  };
}

/**
 * '\u0000' followed by canonicalJson of the OCSF 1.8 event:
 *
 *   { metadata: { version, uid, sequence, log_name, product: { name, vendor_name }, profiles: ["datetime"] },
 *     time, time_dt, class_uid, category_uid, activity_id, activity_name?, type_uid, severity_id,
 *     status_id, status, status_detail?, actor, src_endpoint?, http_request?: { http_method?, uid?,
 *     url?, user_agent? }, api?: { operation, request?, response? }, user?, privileges?, service?,
 *     dst_endpoint?, unmapped: { custodian: { action, outcome, privileged, contract_id?, resource?,
 *     details } } }
 *
 * where `?` members are absent when undefined or null. By class: API Activity has `api` and always
 * a `src_endpoint` (the caller's address, or Custodian itself for its own jobs); the identity
 * classes have `user` (whom the event is about), and the request id in `http_request.uid` (their
 * `api` belongs to OCSF's cloud profile); Authentication has `service` and `dst_endpoint` (this
 * installation); User Access Management has `privileges`. RFC 8785 orders members by their keys'
 * UTF-16 code units, so every object below is written in that order (`status` before
 * `status_detail` before `status_id`: a prefix sorts first); the caller's values are written as
 * canonicalJson writes them, so its errors (lone surrogates, NaN) are thrown, in the same order.
 */
function eventText(
  input: AuditEventInput,
  outcome: string,
  cls: OcsfClassification,
  details: unknown,
  seq: number,
  id: string,
  occurredAt: string,
  user: Subject | undefined,
  privileges: string[] | undefined,
  server: AuditServer,
): string {
  const { actor, action, http, resource, contractId } = input;
  const request = actor.request;
  const userAgent = request?.userAgent?.slice(0, 512);
  const api = cls.class_uid === API_ACTIVITY;
  const iam = !api;
  const requestId = request?.requestId ? str(request.requestId) : undefined;
  const source = request?.sourceAddress ? '{"ip":' + str(request.sourceAddress) + '}' : api ? OWN_ENDPOINT : undefined;
  const authentication = cls.class_uid === AUTHENTICATION;
  return (
    '\u0000{"activity_id":' +
    cls.activity_id +
    (cls.activity_name === undefined ? '' : ',"activity_name":' + str(cls.activity_name)) +
    ',"actor":' +
    actorJson(actor, outcome) +
    (api
      ? ',"api":{"operation":' +
        str(action) +
        (requestId ? ',"request":{"uid":' + requestId + '}' : '') +
        (http ? ',"response":{"code":' + num(http.status) + '}}' : '}')
      : '') +
    ',"category_uid":' +
    cls.category_uid +
    ',"class_uid":' +
    cls.class_uid +
    (authentication ? ',"dst_endpoint":{"hostname":' + str(server.hostname) + '}' : '') +
    (http || userAgent || (iam && requestId)
      ? ',"http_request":' + httpRequestJson(http, iam ? requestId : undefined, userAgent)
      : '') +
    (iam && http ? ',"http_response":{"code":' + num(http.status) + '}' : '') +
    ',"metadata":{"log_name":"custodian-audit","product":{"name":"Custodian","vendor_name":"Custodian"},"profiles":["datetime"],"sequence":' +
    num(seq) +
    ',"uid":' +
    str(id) +
    ',"version":' +
    VERSION +
    '}' +
    (cls.class_uid === USER_ACCESS_MANAGEMENT ? ',"privileges":[' + privileges!.map(str).join(',') + ']' : '') +
    (authentication ? ',"service":{"name":"Custodian"}' : '') +
    ',"severity_id":' +
    cls.severity_id +
    (source ? ',"src_endpoint":' + source : '') +
    (outcome === 'success' ? SUCCESS : outcome === 'denied' ? DENIED : FAILURE) +
    timeJson(occurredAt) +
    ',"type_uid":' +
    cls.type_uid +
    ',"unmapped":{"custodian":{"action":' +
    str(action) +
    (contractId != null ? ',"contract_id":' + str(contractId) : '') +
    ',"details":' +
    canonicalJson(details) +
    ',"outcome":' +
    str(outcome) +
    ',"privileged":' +
    (actor.type === 'user' && actor.privileged) +
    (resource != null ? ',"resource":' + canonicalJson(resource) : '') +
    '}}' +
    (iam ? ',"user":' + subjectJson(user!) : '') +
    '}'
  );
}

const VERSION = str(OCSF_VERSION);
// status, status_detail (only for a refusal), status_id.
const SUCCESS = ',"status":"Success","status_id":1';
const FAILURE = ',"status":"Failure","status_id":2';
const DENIED = ',"status":"Failure","status_detail":"denied","status_id":2';
// API Activity requires a source: for Custodian's own jobs, and calls with no outside request, it is Custodian.
const OWN_ENDPOINT = '{"svc_name":"custodian"}';

/**
 * OCSF `user`: whom the event is about, from `subject` or else a `user` or `api-token` resource
 * (an API token is an account of its own, as it is when it acts); undefined when neither names one.
 */
function subjectOf(input: AuditEventInput): Subject | undefined {
  const { subject, resource } = input;
  const kind = resource?.type;
  const uid = subject?.uid ?? (kind === 'user' || kind === 'api-token' ? resource!.id : undefined);
  const name = subject?.name;
  if (!uid && !name) return undefined;
  return { uid, name, token: !subject?.uid && kind === 'api-token' };
}
interface Subject {
  uid: string | undefined;
  name: string | undefined;
  /** The uid is an API token's. */
  token: boolean;
}

/** Written where the canonical order puts it (last), so a bad value throws in that order. */
function subjectJson({ uid, name, token }: Subject): string {
  return (
    '{' +
    (name ? '"name":' + str(name) + (uid ? ',' : '') : '') +
    (uid ? (token ? TOKEN_TYPE + ',' : '') + '"uid":' + str(uid) : '') +
    '}'
  );
}
const TOKEN_TYPE = '"type":"API token","type_id":99';

function actorJson(actor: Actor, outcome: string): string {
  switch (actor.type) {
    case 'user':
      return (
        '{"user":{"org":{"uid":' +
        str(actor.organisationId) +
        '},' +
        (actor.privileged ? '"type":"Admin","type_id":2' : '"type":"User","type_id":1') +
        ',"uid":' +
        str(actor.userId) +
        '}}'
      );
    case 'token':
      // The decision is the authorisation's outcome; the contract role that granted it is the policy.
      return (
        '{"authorizations":[{"decision":' +
        (outcome === 'denied' ? '"Denied"' : '"Approved"') +
        ',"policy":{"name":' +
        str(actor.role) +
        ',"type":"contract role","uid":' +
        str(actor.contractId) +
        '}}],"user":{' +
        TOKEN_TYPE +
        ',"uid":' +
        str(actor.tokenId) +
        '}}'
      );
    case 'system':
      return '{"app_name":' + str(`custodian:${actor.name}`) + '}';
    case 'anonymous':
      // OCSF's user needs an account, name or uid: someone not signed in is named as such.
      return '{"user":{"name":"anonymous","type":"Unknown","type_id":0}}';
  }
}

/** http_method, uid, url and user_agent; at least one is present (see eventText). */
function httpRequestJson(
  http: AuditEventInput['http'],
  requestId: string | undefined,
  userAgent: string | undefined,
): string {
  const members = [
    http ? '"http_method":' + str(http.method) : '',
    requestId ? '"uid":' + requestId : '',
    http ? '"url":{"path":' + str(http.path) + '}' : '',
    userAgent === undefined ? '' : '"user_agent":' + str(userAgent),
  ];
  return '{' + members.filter(Boolean).join(',') + '}';
}

// The events of one append share their time: its text is written once, not once per event.
let lastOccurredAt: string | undefined;
let lastTimeJson = '';

/** time (epoch milliseconds) and time_dt (the datetime profile, named in metadata.profiles). */
function timeJson(occurredAt: string): string {
  if (occurredAt !== lastOccurredAt) {
    lastTimeJson = ',"time":' + num(Date.parse(occurredAt)) + ',"time_dt":' + str(occurredAt);
    lastOccurredAt = occurredAt;
  }
  return lastTimeJson;
}
