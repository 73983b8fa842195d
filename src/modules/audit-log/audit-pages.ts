/** A module's page about a contract, as the contract's page lists it: its path and its title. */
export interface ContractPage {
  path: string;
  title: string;
}

const spoken = (segment: string) => segment.replace(/[-_]+/g, ' ');

/**
 * Which page or API a recorded request was for, in words, from its route (never its address, whose
 * ids mean nothing to a reader): "Viewed the Deadlines page", "Sent a form on the Audit log page:
 * export", "Read audit events through the API". A contract's pages go by the titles the contract's
 * page gives them, so no module's pages are named here.
 */
export function pageOf(details: Record<string, unknown>, pages: readonly ContractPage[]): string {
  const route = typeof details.route === 'string' ? details.route : undefined;
  const method = typeof details.method === 'string' ? details.method.toUpperCase() : 'GET';
  if (!route) return 'Asked for a page that does not exist';
  const reading = method === 'GET' || method === 'HEAD';
  const api = route.startsWith('/api/');
  const segments = route
    .replace(/^\/api\/v\d+/, '')
    .split('/')
    .filter((s) => s && !s.startsWith(':'));
  const inContract = segments[0] === 'contracts' && route.includes(':contractId');
  const [first, ...rest] = inContract ? segments.slice(1) : segments;
  if (api) {
    const thing = (first ? [first, ...rest] : []).map(spoken).join(' ') || 'the contract';
    return `${reading ? 'Read' : 'Changed'} ${thing} through the API`;
  }
  const title = first === undefined ? undefined : (pages.find((p) => p.path === first)?.title ?? spoken(first));
  const page =
    title === undefined
      ? inContract
        ? 'the contract’s overview page'
        : 'the home page'
      : `the ${title} page${rest.length ? `: ${rest.map(spoken).join(', ')}` : ''}`;
  return `${reading ? 'Viewed' : method === 'POST' ? 'Sent a form on' : `Made a ${method} request to`} ${page}`;
}
