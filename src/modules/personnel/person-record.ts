import { fromFlag } from '../../platform/db/index.ts';
import { statusOn } from './person-status.ts';
import type { PersonRow } from './personnel.repository.ts';
import type { Person } from './personnel.schemas.ts';

/** A row of the register as services give it, with its status on the UK date `today`. */
export const toPerson = (r: PersonRow, today: string): Person => {
  const p = {
    id: r.id,
    contractId: r.contract_id,
    name: r.name,
    subcontractor: r.subcontractor,
    email: r.email,
    jobTitle: r.job_title,
    startDate: r.start_date,
    endDate: r.end_date,
    leaving: fromFlag(r.leaving),
    userId: r.user_id,
    externalId: r.external_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  return { ...p, status: statusOn(p, today) };
};

/** What an audit event says about a person: the register's fields, never check outcomes. */
export const described = (p: Omit<Person, 'status'>) => ({
  name: p.name,
  email: p.email,
  employer: p.subcontractor ?? 'the Agency',
  jobTitle: p.jobTitle,
  startDate: p.startDate,
  endDate: p.endDate,
  leaving: p.leaving,
  userId: p.userId,
  externalId: p.externalId,
});

/** A person's register fields as the personnel service takes them back: what a partial change starts from. */
export const asPersonInput = (p: Person) => ({
  name: p.name,
  email: p.email,
  employer: p.subcontractor === null ? 'agency' : 'subcontractor',
  subcontractor: p.subcontractor ?? '',
  jobTitle: p.jobTitle,
  startDate: p.startDate,
  endDate: p.endDate,
  leaving: p.leaving,
  externalId: p.externalId ?? '',
  userId: p.userId,
});
