import { z } from 'zod';

/** The sections clause 4.2.1 (a)–(f) requires, in order, with the guidance the clause gives. */
export const REQUIRED_SECTIONS = [
  {
    key: 'principles',
    clause: '4.2.1(a)',
    heading: 'Principles of security',
    guidance:
      'How the plan complies with the principles of security in Paragraph 3 and the other security provisions of the contract.',
  },
  {
    key: 'roles',
    clause: '4.2.1(b)',
    heading: 'Delegated organisational roles',
    guidance: 'The roles responsible for making sure the Agency complies with the plan, and who holds each.',
  },
  {
    key: 'third-parties',
    clause: '4.2.1(c)',
    heading: 'Managing security risks from Subcontractors and third parties',
    guidance:
      'The process for managing security risks from Subcontractors and third parties with access to the Goods or Services, processes, Client Premises, Sites, ICT, information and data.',
  },
  {
    key: 'scope',
    clause: '4.2.1(d)',
    heading: 'Scope of protection',
    guidance:
      'What the plan protects: the Goods or Services and their processes, the Client Premises, the Sites, and any ICT, information and data, including the Government Data.',
  },
  {
    key: 'measures',
    clause: '4.2.1(e)',
    heading: 'Security measures and procedures',
    guidance:
      'The security measures and procedures the Agency implements and maintains, sufficient for the Goods or Services to comply with the contract.',
  },
  {
    key: 'transition',
    clause: '4.2.1(f)',
    heading: 'Transition plans',
    guidance:
      'How the Agency moves all security arrangements and responsibilities to meet the full security requirements of the contract (and the Security Policy where it applies).',
  },
] as const;
export type RequiredSectionKey = (typeof REQUIRED_SECTIONS)[number]['key'];

export const MAX_SECTION_BYTES = 500 * 1024;

/**
 * Text with one line-ending form, LF: a browser's textarea sends CRLF, an imported file or a script
 * LF, an old Mac file a lone CR. The plan's hash is over its text, so the same plan entered any of
 * those ways must store the same characters.
 */
export const oneLineEnding = (text: string): string => text.replace(/\r\n?/g, '\n');

/** Every text of a plan's content with LF line endings (what submission hashes). */
export const contentWithOneLineEnding = (content: PlanContent): PlanContent => ({
  sections: content.sections.map((s) => ({
    ...s,
    heading: oneLineEnding(s.heading),
    markdown: oneLineEnding(s.markdown),
  })),
  roles: content.roles.map((r) => ({ ...r, role: oneLineEnding(r.role) })),
  thirdParties: content.thirdParties.map((t) => ({
    name: oneLineEnding(t.name),
    access: oneLineEnding(t.access),
    riskProcess: oneLineEnding(t.riskProcess),
  })),
});

export const sectionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/),
  heading: z
    .string()
    .trim()
    .min(1, 'Enter a heading')
    .max(200, 'The heading must be 200 characters or fewer')
    .transform(oneLineEnding),
  markdown: z
    .string()
    .refine((s) => Buffer.byteLength(s) <= MAX_SECTION_BYTES, 'The section must be 500 KB or smaller')
    .refine((s) => !s.includes('\u0000'), 'The section must not contain NUL characters')
    .transform(oneLineEnding),
});
export const roleSchema = z.object({
  role: z.string().trim().min(1, 'Enter the role').max(200).transform(oneLineEnding),
  userId: z.string().uuid('Select a person'),
});
export const thirdPartySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter the name of the Subcontractor or third party')
    .max(200)
    .transform(oneLineEnding),
  access: z.string().trim().max(2000).transform(oneLineEnding),
  riskProcess: z.string().trim().max(5000).transform(oneLineEnding),
});

export const planContentSchema = z.object({
  sections: z.array(sectionSchema).max(60),
  roles: z.array(roleSchema).max(100),
  thirdParties: z.array(thirdPartySchema).max(200),
});
/**
 * A register entry as a submitted version pins it (clause 4.2.1(g)): what its references meant when
 * it was submitted, covered by its hash, so a later change to the register cannot change it.
 */
export interface PinnedDocument {
  id: string;
  title: string;
  version: string;
  owner: string;
  location: string;
  /** The Agency's answer: both parties hold a copy. */
  bothPartiesHold: boolean;
  /** The Client's Representative's answer, if it had given one. */
  clientHolds: 'confirmed' | 'disputed' | null;
}
/**
 * A version's content. `documents` is set at submission only (drafts read the live register), and
 * is absent from versions submitted before entries were pinned, so their hashes stay as decided.
 */
export type PlanContent = z.output<typeof planContentSchema> & { documents?: PinnedDocument[] };
export type PlanSection = PlanContent['sections'][number];

/** A new plan: the required sections, empty, for the Agency to write. */
export function emptyContent(): PlanContent {
  return {
    sections: REQUIRED_SECTIONS.map((s) => ({ key: s.key, heading: s.heading, markdown: '' })),
    roles: [],
    thirdParties: [],
  };
}
