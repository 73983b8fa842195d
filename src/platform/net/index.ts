/** Outbound connections kept to public addresses (SSRF), with an installation's allow-list. */
export { allowEntryProblem, createAddressPolicy, type AddressPolicy } from './address-policy.ts';
export {
  createOutboundGuard,
  OutboundRefusedError,
  systemResolver,
  type HostResolver,
  type OutboundGuard,
  type ResolvedAddress,
} from './outbound-guard.ts';
