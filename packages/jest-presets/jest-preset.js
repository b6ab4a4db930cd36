// Shared Jest preset (STYLE.md §16). Every workspace's jest.config.js is `{ preset: '@alerts/jest-presets', ... }`.
// SWC strips types only; `npm run typecheck` is what checks them, so tests stay fast on 2 cores.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  // Some dependencies (and Prisma's generated client) ship as ES modules; let SWC turn them into CommonJS too.
  transformIgnorePatterns: ['/node_modules/(?!(@prisma/client|@prisma/client-runtime-utils)/)'],
  // NodeNext-style relative imports name the emitted `.js` file (Prisma's generated client does); map to the source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/generated/'],
};
