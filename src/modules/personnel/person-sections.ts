import type { Permission } from '../../platform/auth/index.ts';

/**
 * A section another module adds to a person's page (clearances, training, access grants): its
 * template and the context it is rendered with. The personnel module names none of them: each
 * registers its own when its service is built, so adding one is no edit to the person page.
 */
export interface PersonSection {
  /** A template of the registering module, e.g. "clearances/_person-section.njk". */
  template: string;
  /** Where it stands among the sections (lower first). */
  order: number;
  /** The section's context, or undefined to leave it out (the reader may see none of it). */
  context(
    contractId: string,
    personId: string,
    can: (permission: Permission) => boolean,
  ): Promise<Record<string, unknown> | undefined>;
}

/** The sections registered for the person page, rendered in order with the reader's permissions. */
export function createPersonSections() {
  const sections: PersonSection[] = [];
  return {
    /** Adds a module's section to every person's page. */
    register(section: PersonSection): void {
      sections.push(section);
      sections.sort((a, b) => a.order - b.order);
    },
    async render(contractId: string, personId: string, can: (permission: Permission) => boolean) {
      const rendered = await Promise.all(
        sections.map(async (s) => ({ template: s.template, context: await s.context(contractId, personId, can) })),
      );
      return rendered.filter((s) => s.context !== undefined);
    },
  };
}
