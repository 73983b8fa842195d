import type { FastifyInstance, FastifyRequest } from 'fastify';
import { idParam } from '../../platform/http/index.ts';
import type { NotificationsService, NotificationWithDeliveries } from './notifications.service.ts';
import { CHANNEL_LABELS, deliveryState, pageQuery, pagination, userIdOf } from './view-models.ts';

const signedIn = { config: { permission: 'signed-in' as const } };
// Where "mark as read" may send the browser back to: the person's own notification pages only.
const RETURN_TO = /^\/notifications(?:\/deliveries|\/[0-9a-f-]{36})?(?:\?page=\d{1,4})?$/;

/** One notification with its deliveries as a page shows them: every channel's state, webhooks counted together. */
const withStates = (n: NotificationWithDeliveries) => ({
  ...n.notification,
  deliveries: n.deliveries.map((d) => ({ ...d, channelLabel: CHANNEL_LABELS[d.channel], state: deliveryState(d) })),
});

/** The page shows these notifications: its access record names each contract they are about. */
const carries = (request: FastifyRequest, shown: readonly { contractId: string | null }[]) => {
  for (const n of shown) if (n.contractId) request.access.carried.add(n.contractId);
};

/** Each person's notifications: the list, one notification, what was sent and how, and marking as read. */
export function notificationsWeb(app: FastifyInstance, deps: { notifications: NotificationsService }): void {
  const { notifications } = deps;

  app.get('/notifications', signedIn, async (request, reply) => {
    const userId = userIdOf(request);
    const page = await notifications.listFor(userId, { page: pageQuery(request) });
    carries(request, page.items);
    const isAdmin = request.principal.kind === 'user' && request.principal.user.isSystemAdmin;
    return reply.page('notifications/list.njk', {
      pageTitle: 'Notifications',
      items: page.items,
      page: page.page,
      unread: await notifications.unreadCount(userId),
      isAdmin,
      pagination: pagination('/notifications', page.page, page.hasNext),
      returnTo: page.page > 1 ? `/notifications?page=${page.page}` : '/notifications',
    });
  });

  app.get('/notifications/deliveries', signedIn, async (request, reply) => {
    const page = await notifications.sentTo(userIdOf(request), { page: pageQuery(request) });
    carries(
      request,
      page.items.map((d) => d.notification),
    );
    return reply.page('notifications/deliveries.njk', {
      pageTitle: 'What was sent to you',
      items: page.items.map(withStates),
      pagination: pagination('/notifications/deliveries', page.page, page.hasNext),
      backLink: { href: '/notifications', text: 'Back to notifications' },
    });
  });

  app.get('/notifications/:notificationId', signedIn, async (request, reply) => {
    // Opening a notification reads it: the page shows it read, and the header's count drops.
    const n = await notifications.open(userIdOf(request), idParam(request, 'notificationId', 'The notification'));
    carries(request, [n.notification]);
    return reply.page('notifications/show.njk', {
      pageTitle: n.notification.subject,
      notification: withStates(n),
      backLink: { href: '/notifications', text: 'Back to notifications' },
    });
  });

  app.post('/notifications/:notificationId/read', signedIn, async (request, reply) => {
    const id = idParam(request, 'notificationId', 'The notification');
    await notifications.markRead(userIdOf(request), id);
    const to = (request.body as Record<string, unknown> | undefined)?.returnTo;
    return reply.redirect(typeof to === 'string' && RETURN_TO.test(to) ? to : '/notifications', 303);
  });

  app.post('/notifications/read-all', signedIn, async (request, reply) => {
    const count = await notifications.markAllRead(userIdOf(request));
    reply.flash(count === 1 ? '1 notification was marked as read' : `${count} notifications were marked as read`);
    return reply.redirect('/notifications', 303);
  });
}
