#!/usr/bin/env node
// Workspaces ship TypeScript sources (Turborepo "just-in-time" packages); tsx compiles them on load.
require('tsx/cjs');
require('../src/main.ts');
