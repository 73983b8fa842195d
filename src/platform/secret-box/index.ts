/**
 * Secrets stored in the database that Custodian must use again (webhook signing secrets), sealed
 * with AES-256-GCM under a key ring kept in a file outside it. See secret-box.ts.
 */
export {
  secretBoxFromFile,
  secretBoxWithKey,
  secretBoxWithKeys,
  isSealed,
  sealedKeyId,
  rotateKeyFile,
  pruneKeyFile,
  SecretBoxError,
  type SecretBox,
} from './secret-box.ts';
