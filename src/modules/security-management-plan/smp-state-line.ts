import { civilDateInLondon } from '../../platform/calendar/index.ts';
import type { SmpDisputesTable, SmpVersionStatus } from './smp.tables.ts';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const PARTY = { agency: 'the Agency', client: 'the Client' } as const;

/** "Wednesday 30 December 2026", from a civil date or a UTC timestamp (read as the day in London). */
function day(value: string): string {
  const date = value.length === 10 ? value : civilDateInLondon(value);
  const d = new Date(`${date}T12:00:00Z`);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export interface PlanStateInput {
  /** Every version, newest first. */
  versions: readonly { id: string; number: number; status: SmpVersionStatus }[];
  inForceNumber: number | null;
  /** Decisions by version id: when each was decided. */
  decidedAt: Readonly<Record<string, string>>;
  /** Every dispute, newest first. */
  disputes: readonly Pick<
    SmpDisputesTable,
    'status' | 'opened_at' | 'resolved_at' | 'recorded_at' | 'recorded_party' | 'outcome'
  >[];
  /** The plan's clocks still running (open or missed, not met): kind and due date. */
  running: readonly { kind: string; dueDate: string }[];
  /** The Variation proposing the version awaiting a decision, if any. */
  variationNumber?: number | undefined;
}

/**
 * Whose move it is on the plan and by when, in one sentence (issue 15 item 12): computed from the
 * plan's state and its running clocks, most pressing first — a dispute, a version awaiting the
 * Client's decision, a resubmission the Agency owes, the plan the Agency owes under 4.3.1 — else
 * which version is in force.
 */
export function planStateLine(s: PlanStateInput): string {
  const due = (kind: string) => s.running.find((d) => d.kind === kind)?.dueDate;
  const dispute = s.disputes.find((d) => d.status === 'open');
  if (dispute) {
    const since = `In the Dispute Resolution Procedure since ${day(dispute.opened_at)}`;
    if (!dispute.recorded_at || !dispute.recorded_party)
      return `${since}: either party records its outcome when the procedure ends, and the other confirms it.`;
    const waiting = dispute.recorded_party === 'agency' ? 'client' : 'agency';
    return `${since}: ${PARTY[dispute.recorded_party]} recorded its outcome on ${day(dispute.recorded_at)}, awaiting ${PARTY[waiting]}’s confirmation.`;
  }
  const latest = s.versions[0];
  if (latest?.status === 'submitted') {
    const what = s.variationNumber
      ? `Variation ${s.variationNumber} (version ${latest.number})`
      : `version ${latest.number}`;
    const by = due('smp.decision');
    return `Awaiting the Client’s decision on ${what}${by ? ` — due ${day(by)}` : ''}.`;
  }
  const resubmitBy = due('smp.resubmission');
  if (resubmitBy) {
    const refused = s.versions.find((v) => v.status === 'not-approved');
    const resolved = s.disputes.find((d) => d.status === 'resolved' && d.outcome === 'amend-and-resubmit');
    const decided = refused && s.decidedAt[refused.id];
    // The newest event explains the clock: a dispute’s outcome follows (or shares the instant of) the refusal that sent it there.
    const cause =
      resolved?.resolved_at && (!decided || resolved.resolved_at >= decided)
        ? `The Dispute Resolution Procedure ended on ${day(resolved.resolved_at)}`
        : decided
          ? `Refused on ${day(decided)}`
          : 'Refused';
    return `${cause}: the Agency resubmits by ${day(resubmitBy)}.`;
  }
  if (s.inForceNumber !== null) return `Version ${s.inForceNumber} is the plan in force.`;
  const deliverBy = due('smp.delivery');
  if (deliverBy) return `Awaiting the Agency’s plan for Approval — due ${day(deliverBy)} (clause 4.3.1).`;
  return `No plan is in force yet: the Agency still owes one for Approval (clause 4.3.1).`;
}
