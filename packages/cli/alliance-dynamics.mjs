#!/usr/bin/env node
// The project's command, bin/alliance-dynamics.mjs (see packages/cli/package.json for why this link exists).
import '../../bin/alliance-dynamics.mjs';
