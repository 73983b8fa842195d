import type { FastifyReply } from 'fastify';

/** One answer on a "Check your answers" page, with a Change link back to where it was given. */
export interface CheckedAnswer {
  key: string;
  value: string;
  /** Where to change it; omitted for what the person cannot change here (a hash, a count). */
  changeHref?: string;
}

/** A "Check your answers" step: what will happen, and the one POST that does it. */
export interface CheckAnswers {
  heading: string;
  caption?: string;
  /** What pressing the button does, before the answers. */
  intro?: string[];
  answers: CheckedAnswer[];
  /** Why it cannot be done yet: shown instead of the button, so the step never promises what will fail. */
  problems?: string[];
  /** The POST that acts: the same route as without this step, so the API and scripts are unchanged. */
  action: string;
  button: string;
  /** The form as posted to reach this page: every field is sent on to `action` as a hidden input. */
  carried: Record<string, unknown>;
  cancelHref: string;
  /**
   * A POST that shows the form again filled in with the carried answers. With it, each "Change" is a
   * button that sends them back (to the fragment of its changeHref), so nothing typed is lost; without
   * it, "Change" is a plain link to changeHref.
   */
  changeAction?: string;
}

/**
 * Every field of a posted form except its CSRF token, as hidden inputs: a check step passes on
 * whatever the form had, including fields added to that form later, without knowing their names.
 */
export function carriedFields(body: Record<string, unknown>): { name: string; value: string }[] {
  return Object.entries(body)
    .filter(([name]) => name !== '_csrf')
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value])
        .filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v))
        .map((v) => ({ name, value: String(v) })),
    );
}

export const CHECK_ANSWERS_TEMPLATE = 'check-answers.njk';

/** The context of the GOV.UK "Check your answers" page (CHECK_ANSWERS_TEMPLATE) for `c`. */
export function checkAnswersView(c: CheckAnswers, backHref = c.cancelHref): Record<string, unknown> {
  return {
    pageTitle: c.heading,
    check: {
      ...c,
      rows: c.answers.map((a) => ({
        key: { text: a.key },
        value: { classes: 'custodian-lines', text: a.value },
        ...(a.changeHref
          ? { actions: { items: [{ href: a.changeHref, text: 'Change', visuallyHiddenText: a.key.toLowerCase() }] } }
          : {}),
        // For the template's own rows when answers go back by POST (changeAction): a place on the form's
        // own page (a fragment) goes back with the answers; another page stays a link.
        changeTo:
          a.changeHref?.includes('#') && c.changeAction ? `${c.changeAction}${fragmentOf(a.changeHref)}` : undefined,
      })),
      hidden: carriedFields(c.carried),
    },
    backLink: { href: backHref },
  };
}

const fragmentOf = (href: string) => (href.includes('#') ? href.slice(href.indexOf('#')) : '');

/** Renders the "Check your answers" page for `c`. Nothing changes until its POST. */
export function checkAnswersPage(reply: FastifyReply, c: CheckAnswers): FastifyReply {
  return reply.page(CHECK_ANSWERS_TEMPLATE, checkAnswersView(c));
}
