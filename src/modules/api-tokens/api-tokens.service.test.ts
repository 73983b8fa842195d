import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../audit-log/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { ManualClock, NotFoundError, ValidationError } from '../../platform/kernel/index.ts';
import { createApiTokensService } from './api-tokens.service.ts';

const admin = { type: 'user' as const, userId: 'u', organisationId: 'o', privileged: true };
const input = {
  name: 'SIEM export',
  contractId: '0190a0a0-0000-7000-8000-000000000001',
  role: 'auditor',
  expiresOn: '2026-12-31',
};

/** The service with a contracts lookup that fails as given; nothing past the lookup is reached. */
const withContractLookup = (get: () => Promise<never>) =>
  createApiTokensService({
    // No database: a transaction just runs its work, and any query would fail the test.
    uow: {
      transaction: (work: () => Promise<unknown>) => work(),
      tables: () => () => {
        throw new Error('this test reaches no table');
      },
    } as unknown as UnitOfWork,
    audit: {} as AuditLog,
    clock: new ManualClock(new Date('2026-11-30T09:00:00.000Z')),
    contracts: { get } as unknown as ContractsService,
  });

describe('creating an API token for a contract that cannot be read', () => {
  it('says "Select a contract" only when the contract does not exist', async () => {
    const tokens = withContractLookup(async () => {
      throw new NotFoundError('The contract');
    });
    const err = await tokens.create(admin, input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fields).toEqual({ contractId: 'Select a contract' });
  });

  it('lets any other failure (a database outage) propagate', async () => {
    const outage = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const tokens = withContractLookup(async () => {
      throw outage;
    });
    await expect(tokens.create(admin, input)).rejects.toBe(outage);
  });
});
