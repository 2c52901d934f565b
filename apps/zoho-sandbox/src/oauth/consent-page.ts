import type { SandboxUser } from '../org/org.model';
import { userFullName } from '../org/org.model';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The consent page of `/oauth/v2/auth`: the sandbox has no login, so the page asks which of the
 * org's users grants access, lists the scopes, and posts the decision back to the same URL with
 * the original query string (so a test can "click" it with one POST).
 */
export function renderConsentPage(input: { clientName: string; scopes: string[]; users: SandboxUser[]; actionUrl: string }): string {
  const options = input.users
    .map((user) => `<option value="${escapeHtml(user.id)}">${escapeHtml(`${userFullName(user)} <${user.email}>`)}</option>`)
    .join('');
  const scopes = input.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Zoho sandbox — consent</title></head>
<body>
<h1>${escapeHtml(input.clientName)} would like to access your Zoho CRM (sandbox)</h1>
<ul>${scopes}</ul>
<form method="post" action="${escapeHtml(input.actionUrl)}">
<label>Sign in as <select name="user_id">${options}</select></label>
<button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="reject">Reject</button>
</form>
</body></html>`;
}

/** Zoho Accounts shows an error page, not a redirect, when the client or redirect URI is wrong. */
export function renderAccountsErrorPage(title: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1></body></html>`;
}
