/** How long Zoho-side deliveries (notifications, bulk job callbacks) wait for the receiver. */
const RECEIVER_TIMEOUT_MS = 10_000;

/**
 * POSTs `payload` as JSON to a URL an org registered (a notification channel's `notify_url`, a
 * bulk job's `callback.url`) and reads the answer away. Never throws: a receiver that is down or
 * slow does not fail the change or the job that triggered the delivery.
 */
export async function postToReceiver(url: string, payload: unknown): Promise<{ status: number } | { error: string }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(RECEIVER_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { status: response.status };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
