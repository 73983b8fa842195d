import type { AuditLog } from '../audit-log/index.ts';
import type { ContractsService } from '../contracts/index.ts';
import type { Principal } from '../../platform/auth/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import {
  ConflictError,
  hashSecret,
  iso,
  newId,
  newSecret,
  NotFoundError,
  ValidationError,
  type Actor,
  type Clock,
} from '../../platform/kernel/index.ts';
import type { UnitOfWork } from '../../platform/db/index.ts';
import { apiTokensRepository, type ApiTokenRow } from './api-tokens.repository.ts';
import type { ApiTokensTables } from './api-tokens.tables.ts';
import { createApiTokenInput, type ApiToken } from './api-tokens.schemas.ts';

// A recognisable prefix lets secret scanners find leaked tokens; the rest is 256 random bits.
const PREFIX = 'cus_';
const MAX_DAYS = 366;
// Record use at most once a minute per token: enough to show staleness without a write per call.
const TOUCH_EVERY_MS = 60_000;

export type ApiTokensService = ReturnType<typeof createApiTokensService>;

/** API tokens: created by an administrator, shown once, stored hashed, scoped to one contract and role. */
export function createApiTokensService(deps: {
  uow: UnitOfWork;
  clock: Clock;
  audit: AuditLog;
  contracts: ContractsService;
}) {
  const { uow, clock, audit } = deps;
  const repo = apiTokensRepository(uow.tables<ApiTokensTables>());

  const toToken = (r: ApiTokenRow): ApiToken => ({
    id: r.id,
    name: r.name,
    contractId: r.contract_id,
    role: r.role,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
    status: r.revoked_at ? 'revoked' : Date.parse(r.expires_at) <= clock.now().getTime() ? 'expired' : 'active',
  });

  return {
    async list(filter: { contractId?: string } = {}): Promise<ApiToken[]> {
      return (await repo.list(filter)).map(toToken);
    },
    async get(id: string): Promise<ApiToken> {
      const row = await repo.findById(id);
      if (!row) throw new NotFoundError('The API token');
      return toToken(row);
    },
    /** Returns the token record and the secret; the secret is never retrievable again. */
    async create(
      actor: Extract<Actor, { type: 'user' }>,
      input: unknown,
    ): Promise<{ token: ApiToken; secret: string }> {
      const data = parseInput(createApiTokenInput, input);
      return uow.transaction(async () => {
        // Only a contract that does not exist is the person's mistake; a database outage must surface as one.
        const contract = await deps.contracts.get(data.contractId).catch((err: unknown) => {
          if (err instanceof NotFoundError) throw new ValidationError({ contractId: 'Select a contract' });
          throw err;
        });
        const now = clock.now();
        // The token works until the end of the chosen day (UTC).
        const expires = new Date(`${data.expiresOn}T23:59:59.999Z`);
        if (expires.getTime() <= now.getTime())
          throw new ValidationError({ expiresOn: 'The expiry date must be in the future' });
        if (expires.getTime() - now.getTime() > MAX_DAYS * 86_400_000)
          throw new ValidationError({ expiresOn: `The expiry date must be within ${MAX_DAYS} days` });
        const secret = `${PREFIX}${newSecret()}`;
        const row: ApiTokenRow = {
          id: newId(),
          name: data.name,
          token_hash: hashSecret(secret),
          contract_id: contract.id,
          role: data.role,
          created_by: actor.userId,
          created_at: iso(now),
          expires_at: iso(expires),
          revoked_at: null,
          last_used_at: null,
        };
        await repo.insert(row);
        await audit.record({
          actor,
          action: 'api-token.create',
          contractId: contract.id,
          resource: { type: 'api-token', id: row.id },
          details: { after: { name: row.name, role: row.role, expiresAt: row.expires_at } },
        });
        return { token: toToken(row), secret };
      });
    },
    async revoke(actor: Actor, id: string): Promise<void> {
      await uow.transaction(async () => {
        const row = await repo.findById(id);
        if (!row) throw new NotFoundError('The API token');
        if (!(await repo.revoke(id, iso(clock.now()))))
          throw new ConflictError('already_revoked', 'This token has already been revoked');
        await audit.record({
          actor,
          action: 'api-token.revoke',
          contractId: row.contract_id,
          resource: { type: 'api-token', id },
          details: { before: { name: row.name, role: row.role } },
        });
      });
    },
    /** Bearer authentication: undefined for unknown, expired or revoked tokens. */
    async resolve(secret: string): Promise<Extract<Principal, { kind: 'token' }> | undefined> {
      if (!secret.startsWith(PREFIX)) return undefined;
      const row = await repo.findByHash(hashSecret(secret));
      const now = clock.now();
      if (!row || row.revoked_at || Date.parse(row.expires_at) <= now.getTime()) return undefined;
      if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS)
        await repo.touch(row.id, iso(now));
      return { kind: 'token', tokenId: row.id, contractId: row.contract_id, role: row.role };
    },
  };
}
