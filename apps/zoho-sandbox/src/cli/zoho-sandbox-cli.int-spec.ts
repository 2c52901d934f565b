/* eslint-disable @typescript-eslint/no-unsafe-assignment -- contract tests read Zoho's untyped JSON bodies */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { runNodeProcess, type RunningNodeProcess } from '@crm-bridge/testing';

const SCRIPT = resolve(__dirname, '../../../../scripts/zoho-sandbox.ts');

function runCli(args: string[]): RunningNodeProcess {
  return runNodeProcess([SCRIPT, ...args], { typescript: true });
}

describe('scripts/zoho-sandbox.ts', () => {
  const started: RunningNodeProcess[] = [];
  after(() => {
    for (const cli of started) {
      cli.child.kill('SIGKILL');
    }
  });

  test('announces URLs and demo credentials; the demo org connects and holds the seeded deals; stops on SIGTERM', async () => {
    const cli = runCli(['--port', '0']);
    started.push(cli);
    const announcement = JSON.parse(await cli.firstLine());
    assert.equal(announcement.event, 'listening');
    assert.equal(announcement.dataCentres.eu.apiDomain, `${announcement.origin}/dc/eu`);
    const demo = announcement.demoOrg;
    const tokenResponse = await fetch(`${demo.accountsServer}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: demo.clientId,
        client_secret: demo.clientSecret,
        code: demo.selfClientCode,
      }).toString(),
    });
    const tokens = (await tokenResponse.json()) as { access_token: string; api_domain: string; refresh_token: string };
    assert.equal(typeof tokens.refresh_token, 'string');
    const deals = await fetch(`${tokens.api_domain}/crm/v8/Deals?fields=Deal_Name,Pipeline,Stage&sort_order=asc`, {
      headers: { authorization: `Zoho-oauthtoken ${tokens.access_token}` },
    });
    const body = (await deals.json()) as { data: { Pipeline: string }[] };
    assert.equal(body.data.length, 6);
    assert.deepEqual([...new Set(body.data.map((deal) => deal.Pipeline))].sort(), ['Partner Channel', 'Standard']);

    cli.child.kill('SIGTERM');
    const { code, signal } = await cli.exited;
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
    assert.match(cli.stderr(), /"msg":"zoho sandbox stopped"/);
  });

  test('rejects bad arguments with exit code 2 and a message naming the flag', async () => {
    const cli = runCli(['--port', 'eighty']);
    started.push(cli);
    const { code, signal } = await cli.exited;
    assert.deepEqual({ code, signal }, { code: 2, signal: null });
    assert.match(cli.stderr(), /--port must be a whole number from 0 to 65535, got "eighty"/);
    assert.equal(cli.stdout(), '');
  });
});
