// jest-light-runner imports the test files with Node's own loader; tsx teaches it TypeScript.
// Registered here, in each test process, so nothing leaks into the CLI processes the tests spawn.
import { register as registerEsm } from "tsx/esm/api";
import { register as registerCjs } from "tsx/cjs/api";

registerEsm();
registerCjs();
