export { startIngester } from './start-ingester';
export type { IngesterOptions } from './start-ingester';
