/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // ESM-only dependencies (jose 6; content-disposition 2, under @fastify/static) are compiled to CommonJS for jest's
    // module system; Node itself loads them natively.
    '^.+/node_modules/(jose|content-disposition)/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', isolatedModules: true }, isolatedModules: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(?:.*/node_modules/)?(?:jose|content-disposition)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  verbose: false,
};
