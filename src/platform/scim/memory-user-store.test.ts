import { describeScimUserStore } from '../../../test/support/scim-store-contract.ts';
import { MemoryUserStore } from './memory-user-store.ts';

describeScimUserStore('MemoryUserStore', async () => ({
  store: new MemoryUserStore(),
  tenant: { tenant: 'X' },
  otherTenant: { tenant: 'Y' },
}));
