/**
 * Runs one kafkajs group consumer in a child process, so a test can kill it with SIGKILL: its
 * sockets vanish without LeaveGroup, exactly like a crashed service. Reports over IPC:
 * `{ type: 'assignment', assignment }` after each group join and `{ type: 'message', ... }`.
 *
 * Started by `forkConsumer` below with a JSON config argument.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';

export interface ChildConsumerConfig {
  bootstrap: string;
  clientId: string;
  groupId: string;
  topic: string;
  sessionTimeout: number;
  heartbeatInterval: number;
  rebalanceTimeout: number;
}

export type ChildConsumerEvent =
  | { type: 'assignment'; assignment: Record<string, number[]> }
  | { type: 'message'; partition: number; offset: number; value: string | null };

/** Starts the child; `onEvent` sees everything it reports. */
export function forkConsumer(config: ChildConsumerConfig, onEvent: (event: ChildConsumerEvent) => void): ChildProcess {
  const child = fork(__filename, [JSON.stringify(config)], {
    execArgv: ['--require', '@swc-node/register'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.on('message', (event) => onEvent(event as ChildConsumerEvent));
  return child;
}

async function runChild(config: ChildConsumerConfig): Promise<void> {
  const kafka = new Kafka({ clientId: config.clientId, brokers: [config.bootstrap], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({
    groupId: config.groupId,
    sessionTimeout: config.sessionTimeout,
    heartbeatInterval: config.heartbeatInterval,
    rebalanceTimeout: config.rebalanceTimeout,
    maxWaitTimeInMs: 200,
  });
  const report = (event: ChildConsumerEvent): void => {
    process.send?.(event);
  };
  consumer.on(consumer.events.GROUP_JOIN, (event) => report({ type: 'assignment', assignment: event.payload.memberAssignment }));
  await consumer.connect();
  await consumer.subscribe({ topic: config.topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      report({ type: 'message', partition, offset: Number(message.offset), value: message.value?.toString() ?? null });
      return Promise.resolve();
    },
  });
}

if (require.main === module) {
  const argument = process.argv[2];
  if (argument === undefined) {
    throw new Error('consumer-child-process needs a JSON config argument');
  }
  runChild(JSON.parse(argument) as ChildConsumerConfig).catch((error: unknown) => {
    process.stderr.write(`child consumer failed: ${String(error)}\n`);
    process.exit(1);
  });
}
