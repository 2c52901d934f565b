export {
  KafkaDevBroker,
  type BrokerAddress,
  type KafkaDevBrokerOptions,
  type KafkaDevBrokerRetention,
  type KafkaDevBrokerStartOptions,
} from './broker';
export { createJsonStderrLogger, type BrokerLogger } from './logger';
export { DataDirectoryInUseError } from './log/data-directory-lock';
export type { RetentionPolicy } from './log/retention-policy';
export { CLI_USAGE, parseCliArgs, type CliCommand, type CliOptions } from './cli/parse-cli-args';
