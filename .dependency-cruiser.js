/** Layer rules, checked in CI (`npm run depcruise`). */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds decide/evolve and policies: it imports no framework, driver or SDK, and nothing outside the domain.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: {
        pathNot: ['^src/domain', '^node_modules/libphonenumber-js'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'domain-no-node-io',
      comment: 'The domain reads no clock, file, network or randomness: those arrive with the command.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|crypto|child_process|node:fs|node:net|node:http|node:https|node:child_process)$' },
    },
    {
      name: 'application-not-infrastructure',
      comment: 'Use cases depend on ports, never on adapters.',
      severity: 'error',
      from: { path: '^src/application' },
      to: { path: '^src/(infrastructure|projections)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)' },
  },
};
