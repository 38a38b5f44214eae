/** One jest run for every test: unit, emulator contract, function integration, weapp simulate, H5 browser. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2020' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/tests/global-setup.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
