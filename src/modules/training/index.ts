import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { PermissionDefinitions, Registered } from '../../platform/auth/index.ts';
import { defineModule, ownTables } from '../../platform/modules/index.ts';
import { trainingApi } from './training.api.ts';
import { createTrainingReminderRunner } from './training-reminders.ts';
import { createTrainingService, type TrainingService } from './training.service.ts';
import type { TrainingTables } from './training.tables.ts';
import { trainingWeb, type TrainingWebDeps } from './training.web.ts';
import { completionsImportWeb } from './completions-import.web.ts';
import { completionWeb, personTrainingSection } from './person-training.web.ts';

/**
 * Security training (annex 6.4): courses per contract, each every 12 Months unless the Client
 * agreed another period in writing; completions per person, imported from a learning system's
 * CSV export too; reminders before a person falls due.
 */
export type { TrainingService } from './training.service.ts';

declare module '../../platform/modules/index.ts' {
  interface ServiceRegistry {
    training: TrainingService;
  }
}

const permissions = {
  'contract:training:view': {
    scope: 'contract',
    roles: ['agency-security-manager', 'client-representative', 'client-viewer', 'oversight-viewer', 'auditor'],
    about:
      "Reading the contract's security training (annex 6.4): the courses, their period, and per person whether each is current, due soon, overdue or not completed (not the evidence).",
  },
  'contract:training:manage': {
    scope: 'contract',
    roles: ['agency-security-manager'],
    about:
      'Keeping the training records: adding courses, recording completions, importing them from a learning system.',
  },
  'contract:training:evidence:view': {
    scope: 'contract',
    roles: ['agency-security-manager'],
    about:
      "Reading where the evidence of each training completion is held (the learning system's certificate id): Agency-internal.",
  },
  'contract:training:agree': {
    scope: 'contract',
    roles: ['client-representative'],
    about:
      "Recording the Client's written agreement to train at another period than every 12 Months (annex 6.4): who agreed, when, the period and why.",
  },
} as const satisfies PermissionDefinitions;

declare module '../../platform/auth/index.ts' {
  interface PermissionRegistry extends Registered<typeof permissions> {}
}

async function trainingPlugin(app: FastifyInstance, opts: TrainingWebDeps): Promise<void> {
  trainingWeb(app, opts);
  completionWeb(app, opts);
  await completionsImportWeb(app, opts);
  await app.register(trainingApi, opts);
}

// Reminders are keyed per day and week, so an hourly pass sends each once and a restart resumes.
const TICK_MS = 60 * 60_000;

export const trainingModule = defineModule({
  name: 'training',
  about:
    'Security training of annex 6.4: courses, completions (also from a learning system’s CSV export), next due dates and reminders.',
  tables: ownTables<TrainingTables>({ training_courses: true, training_completions: true, training_imports: true }),
  migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
  views: fileURLToPath(new URL('./views', import.meta.url)),
  permissions,
  provides: ['training'],
  needs: ['audit', 'contracts', 'personnel', 'notifications'],
  services: ({ uow, clock, workers }, { audit, contracts, personnel }) => {
    const training = createTrainingService({ uow, clock, audit, contracts, personnel, workers });
    // Every contract has the course annex 6.4 names from the moment it exists.
    contracts.onCreated((contract) => training.addDefaultCourse(contract));
    personnel.personPage.register(personTrainingSection(training));
    return { training };
  },
  web: {
    routes: (app, services) => trainingPlugin(app, services),
  },
  async start({ training, contracts, notifications }, { log }) {
    const runner = createTrainingReminderRunner({ training, contracts, notifications });
    const run = () => void runner.runOnce().catch((err: unknown) => log.error({ err }, 'training reminders failed'));
    const timer = setInterval(run, TICK_MS);
    timer.unref();
    run();
    return {
      stop: async () => {
        clearInterval(timer);
        await runner.runOnce().catch(() => {});
      },
    };
  },
  contractLinks: [
    {
      path: 'training',
      title: 'Security training',
      about: 'the courses of annex 6.4 and who is current, due soon or overdue.',
      permission: 'contract:training:view',
      order: 36,
    },
  ],
  apiTags: [{ name: 'Training', description: 'The contract’s security training: courses, completions, imports.' }],
});
