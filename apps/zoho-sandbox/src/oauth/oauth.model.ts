import type { DataCentreLocation } from '../data-centre/data-centre';

/** A client registered in the API console: a server-based web app, or a self client (no browser). */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  orgId: string;
  location: DataCentreLocation;
  name: string;
  kind: 'server-based' | 'self-client';
  redirectUris: string[];
  /** The user who registered the client; `client_credentials` tokens act as this user. */
  ownerUserId: string;
  /** When each grant code was issued, for the 10-per-10-minutes limit. */
  grantCodeIssueTimes: number[];
}

export interface GrantCode {
  code: string;
  clientId: string;
  userId: string;
  orgId: string;
  scopes: string[];
  expiresAt: number;
  /** The redirect URI of a browser grant, which the token call must repeat; `null` for self-client codes. */
  redirectUri: string | null;
  issueRefreshToken: boolean;
}

export interface RefreshTokenGrant {
  token: string;
  clientId: string;
  userId: string;
  orgId: string;
  location: DataCentreLocation;
  scopes: string[];
  createdAt: number;
  /** Live access tokens minted from this refresh token, oldest first. */
  accessTokens: string[];
  /** When each access token was minted, for the 10-per-10-minutes limit. */
  mintTimes: number[];
}

export interface AccessTokenGrant {
  token: string;
  refreshToken: string | null;
  clientId: string;
  userId: string;
  orgId: string;
  location: DataCentreLocation;
  scopes: string[];
  expiresAt: number;
}

/** The token endpoint's success body (reference §1.1); `refresh_token` only on a first offline grant. */
export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  scope: string;
  api_domain: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** Zoho Accounts answers errors with HTTP 200 and an `error` field (reference §1.1). */
export type TokenErrorResponse =
  | {
      error:
        'invalid_client' | 'invalid_code' | 'invalid_redirect_uri' | 'unsupported_grant_type' | 'invalid_scope' | 'unauthorized_client';
    }
  | { error: 'Access Denied'; error_description: string; status: 'failure' };

export const THROTTLED_TOKEN_RESPONSE: TokenErrorResponse = {
  error_description: 'You have made too many requests continuously. Please try again after some time.',
  error: 'Access Denied',
  status: 'failure',
};
