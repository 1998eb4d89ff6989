#!/usr/bin/env node
// The project's command, bin/alliance-dynamics.mjs (see bin/npx-link/package.json for why this link exists).
import '../alliance-dynamics.mjs';
