/** Nest injection tokens provided by the service runtime to every service. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** One dependency `/health/ready` checks; `check` rejects when the dependency is unusable. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}
