#!/usr/bin/env node
// The `blueprints` command: runs the bundled CLI (dist/blueprints.bundle.js) with its V8 code cache.
import { join } from "node:path";
import { runBundle } from "../cli/code-cache";

const dist = join(__dirname, "..");
runBundle(join(dist, "blueprints.bundle.js"), join(dist, "blueprints.bundle.cache"), { writeCache: process.env.BLUEPRINTS_WRITE_CODE_CACHE === "1" });
