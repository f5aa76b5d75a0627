/**
 * The workspace manager's startup over a real folder with hostile entries. The server's own reads go through
 * TopoFileSystemProvider; here one file's read fails as chmod 000 makes it fail for a user (root reads it anyway).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { URI } from 'langium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'vscode-languageserver';
import { createTopoLspServices } from '../../server/topo-lsp-module.js';
import { TopoWorkspaceManager } from '../../server/topo-workspace-manager.js';
import { TopoFileSystemProvider } from '../../server/workspace-files.js';
import { BUILTIN_URI } from '../../src/language/builtin.js';

const DIR = resolve(__dirname, '../../test-output/server/workspace-manager');
const TOPO = 'region ap-northeast-1 {\n  vpc web 10.0.0.0/16 {\n  }\n}\n';

class Unreadable extends TopoFileSystemProvider {
    override readFile(uri: URI): Promise<string> {
        if (uri.path.endsWith('/secret.topo'))
            return Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
        return super.readFile(uri);
    }
}

/** A connection that records what the server logs and shows. */
function recorder() {
    const warnings: string[] = [];
    const notices: Array<{ type: number; message: string }> = [];
    const connection = {
        console: { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(`error: ${m}`) },
        sendNotification: (type: string | { method: string }, params: { type: number; message: string }) => {
            if ((typeof type === 'string' ? type : type.method) === 'window/showMessage') notices.push(params);
            return Promise.resolve();
        },
        sendDiagnostics: () => Promise.resolve(),
    };
    return { connection: connection as unknown as Connection, warnings, notices };
}

async function startup() {
    const { connection, warnings, notices } = recorder();
    const { shared } = createTopoLspServices({ connection, fileSystemProvider: () => new Unreadable() });
    const manager = shared.workspace.WorkspaceManager;
    expect(manager).toBeInstanceOf(TopoWorkspaceManager);
    manager.initialize({
        processId: null,
        rootUri: null,
        capabilities: {},
        workspaceFolders: [{ uri: URI.file(DIR).toString(), name: 'ws' }],
    });
    await manager.initialized({});
    await manager.ready;
    const loaded = shared.workspace.LangiumDocuments.all
        .map((d) => d.uri.toString())
        .toArray()
        .sort();
    return { loaded, warnings, notices };
}

beforeAll(() => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(join(DIR, 'sub'), { recursive: true });
    writeFileSync(join(DIR, 'good.topo'), TOPO);
    writeFileSync(join(DIR, 'sub', 'more.topo'), TOPO.replace('web', 'db').replace('10.0.', '10.1.'));
    writeFileSync(join(DIR, 'secret.topo'), TOPO);
    execFileSync('mkfifo', [join(DIR, 'pipe.topo')]);
    symlinkSync('loop.topo', join(DIR, 'loop.topo'));
    symlinkSync('..', join(DIR, 'sub', 'up'));
});
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('the workspace startup survives every entry of the folder', () => {
    it('an unreadable file, a pipe and link loops are skipped, and every other file loads', async () => {
        const { loaded } = await startup();
        expect(loaded).toEqual(
            [BUILTIN_URI, URI.file(join(DIR, 'good.topo')).toString(), URI.file(join(DIR, 'sub/more.topo')).toString()]
                .map((u) => URI.parse(u).toString())
                .sort(),
        );
    });

    it('each skipped entry is one warning in the log, and one notice to the user names them all', async () => {
        const { warnings, notices } = await startup();
        expect(warnings.sort()).toEqual([
            `topo: skipped ${join(DIR, 'loop.topo')}: a symbolic link loop`,
            `topo: skipped ${join(DIR, 'pipe.topo')}: a named pipe, not a regular file`,
            `topo: skipped ${join(DIR, 'secret.topo')}: permission denied`,
        ]);
        expect(notices).toHaveLength(1);
        expect(notices[0].type).toBe(2);
        expect(notices[0].message).toContain('Topo skipped 3 entries of the workspace it could not read');
        for (const name of ['loop.topo (a symbolic link loop)', 'pipe.topo (', 'secret.topo (permission denied)'])
            expect(notices[0].message).toContain(name);
    });
});
