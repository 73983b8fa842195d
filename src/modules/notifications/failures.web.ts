import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/auth/index.ts';
import { idParam } from '../../platform/http/index.ts';
import type { NotificationsService } from './notifications.service.ts';
import { CHANNEL_LABELS, deliveryState, pageQuery, pagination } from './view-models.ts';

const admin = { config: { permission: 'notifications:manage' as const } };

/** System administrators: deliveries that failed or are retrying, with the error and a "retry now". */
export function failuresWeb(app: FastifyInstance, deps: { notifications: NotificationsService }): void {
  const { notifications } = deps;

  app.get('/admin/notifications/failures', admin, async (request, reply) => {
    const page = await notifications.problems({ page: pageQuery(request) });
    const items = page.items.map((d) => ({ ...d, channelLabel: CHANNEL_LABELS[d.channel], state: deliveryState(d) }));
    return reply.page('notifications/failures.njk', {
      pageTitle: 'Delivery failures',
      items,
      pagination: pagination('/admin/notifications/failures', page.page, page.hasNext),
    });
  });

  app.post('/admin/notifications/deliveries/:deliveryId/retry', admin, async (request, reply) => {
    await notifications.retryNow(actorOf(request), idParam(request, 'deliveryId', 'The delivery'));
    reply.flash('The delivery will be tried again within a minute');
    return reply.redirect('/admin/notifications/failures', 303);
  });
}
