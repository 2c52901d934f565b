/**
 * mapping-config's environment in integration tests that start no auth-connector: nothing listens
 * on the discard port, so every Zoho call fails fast with AUTH_CONNECTOR_UNAVAILABLE. Tests with
 * a live auth-connector and Zoho sandbox are in `e2e/zoho-metadata.e2e-spec.ts`.
 */
export const WITHOUT_AUTH_CONNECTOR = { AUTH_CONNECTOR_URL: 'http://127.0.0.1:9' } as const;
