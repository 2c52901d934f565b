/** One problem with one configuration variable, phrased for the operator who has to fix it. */
export interface ConfigIssue {
  variable: string;
  reason: string;
}

/**
 * Thrown at boot when the environment does not satisfy a service's configuration schema.
 * The message lists every offending variable at once so an operator fixes them in one pass.
 */
export class ConfigValidationError extends Error {
  constructor(
    readonly serviceName: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`${serviceName}: invalid configuration\n` + issues.map((issue) => `  - ${issue.variable}: ${issue.reason}`).join('\n'));
    this.name = 'ConfigValidationError';
  }
}
