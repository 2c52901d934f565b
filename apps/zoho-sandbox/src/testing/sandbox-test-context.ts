import { StructuredLogger } from '@crm-bridge/observability';
import type { DataCentreLocation } from '../data-centre/data-centre';
import { ZohoSandbox, type ZohoSandboxOptions } from '../zoho-sandbox.server';

export interface TestOrg {
  id: string;
  location: DataCentreLocation;
  primaryUserId: string;
  accountsServer: string;
  apiDomain: string;
}

export interface TestConnection {
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
  apiDomain: string;
  accountsServer: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or `null` for an empty body. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests assert on Zoho's untyped JSON
}

/**
 * Factories for the sandbox's own tests: a running sandbox on a free port, orgs created and
 * connected through the admin API and the real token endpoint, and plain HTTP helpers.
 */
export class SandboxTestContext {
  private constructor(readonly sandbox: ZohoSandbox) {}

  static async start(options: ZohoSandboxOptions = {}): Promise<SandboxTestContext> {
    // Expected failures (e.g. a notify URL nobody listens on) log warnings; tests only want errors.
    return new SandboxTestContext(await ZohoSandbox.start({ port: 0, logger: new StructuredLogger('zoho-sandbox', 'error'), ...options }));
  }

  get origin(): string {
    return this.sandbox.origin;
  }

  stop(): Promise<void> {
    return this.sandbox.stop();
  }

  admin(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    return this.request(method, `${this.origin}/__admin${path}`, body === undefined ? {} : { json: body });
  }

  async newOrg(location: DataCentreLocation = 'us', settings: Record<string, unknown> = {}): Promise<TestOrg> {
    const response = await this.admin('POST', '/orgs', { location, ...settings });
    if (response.status !== 201) {
      throw new Error(`creating an org failed: ${JSON.stringify(response.body)}`);
    }
    const created = response.body as { id: string; users: { id: string }[]; accountsServer: string; apiDomain: string };
    return {
      id: created.id,
      location,
      primaryUserId: (created.users[0] as { id: string }).id,
      accountsServer: created.accountsServer,
      apiDomain: created.apiDomain,
    };
  }

  /** A self client with a grant code exchanged for tokens, as a developer does in the API console. */
  async connect(
    org: TestOrg,
    scopes: string[] = [
      'ZohoCRM.modules.ALL',
      'ZohoCRM.settings.ALL',
      'ZohoCRM.org.ALL',
      'ZohoCRM.users.ALL',
      'ZohoSearch.securesearch.READ',
    ],
    userId?: string,
  ): Promise<TestConnection> {
    const client = (await this.admin('POST', `/orgs/${org.id}/clients`, { kind: 'self-client' })).body as {
      clientId: string;
      clientSecret: string;
    };
    const code = (
      await this.admin('POST', `/orgs/${org.id}/self-client-codes`, { clientId: client.clientId, scopes, ...(userId ? { userId } : {}) })
    ).body as { code: string };
    const token = (
      await this.form(`${org.accountsServer}/oauth/v2/token`, {
        grant_type: 'authorization_code',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        code: code.code,
      })
    ).body as { access_token?: string; refresh_token: string; api_domain: string };
    if (token.access_token === undefined) {
      throw new Error(`token exchange failed: ${JSON.stringify(token)}`);
    }
    return {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      accessToken: token.access_token,
      refreshToken: token.refresh_token,
      apiDomain: token.api_domain,
      accountsServer: org.accountsServer,
    };
  }

  /** A CRM API call, e.g. `api(connection, 'GET', '/crm/v8/Deals?fields=Deal_Name')`. */
  api(
    connection: Pick<TestConnection, 'accessToken' | 'apiDomain'>,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    return this.request(method, `${connection.apiDomain}${path}`, {
      headers: { authorization: `Zoho-oauthtoken ${connection.accessToken}`, ...headers },
      ...(body === undefined ? {} : { json: body }),
    });
  }

  form(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<ApiResponse> {
    return this.request('POST', url, { form: fields, headers });
  }

  async seed(org: TestOrg, module: string, records: Record<string, unknown>[]): Promise<string[]> {
    const response = await this.admin('POST', `/orgs/${org.id}/modules/${module}/records`, { records });
    if (response.status !== 201) {
      throw new Error(`seeding ${module} failed: ${JSON.stringify(response.body)}`);
    }
    return (response.body as { results: { record: { id: string } }[] }).results.map((result) => result.record.id);
  }

  async request(
    method: string,
    url: string,
    options: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string>; redirect?: 'manual' | 'follow' } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await fetch(url, { method, headers, body, redirect: options.redirect ?? 'manual' });
    const text = await response.text();
    let parsed: unknown = null;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }
}
