// Shared Jest preset (STYLE.md §16). Every workspace's jest.config.js is `{ preset: '@alerts/jest-presets', ... }`.
// SWC strips types only; `npm run typecheck` is what checks them, so tests stay fast on 2 cores.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  // Node >= 20.19 can require() ES modules, but Jest's module system cannot (before Node 24.9): let SWC turn the
  // ESM-only dependencies into CommonJS. Add a package here when a test fails with "Must use import to load ES Module".
  transformIgnorePatterns: [
    `/node_modules/(?!(${[
      '@prisma/client',
      'htmlparser2',
      'domhandler',
      'domutils',
      'dom-serializer',
      'entities',
      'domelementtype',
      // @fastify/static (Bull Board's asset server) uses the ESM-only content-disposition 3.
      'content-disposition',
      // @fastify/cookie loads the ESM-only cookie 2 with import(), which Jest's CommonJS runtime cannot run untransformed.
      '@fastify/cookie',
      'cookie',
    ].join('|')})/)`,
  ],
  // NodeNext-style relative imports name the emitted `.js` file (Prisma's generated client does); map to the source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/generated/'],
};
