/**
 * Every Prometheus metric CRM Bridge services expose, in one place, so dashboards, alert rules and
 * the `/metrics` tests agree on the spelling. Conventions: the `crm_bridge_` prefix, the unit in
 * the name (`_seconds`, `_messages`, `_events`), counters end in `_total`. Every series also
 * carries the `service` label. Node's process metrics (`process_*`, `nodejs_*`) keep prom-client's
 * standard names.
 */
export const METRIC_NAMES = {
  httpRequests: 'crm_bridge_http_requests_total',
  httpRequestDuration: 'crm_bridge_http_request_duration_seconds',
  graphqlOperations: 'crm_bridge_graphql_operations_total',
  graphqlOperationDuration: 'crm_bridge_graphql_operation_duration_seconds',
  kafkaMessagesProduced: 'crm_bridge_kafka_messages_produced_total',
  kafkaMessagesConsumed: 'crm_bridge_kafka_messages_consumed_total',
  kafkaMessageHandlingDuration: 'crm_bridge_kafka_message_handling_duration_seconds',
  kafkaHandlerRetries: 'crm_bridge_kafka_handler_retries_total',
  kafkaDeadLetters: 'crm_bridge_kafka_dead_letters_total',
  kafkaConsumerLag: 'crm_bridge_kafka_consumer_lag_messages',
  outboxPendingEvents: 'crm_bridge_outbox_pending_events',
  outboxOldestPendingAge: 'crm_bridge_outbox_oldest_pending_age_seconds',
  outboxRelayFailures: 'crm_bridge_outbox_relay_failures_total',
} as const;

/**
 * sync-engine's own metrics (registered by its `SyncMetrics`, per integration): in the same
 * catalogue so alert rules and dashboards agree on the spelling.
 */
export const SYNC_METRIC_NAMES = {
  /** sync-engine: a change in one system until it is applied in the other, by direction and integration. */
  propagationLatency: 'crm_bridge_sync_propagation_latency_seconds',
  /** sync-engine: records handled by finished sync runs, by direction, outcome and integration. */
  records: 'crm_bridge_sync_records_total',
  /** sync-engine: how long an integration's due work has waited for an instance to take it. */
  workOverdue: 'crm_bridge_sync_work_overdue_seconds',
  /** sync-engine: passes over an integration's work steps, by the instance (lease owner) that made them and how they ended. */
  integrationPasses: 'crm_bridge_sync_integration_passes_total',
  /** sync-engine: an integration's Zoho credits, as last worked. */
  creditsRemaining: 'crm_bridge_sync_credits_remaining',
  creditsBudget: 'crm_bridge_sync_credits_budget',
  creditsSpentLastDay: 'crm_bridge_sync_credits_spent_last_day',
  creditsForecastNextDay: 'crm_bridge_sync_credits_forecast_next_day',
  /** sync-engine: seconds until each Zoho notification channel expires, and since Zoho last granted it. */
  notificationChannelExpiry: 'crm_bridge_zoho_notification_channel_expiry_seconds',
  notificationChannelAge: 'crm_bridge_zoho_notification_channel_age_seconds',
  /** sync-engine: debug-mode entries not kept (buffer full, write failed), so a sync never waits for them. */
  debugEntriesDropped: 'crm_bridge_sync_debug_entries_dropped_total',
  /** sync-engine: partner webhook delivery attempts by outcome (delivered, failed, refused by the URL policy, abandoned after the last retry). */
  webhookDeliveryAttempts: 'crm_bridge_webhook_delivery_attempts_total',
  /** sync-engine: how long a sent webhook POST took to be answered, by outcome. */
  webhookRequestDuration: 'crm_bridge_webhook_request_duration_seconds',
  /** sync-engine: from a webhook delivery being queued until its endpoint accepted it (retries included). */
  webhookDeliveryLatency: 'crm_bridge_webhook_delivery_latency_seconds',
  /** sync-engine: webhook endpoints disabled because their attempts kept failing. */
  webhookEndpointsDisabled: 'crm_bridge_webhook_endpoints_disabled_total',
  /** sync-engine: PENDING webhook deliveries of enabled endpoints that are due now, and how long the oldest has been due. */
  webhookDeliveriesDue: 'crm_bridge_webhook_deliveries_due',
  webhookOldestDueAge: 'crm_bridge_webhook_oldest_due_delivery_age_seconds',
} as const;

/**
 * Names reserved for metrics whose code paths do not exist yet; registering them now would expose
 * series that never move and invite alerts that can never fire. Each lands with the feature named.
 */
export const PLANNED_METRIC_NAMES = {
  /** zoho-client wiring: calls by operation and outcome. */
  zohoApiCalls: 'crm_bridge_zoho_api_calls_total',
  zohoApiCallDuration: 'crm_bridge_zoho_api_call_duration_seconds',
  zohoApiErrors: 'crm_bridge_zoho_api_errors_total',
  zohoApiCredits: 'crm_bridge_zoho_api_credits_total',
  zohoApiRetries: 'crm_bridge_zoho_api_retries_total',
  zohoTokenRefreshes: 'crm_bridge_zoho_token_refreshes_total',
  /** conflict-resolver detection. */
  conflictsDetected: 'crm_bridge_conflicts_detected_total',
  conflictsOpen: 'crm_bridge_conflicts_open',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];
