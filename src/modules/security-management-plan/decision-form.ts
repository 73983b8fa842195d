import { ValidationError } from '../../platform/kernel/index.ts';

/** The decision form's three reason rows (a refusal needs one; clause 4.3.3 gives the reasons weight). */
export const REASON_ROWS = [0, 1, 2] as const;

/**
 * The Client's decision form as the service's input. The reasons and the paragraph 4.2 ground are
 * revealed under "Do not approve" and fast-track under "Approve": what was typed under the answer
 * not chosen is still posted by the browser, so it is dropped here rather than recorded.
 */
export function decisionFromForm(body: Record<string, string | undefined>) {
  const refused = body.decision === 'not-approved';
  const rows = REASON_ROWS.map((row) => ({
    row,
    text: (body[`reason-${row}`] ?? '').trim(),
    clause: (body[`clause-${row}`] ?? '').trim(),
  })).filter((r) => refused && r.text);
  return {
    input: {
      decision: body.decision,
      contentHash: body.contentHash,
      reasons: rows.map(({ text, clause }) => ({ text, clause })),
      fails42: refused && body.fails42 === 'yes',
      fastTrack: body.decision === 'approved' && body.fastTrack === 'yes',
      // Clause 4.4.4: a fast-track says why ("acting reasonably"); kept only with a fast-track.
      fastTrackReason: body.decision === 'approved' && body.fastTrack === 'yes' ? (body.fastTrackReason ?? '') : '',
    },
    /** The form row each reason came from (a blank row is skipped, so reason 2 may be row 3). */
    rowOf: rows.map((r) => r.row),
  };
}

/** The service's field names (`reasons`, `reasons.1.clause`) as the form's (`reason-0`, `clause-1`), so each error links to its field. */
export function withFormFields(err: unknown, rowOf: number[]): unknown {
  if (!(err instanceof ValidationError)) return err;
  const named = Object.entries(err.fields).map(([key, message]) => {
    const m = /^reasons\.(\d+)\.(text|clause)$/.exec(key);
    if (m) return [`${m[2] === 'text' ? 'reason' : 'clause'}-${rowOf[Number(m[1])] ?? 0}`, message];
    return [key === 'reasons' ? 'reason-0' : key, message];
  });
  return new ValidationError(Object.fromEntries(named));
}
