/**
 * Tests run in plain Node.js processes (jest-light-runner), not in a fresh vm context per file:
 * every test file in a worker shares one copy of cdktf and the provider bindings instead of
 * loading and compiling them again (that reload was two thirds of the suite's time). The test
 * files are transpiled by tsx (__tests__/register-typescript.mjs); type checking is
 * `npm run typecheck` (tsc), run before jest by `npm test`. What the light runner does not offer:
 * module mocks (jest.mock) and per-file globals; the tests use neither.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Child processes rather than worker threads: tsx registers in each, and process.chdir works.
  runner: "jest-light-runner/child-process",
  // globalSetup and globalTeardown still run in Jest's own process, through its transform.
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  setupFiles: ["<rootDir>/__tests__/register-typescript.mjs"],
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  globalSetup: "<rootDir>/__tests__/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/global-teardown.ts",
  // Two workers on two cores: the CLI tests wait on child processes, the rest is CPU.
  maxWorkers: 2,
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/cdktf.out/"],
};
