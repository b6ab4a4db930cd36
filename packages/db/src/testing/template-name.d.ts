// Types of template-name.js, which stays plain CommonJS so Jest's global setup can load it without a transform.
/** The template database's name: a hash of the schema's migrations. */
export function templateDatabaseName(): string;
/** The server the tests use: TEST_DATABASE_URL, else the local default. */
export function testServerUrl(): string;
/** `serverUrl` with its database part replaced by `name`. */
export function withDatabase(serverUrl: string, name: string): string;
