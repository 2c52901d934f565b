/** Nest injection tokens provided by the service runtime to every service. */
/** The service's name, e.g. `sync-engine` (its Kafka client id and the prefix of its consumer groups). */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
/** The service's validated configuration: the base variables plus its own and its features'. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** One dependency `/health/ready` checks; `check` rejects when the dependency is unusable. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}
