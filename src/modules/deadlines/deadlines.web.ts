import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CalendarService } from '../calendar/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { UsersService } from '../accounts/index.ts';
import { actorOf } from '../../platform/auth/index.ts';
import { civilDateInLondon, DIVISION_LABELS, formatLong } from '../../platform/calendar/index.ts';
import { confirmPage, idParam, submitForm } from '../../platform/http/index.ts';
import { withDateInput } from '../../platform/validation/index.ts';
import { ForbiddenError, NotFoundError } from '../../platform/kernel/index.ts';
import { deadlinesOf } from './deadline-mine.ts';
import type { DeadlineFeedService } from './deadline-feed.ts';
import { PARTY_LABELS, STATUS_LABELS, type Deadline } from './deadlines.schemas.ts';
import type { DeadlinesService } from './deadlines.service.ts';
import { buildTimeline } from './timeline.ts';

export interface DeadlinesWebDeps {
  deadlines: DeadlinesService;
  deadlineFeed: DeadlineFeedService;
  calendar: CalendarService;
  contracts: ContractsService;
  users: UsersService;
}

const contractIdOf = (request: FastifyRequest) => idParam(request, 'contractId', 'The contract');
const STATUS_TAGS = {
  open: 'govuk-tag--blue',
  met: 'govuk-tag--green',
  missed: 'govuk-tag--red',
  waived: 'govuk-tag--grey',
  superseded: 'govuk-tag--grey',
  stopped: 'govuk-tag--grey',
} as const;

/** Words for a deadline's state: the tag and when it matters ("2 Working Days overdue", "met late"). */
function view(d: Deadline, names: Record<string, string>) {
  const tag = d.overdue
    ? { text: 'Overdue', classes: 'govuk-tag--red' }
    : { text: STATUS_LABELS[d.status], classes: STATUS_TAGS[d.status] };
  return {
    ...d,
    tag,
    replacedBy: d.status === 'superseded' ? d.supersededBy : null,
    owner: `${PARTY_LABELS[d.ownerParty]}${d.ownerUserId ? ` – ${names[d.ownerUserId] ?? 'a former user'}` : ''}`,
    due: formatLong(d.dueDate),
    done: d.metAt
      ? `Met ${d.metAt > d.dueAt ? 'late, ' : ''}on ${formatLong(civilDateInLondon(new Date(d.metAt)))}`
      : d.closedReason
        ? `${STATUS_LABELS[d.status]}: ${d.closedReason}`
        : '',
  };
}

/** A contract's deadlines with the timeline, a person's own deadlines, hand-made deadlines, waivers and the calendar feed. */
export function deadlinesWeb(app: FastifyInstance, deps: DeadlinesWebDeps): void {
  const { deadlines, contracts, users } = deps;
  const manage = { config: { permission: 'contract:deadlines:manage' as const } };

  const namesOf = async (ids: (string | null)[]) =>
    Object.fromEntries(
      (await users.list({ ids: [...new Set(ids.filter((x): x is string => Boolean(x)))] })).map((u) => [
        u.id,
        u.displayName,
      ]),
    );

  const inContract = async (request: FastifyRequest) => {
    const contractId = contractIdOf(request);
    const d = await deadlines.get(idParam(request, 'deadlineId', 'The deadline'));
    if (d.contractId !== contractId) throw new NotFoundError('The deadline');
    return d;
  };

  app.get('/contracts/:contractId/deadlines', { config: { permission: 'contract:view' } }, async (request, reply) => {
    const contract = await contracts.get(contractIdOf(request));
    const list = await deadlines.listForContract(contract.id);
    const names = await namesOf(list.flatMap((d) => [d.ownerUserId, d.escalationUserId]));
    // Closed days on the timeline are the contract's own: its division's bank holidays.
    const timeline = buildTimeline(
      await deps.calendar.current(),
      list,
      deadlines.today(),
      undefined,
      contract.workingDayDivision,
    );
    return reply.page('deadlines/contract.njk', {
      pageTitle: `Deadlines: ${contract.orderReference}`,
      contract,
      divisionLabel: DIVISION_LABELS[contract.workingDayDivision],
      timeline,
      deadlines: list.filter((d) => d.status !== 'superseded').map((d) => view(d, names)),
      superseded: list.filter((d) => d.status === 'superseded').map((d) => view(d, names)),
      canManage: request.access.can('contract:deadlines:manage'),
      // Which party the viewer speaks for, so each row offers only what the service would allow them.
      myParties: request.access.privileged
        ? ['agency', 'client']
        : [
            ...(request.access.roles.includes('agency-security-manager') ? ['agency'] : []),
            ...(request.access.roles.includes('client-representative') ? ['client'] : []),
          ],
      backLink: { href: `/contracts/${contract.id}` },
    });
  });

  const formContext = async (contractId: string) => {
    const contract = await contracts.get(contractId);
    const people = (await contracts.members(contractId)).filter(
      (u) => (u as { status?: string }).status !== 'disabled',
    );
    const items = (prompt: string) => [
      { value: '', text: prompt },
      ...people.map((u) => ({ value: u.id, text: u.displayName })),
    ];
    return {
      pageTitle: 'Add a deadline',
      contract,
      ownerItems: items('Nobody in particular'),
      escalationItems: items('Nobody'),
      backLink: { href: `/contracts/${contractId}/deadlines` },
    };
  };

  app.get('/contracts/:contractId/deadlines/new', manage, async (request, reply) =>
    reply.page('deadlines/form.njk', {
      ...(await formContext(contractIdOf(request))),
      values: { ruleKind: 'working-days' },
    }),
  );

  app.post('/contracts/:contractId/deadlines', manage, async (request, reply) => {
    const contractId = contractIdOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    return submitForm(
      request,
      reply,
      { template: 'deadlines/form.njk', context: () => formContext(contractId) },
      async () => {
        const d = await withDateInput(body, 'triggerDate', 'the date the clock starts', (input) =>
          deadlines.create(actorOf(request), contractId, { ...input, kind: 'custom' } as never),
        );
        return {
          redirect: `/contracts/${contractId}/deadlines`,
          flash: `Deadline added: ${d.clause} ${d.title}, due ${formatLong(d.dueDate)}`,
        };
      },
    );
  });

  app.post('/contracts/:contractId/deadlines/:deadlineId/met', manage, async (request, reply) => {
    const d = await inContract(request);
    await deadlines.meetByHand(actorOf(request), d.id);
    reply.flash(`Marked as met: ${d.clause} ${d.title}`);
    return reply.redirect(`/contracts/${d.contractId}/deadlines`, 303);
  });

  app.get('/contracts/:contractId/deadlines/:deadlineId/waive', manage, async (request, reply) => {
    const d = await inContract(request);
    return reply.page('deadlines/waive.njk', {
      pageTitle: 'Waive a deadline',
      deadline: view(d, await namesOf([d.ownerUserId])),
      values: {},
      backLink: { href: `/contracts/${d.contractId}/deadlines` },
    });
  });

  app.post('/contracts/:contractId/deadlines/:deadlineId/waive', manage, async (request, reply) => {
    const d = await inContract(request);
    const context = async () => ({
      pageTitle: 'Waive a deadline',
      deadline: view(d, await namesOf([d.ownerUserId])),
      backLink: { href: `/contracts/${d.contractId}/deadlines` },
    });
    return submitForm(request, reply, { template: 'deadlines/waive.njk', context }, async () => {
      await deadlines.waive(actorOf(request), d.id, request.body);
      return { redirect: `/contracts/${d.contractId}/deadlines`, flash: `Waived: ${d.clause} ${d.title}` };
    });
  });

  app.get('/deadlines', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const p = request.principal;
    if (p.kind !== 'user') throw new ForbiddenError();
    const mine = await deadlinesOf(deps, p.user.id);
    for (const m of mine) request.access.carried.add(m.contract.id);
    const names = await namesOf(mine.map((m) => m.deadline.ownerUserId));
    return reply.page('deadlines/mine.njk', {
      pageTitle: 'Your deadlines',
      items: mine.map((m) => ({ contract: m.contract, deadline: view(m.deadline, names) })),
      feed: await deps.deadlineFeed.status(p.user.id),
    });
  });

  const person = (request: FastifyRequest) => {
    const actor = actorOf(request);
    if (actor.type !== 'user') throw new ForbiddenError();
    return actor;
  };

  // A new address replaces the working one, so it is confirmed first (the first address needs no confirmation).
  app.get('/deadlines/feed/new', { config: { permission: 'signed-in' } }, async (_request, reply) =>
    confirmPage(reply, {
      question: 'Make a new feed address?',
      caption: 'Your deadlines',
      consequences: [
        'Your current feed address stops working at once: calendars that subscribed to it no longer get your deadlines until you give them the new address.',
        'Make a new address if the current one may have been shared with someone who should not see your deadlines.',
      ],
      action: '/deadlines/feed',
      hidden: { replace: 'yes' },
      button: 'Make a new feed address',
      cancelHref: '/deadlines',
    }),
  );

  app.post('/deadlines/feed', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const me = person(request);
    const replacing = ((request.body ?? {}) as Record<string, unknown>).replace === 'yes';
    if ((await deps.deadlineFeed.status(me.userId)).active && !replacing)
      return reply.redirect('/deadlines/feed/new', 303);
    const { url } = await deps.deadlineFeed.renew(me);
    return reply.page(
      'deadlines/feed-created.njk',
      { pageTitle: 'Your calendar feed address', url, backLink: { href: '/deadlines' } },
      201,
    );
  });

  app.get('/deadlines/feed/revoke', { config: { permission: 'signed-in' } }, async (_request, reply) =>
    confirmPage(reply, {
      question: 'Stop your calendar feed?',
      caption: 'Your deadlines',
      consequences: [
        'The feed address stops working at once: calendars that subscribed to it no longer get your deadlines. You can make a new address later.',
      ],
      action: '/deadlines/feed/revoke',
      button: 'Stop the feed',
      cancelHref: '/deadlines',
    }),
  );

  app.post('/deadlines/feed/revoke', { config: { permission: 'signed-in' } }, async (request, reply) => {
    await deps.deadlineFeed.revoke(person(request));
    reply.flash('Your calendar feed address no longer works');
    return reply.redirect('/deadlines', 303);
  });

  // The calendar app has no session: the private token in the address is the credential (both logs redact it).
  const feed = { config: { permission: 'public' as const, credentialParams: ['token'] } };
  app.get('/feeds/deadlines/:token', feed, async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const body = await deps.deadlineFeed.render(token, {
      sourceAddress: request.ip,
      userAgent: request.headers['user-agent'],
      requestId: String(request.id),
    });
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', 'inline; filename="custodian-deadlines.ics"')
      .send(body);
  });
}
