// Regenerates the README's picture with `topo export`: the distributed-inspection reference architecture
// with the egress path of shop-1a traced hop by hop. The picture is never edited by hand: run
// `npm run picture` (it bundles first) and commit docs/images/distributed-inspection.{svg,png}.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = 'examples/reference/distributed-inspection.topo';
for (const ext of ['svg', 'png']) {
    const out = `docs/images/distributed-inspection.${ext}`;
    const r = spawnSync(
        process.execPath,
        ['bin/topo.js', 'export', example, '--out', out, '--trace', 'shop-1a:internet'],
        { cwd: root, stdio: 'inherit' },
    );
    if (r.status !== 0) {
        console.error(`readme-picture: topo export failed for ${out}`);
        process.exit(r.status ?? 1);
    }
}
