#!/usr/bin/env node
'use strict';
// The `topo` CLI. The bundle is built by `npm run build` (scripts/bundle.mjs).
let cli;
try {
    cli = require('../out/cli/main.js');
} catch (e) {
    process.stderr.write("topo: the CLI is not built yet; run 'npm run build' first\n");
    process.exit(2);
}
cli.main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
