export { systemClock, ManualClock, iso, addMinutes, type Clock } from './clock.ts';
export { newId, newSecret, hashSecret, UUID_PATTERN } from './ids.ts';
export * from './errors.ts';
export { actorId, systemActor, type Actor, type RequestContext } from './actor.ts';
export {
  readPrivateFile,
  createPrivateFile,
  replacePrivateFile,
  PrivateFileError,
  type PrivateFileText,
} from './private-file.ts';
