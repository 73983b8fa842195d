import type { FastifyReply } from 'fastify';

/** What a confirm page says before a destructive action, and where its one button posts. */
export interface ConfirmStep {
  /** The question, as the page's heading: "Revoke the API token “CI reader”?" */
  question: string;
  /** A caption above the heading naming where this happens (the contract, the admin area). */
  caption?: string;
  /** What will happen, in plain words, each its own paragraph. */
  consequences: string[];
  /** The POST that acts: the existing route, unchanged, so the API and scripts keep working. */
  action: string;
  /** The button's text: says the action ("Revoke the token"), not "Continue". */
  button: string;
  /** Where Cancel (and Back) go: the page the person came from. */
  cancelHref: string;
  /** Extra fields the POST needs (a holiday's id), sent as hidden inputs. */
  hidden?: Record<string, string>;
}

/**
 * The GOV.UK confirm step before a one-click destructive action: a page that says what will happen,
 * a warning button that posts to the action, and a Cancel link. Nothing changes until that POST.
 */
export function confirmPage(reply: FastifyReply, step: ConfirmStep): FastifyReply {
  return reply.page('confirm.njk', {
    pageTitle: step.question,
    step: { ...step, hidden: Object.entries(step.hidden ?? {}).map(([name, value]) => ({ name, value })) },
    backLink: { href: step.cancelHref },
  });
}
