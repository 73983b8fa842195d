import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { requiredText } from '../../platform/validation/index.ts';
import { LEVELS, type Level } from './clearance-levels.ts';

export const ROLE_STATUSES = ['proposed', 'agreed', 'refused'] as const;
export type RoleStatus = (typeof ROLE_STATUSES)[number];
export const ROLE_STATUS_LABELS: Record<RoleStatus, string> = {
  proposed: 'Proposed by the Agency, awaiting the Client',
  agreed: 'Agreed by the Client',
  refused: 'Refused by the Client',
};

/** Checkboxes arrive as one string, several, or none. */
const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().uuid('Select systems from the register')).max(200, 'Select 200 systems or fewer'));

/** A role of the catalogue as the Agency proposes it. */
export const roleInput = z.object({
  title: requiredText('the role'),
  description: requiredText('what the role does and why it needs the clearance', 2000),
  level: z.enum(LEVELS, { message: 'Select the clearance the role needs' }),
  systemIds: idList,
});

const revision = z.coerce
  .number({ message: 'The proposal’s revision is missing' })
  .int('The proposal’s revision is missing')
  .min(1, 'The proposal’s revision is missing');
export const agreeInput = z.object({ revision });
export const refuseInput = z.object({ revision, reason: requiredText('why the Client refuses it', 2000) });

/**
 * The record the Client agrees to, canonical (RFC 8785, JSON Canonicalization Scheme) so its SHA-256
 * can be recomputed by anyone from the same fields: the contract, the role, the proposal's revision,
 * the role's words, the clearance it needs and the systems it covers (by id and the name they had).
 */
export interface RoleRecord {
  contractId: string;
  roleId: string;
  revision: number;
  title: string;
  description: string;
  level: Level;
  systems: { id: string; name: string }[];
}

export function canonicalRole(r: RoleRecord): string {
  const systems = [...r.systems].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return canonicalize({ ...r, systems })!;
}

export const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** A role of the catalogue as services, pages and the API give it. */
export interface ClearanceRole extends Omit<RoleRecord, 'roleId'> {
  id: string;
  status: RoleStatus;
  /** SHA-256 of the current proposal's canonical record: what the Client would agree to now. */
  hash: string;
  proposedAt: string;
  decidedAt: string | null;
  refusalReason: string | null;
  /** The record last agreed and its hash: it stands until a change to it is agreed. */
  agreed: { record: RoleRecord; hash: string; at: string } | null;
  /** The people assigned the role, by id. */
  personIds: string[];
}
