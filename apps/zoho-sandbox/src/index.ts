export { ZohoSandbox, type ZohoSandboxOptions } from './zoho-sandbox.server';
export { seedDemoOrg, DEMO_SCOPES, DEMO_ORG_NAME, type DemoOrgCredentials } from './demo/demo-org.seed';
export { DATA_CENTRE_LOCATIONS, type DataCentreLocation } from './data-centre/data-centre';
export { parseCliArgs, SANDBOX_CLI_USAGE, type SandboxCliCommand, type SandboxCliOptions } from './cli/parse-cli-args';
