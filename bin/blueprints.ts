#!/usr/bin/env node
import { run } from "../cli/program";

process.exitCode = run(process.argv.slice(2));
