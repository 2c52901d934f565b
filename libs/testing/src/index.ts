export { createTestDatabase, TEST_DATABASE_URL_VARIABLE, type TestDatabase } from './test-database';
export { eventually } from './eventually';
export { postGraphql, type GraphqlHttpResult } from './graphql-http';
export { TEST_SIGNING_SECRET, signedCallerHeaders } from './test-identity';
