/** The records an event names, by shape only: the owning modules' services, never their files. */
export interface AuditNameLookups {
  users: { list(filter: { ids: string[] }): Promise<{ id: string; displayName: string }[]> };
  deadlines?: { listForContract(contractId: string): Promise<{ id: string; title: string }[]> };
  variations?: {
    list(contractId: string): Promise<{ id: string; number: number; subject_type: string; subject_ref: string }[]>;
  };
  systems?: { list(contractId: string): Promise<{ id: string; name: string }[]> };
  /** The Agency Staff register can be long: only the people a page mentions are asked for. */
  personnel?: { names(contractId: string, ids: string[]): Promise<{ id: string; name: string }[]> };
}

/** What a page of events needs named: filled once per page, whatever its length. */
export interface AuditNames {
  person(id: unknown): string | undefined;
  deadline(id: unknown): string | undefined;
  system(id: unknown): string | undefined;
  /** A person on the Agency Staff register (not a Custodian account). */
  staff(id: unknown): string | undefined;
  /** The Variation a plan version was proposed as, if it was one. */
  variationOfVersion(versionId: unknown): number | undefined;
  variation(id: unknown): number | undefined;
}

/** An event as the names are gathered from it: its resource and its details, parsed. */
export interface NamedEvent {
  resourceType: string | null;
  resourceId: string | null;
  details: Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const member = (v: unknown, key: string): unknown =>
  v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;

/** The people an event names: the user it is about, and those its details name (a role given, a clock's owner). */
function peopleIn(e: NamedEvent): string[] {
  const d = e.details;
  return [
    e.resourceType === 'user' ? e.resourceId : undefined,
    d.userId,
    member(d.after, 'userId'),
    member(d.before, 'userId'),
    member(d.after, 'ownerUserId'),
  ].flatMap((v) => (str(v) ? [v as string] : []));
}

const byId = <T extends { id: string }, V>(rows: T[], value: (r: T) => V) => new Map(rows.map((r) => [r.id, value(r)]));
const lookup =
  <V>(map: Map<string, V>) =>
  (id: unknown) =>
    typeof id === 'string' ? map.get(id) : undefined;

/**
 * Names for one page of a contract's events, batched: one query per kind of record the page
 * mentions (people and Agency Staff by id; the contract's deadlines, Variations and systems as lists, which are
 * short), never one per row.
 */
export async function auditNames(
  deps: AuditNameLookups,
  contractId: string,
  events: readonly NamedEvent[],
): Promise<AuditNames> {
  const about = (type: string) => events.some((e) => e.resourceType === type);
  const userIds = [...new Set(events.flatMap(peopleIn))];
  const staffIds = [
    ...new Set(events.flatMap((e) => (e.resourceType === 'person' && e.resourceId ? [e.resourceId] : []))),
  ];
  const [people, deadlines, variations, systems, staff] = await Promise.all([
    userIds.length ? deps.users.list({ ids: userIds }) : [],
    about('deadline') && deps.deadlines ? deps.deadlines.listForContract(contractId) : [],
    (about('smp-version') || about('variation')) && deps.variations ? deps.variations.list(contractId) : [],
    about('system') && deps.systems ? deps.systems.list(contractId) : [],
    staffIds.length && deps.personnel ? deps.personnel.names(contractId, staffIds) : [],
  ]);
  const ofVersion = new Map(variations.filter((v) => v.subject_type === 'smp').map((v) => [v.subject_ref, v.number]));
  return {
    person: lookup(byId(people, (u) => u.displayName)),
    deadline: lookup(byId(deadlines, (d) => d.title)),
    system: lookup(byId(systems, (s) => s.name)),
    staff: lookup(byId(staff, (s) => s.name)),
    variationOfVersion: lookup(ofVersion),
    variation: lookup(byId(variations, (v) => v.number)),
  };
}
