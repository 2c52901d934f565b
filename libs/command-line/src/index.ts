export {
  CommandLineUsageError,
  parseCommandLine,
  parseWholeNumberOption,
  type CommandLineOptions,
  type ParsedCommandLine,
} from './command-line';
