import type { Contract, Membership } from './contracts.schemas.ts';

export type Party = 'agency' | 'client';

/**
 * The people who lead a party on a contract and hear about the other party's moves: the Agency's
 * security managers, or the Client's Representative named on the contract plus anyone holding the role.
 */
export function partyLeads(contract: Contract, members: readonly Membership[], party: Party): string[] {
  const ids =
    party === 'agency'
      ? members.filter((m) => m.role === 'agency-security-manager').map((m) => m.userId)
      : [
          contract.clientRepresentativeUserId,
          ...members.filter((m) => m.role === 'client-representative').map((m) => m.userId),
        ];
  return [...new Set(ids.filter((x): x is string => Boolean(x)))];
}
