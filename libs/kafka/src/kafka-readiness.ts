import type { Admin } from 'kafkajs';
import type { ReadinessCheck } from '@crm-bridge/service-runtime';

/**
 * A `/health/ready` check that fails while no broker answers a metadata request. `admin` must be
 * connected (and stay connected for the service's lifetime); the health endpoint bounds the wait.
 *
 * @example
 *   readinessChecks: (services) => [kafkaReadinessCheck(services.get(KafkaClients).admin)]
 */
export function kafkaReadinessCheck(admin: Admin): ReadinessCheck {
  return {
    name: 'kafka',
    check: async () => {
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === 0) {
        throw new Error('the cluster reports no brokers');
      }
    },
  };
}
