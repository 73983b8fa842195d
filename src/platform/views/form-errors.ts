/** What GOV.UK's error summary and field macros need, built from a field → message map. */
export interface FormErrors {
  summary: { text: string; href: string }[];
  field: Record<string, { text: string }>;
}

/** Field ids follow the field names; date inputs point at their day box (GOV.UK pattern). */
export function formErrors(fields: Record<string, string> | undefined): FormErrors | undefined {
  if (!fields || Object.keys(fields).length === 0) return undefined;
  return {
    summary: Object.entries(fields).map(([name, text]) => ({ text, href: `#${anchorFor(name)}` })),
    field: Object.fromEntries(Object.entries(fields).map(([name, text]) => [name, { text }])),
  };
}

const anchorFor = (name: string) => (/date$/i.test(name) ? `${name}-day` : name);
