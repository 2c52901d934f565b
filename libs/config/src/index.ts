export { ConfigValidationError, type ConfigIssue } from './config-validation.error';
export { loadConfig, type EnvironmentSource, type ConfigSchema } from './load-config';
export {
  portVariable,
  logLevelVariable,
  databaseUrlVariable,
  internalSigningSecretVariable,
  listVariable,
  secondsVariable,
} from './config-variables';
export { z } from 'zod';
