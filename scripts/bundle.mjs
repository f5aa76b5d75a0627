// Bundles the CLI, the language server, the extension, the benchmark and the webview script with esbuild.
// Output is CommonJS for Node 20 (VS Code loads extensions as CommonJS); nothing needs node_modules at run time.
import { build } from 'esbuild';

const entries = [
    // @resvg/resvg-js is a native module (PNG export): loaded from node_modules, and only when a PNG is asked for.
    { in: 'src/cli/main.ts', out: 'out/cli/main.js', external: ['@resvg/resvg-js'] },
    { in: 'server/main.ts', out: 'out/server/main.js' },
    { in: 'client/extension.ts', out: 'out/client/extension.js', external: ['vscode'] },
    { in: 'bench/bench.ts', out: 'out/bench/bench.js' },
    // The diagram panel's script runs in the webview (a browser): one self-contained IIFE.
    { in: 'src/webview/diagram-view.ts', out: 'out/webview/diagram-view.js', browser: true },
];

const started = Date.now();
for (const e of entries) {
    await build({
        entryPoints: [e.in],
        outfile: e.out,
        bundle: true,
        sourcemap: true,
        external: e.external ?? [],
        logLevel: 'warning',
        ...(e.browser
            ? { platform: 'browser', target: 'chrome120', format: 'iife' }
            : {
                  platform: 'node',
                  target: 'node20',
                  format: 'cjs',
                  // Langium is ESM; in a CJS bundle import.meta.url must come from the bundle's own path.
                  define: { 'import.meta.url': 'importMetaUrl' },
                  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
              }),
    });
}
console.log(`bundled in ${Date.now() - started} ms`);
