/**
 * auth-connector's Zoho OAuth callback (`GET /oauth/zoho/callback`, its
 * ZohoAuthorizationCallbackController): where Zoho sends the user's browser after consent, so the
 * one route of auth-connector that must be reachable from outside, at the URL the service is
 * told in `ZOHO_REDIRECT_URL`. The Kubernetes and Compose checks both hold the deployments to it.
 */
export const ZOHO_OAUTH_CALLBACK = {
  service: 'auth-connector',
  path: '/oauth/zoho/callback',
  redirectUrlVariable: 'ZOHO_REDIRECT_URL',
} as const;
