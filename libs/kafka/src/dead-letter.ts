import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { deadLetterTopicOf } from '@crm-bridge/contracts';

/**
 * Headers a dead letter carries on top of the original record's own headers (which are kept
 * unchanged, so a replay re-delivers exactly what was first published).
 */
export const DeadLetterHeaders = {
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  consumerGroup: 'dlq_consumer_group',
  errorName: 'dlq_error_name',
  errorMessage: 'dlq_error_message',
  attempts: 'dlq_attempts',
  failedAt: 'dlq_failed_at',
} as const;

const DEAD_LETTER_HEADER_PREFIX = 'dlq_';
/** Enough of an error to diagnose it without letting one stack trace bloat the topic. */
const MAX_ERROR_MESSAGE_LENGTH = 4_000;

export interface DeadLetterFailure {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly consumerGroup: string;
  readonly error: unknown;
  readonly attempts: number;
}

/** The dead-letter record for a message that kept failing: same key and value, original headers plus why. */
export function deadLetterRecord(failure: DeadLetterFailure): { topic: string; message: Message } {
  const error = failure.error instanceof Error ? failure.error : new Error(String(failure.error));
  return {
    topic: deadLetterTopicOf(failure.topic),
    message: {
      key: failure.message.key,
      value: failure.message.value,
      headers: {
        ...withoutDeadLetterHeaders(failure.message.headers),
        [DeadLetterHeaders.originalTopic]: failure.topic,
        [DeadLetterHeaders.originalPartition]: String(failure.partition),
        [DeadLetterHeaders.originalOffset]: failure.message.offset,
        [DeadLetterHeaders.consumerGroup]: failure.consumerGroup,
        [DeadLetterHeaders.errorName]: error.name,
        [DeadLetterHeaders.errorMessage]: error.message.slice(0, MAX_ERROR_MESSAGE_LENGTH),
        [DeadLetterHeaders.attempts]: String(failure.attempts),
        [DeadLetterHeaders.failedAt]: new Date().toISOString(),
      },
    },
  };
}

/** The record's headers minus the dead-letter bookkeeping: what a replay publishes. */
export function withoutDeadLetterHeaders(headers: IHeaders | undefined): IHeaders {
  const kept: IHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!name.startsWith(DEAD_LETTER_HEADER_PREFIX) && value !== undefined) {
      kept[name] = value;
    }
  }
  return kept;
}
