import type { PinnedDocument } from './smp-content.ts';

/** What decides whether the plan may rest on a register entry (clause 4.2.1(g)). */
export type HoldingFacts = Pick<PinnedDocument, 'location' | 'bothPartiesHold' | 'clientHolds'>;

/** A location both parties can reach without asking the other: a web address. */
export const isWebAddress = (location: string) => /^https?:\/\/[^\s/]+\S*$/i.test(location.trim());

/**
 * Whether both parties hold the document: the Client's Representative confirmed it, or the Agency
 * said so and the Client has not disputed it. The Agency's word stands until the Client answers,
 * so a Client that never opens the register cannot stop delivery; a dispute overrides it.
 */
export const heldByBoth = (d: HoldingFacts) =>
  d.clientHolds === 'confirmed' || (d.bothPartiesHold && d.clientHolds !== 'disputed');

/** Whether a reference to the entry counts under clause 4.2.1(g): held by both, or its location is a web address. */
export const citable = (d: HoldingFacts) => heldByBoth(d) || isWebAddress(d.location);

/** Who holds a copy, in words, for the register page, the version page and the exports. */
export function holdingText(d: HoldingFacts): string {
  if (d.clientHolds === 'confirmed') return 'Yes: the Client confirmed it holds a copy';
  if (d.clientHolds === 'disputed') return 'No: the Client disputes holding a copy';
  return d.bothPartiesHold ? 'Yes, the Agency says (the Client has not answered)' : 'No: only the Agency holds it';
}

/** Why a reference to an entry does not count, for a completeness finding; undefined if it counts. */
export function whyNotCitable(d: HoldingFacts): string | undefined {
  if (citable(d)) return undefined;
  const holding =
    d.clientHolds === 'disputed'
      ? 'the Client disputes holding a copy'
      : 'the register does not say the Client holds a copy';
  return `${holding} and where it is held is not a web address`;
}

/** The register entry a reference names: a `[[doc: Title]]` marker by title (case aside), a link by its location. */
export function entryLookup<T extends { title: string; location: string }>(register: readonly T[]) {
  const byTitle = new Map(register.map((d) => [d.title.trim().toLowerCase(), d]));
  const byLocation = new Map(register.map((d) => [d.location.trim(), d]));
  return (ref: { kind: 'marker' | 'link'; value: string }): T | undefined =>
    ref.kind === 'marker' ? byTitle.get(ref.value.trim().toLowerCase()) : byLocation.get(ref.value.trim());
}
