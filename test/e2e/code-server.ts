/**
 * Real VS Code for the end-to-end tests: code-server 4.100.3 (VS Code 1.100.3), installed in
 * tools/code-server/node_modules by scripts/setup-test-env.sh, and Debian's chromium driven by playwright-core (docs:
 * TOOLCHAIN.md, "Real VS Code
 * for end-to-end tests, offline: code-server").
 *
 * Everything a run writes (user data, extensions, workspaces, chromium's profile, TMPDIR) lives in one temp folder
 * inside the project, removed at the end. Processes are ended by the ids this file started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';

export const ROOT = resolve(__dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
const TOOL_DIR = join(ROOT, 'tools/code-server');
const CODE_SERVER = join(TOOL_DIR, 'node_modules/code-server/out/node/entry.js');
const SETUP_HINT = 'run `npm run setup:test-env` (as root: it installs Debian chromium and code-server)';

/** The .vsix that `npm run package` made for the version in package.json. */
export function packagedVsix(): string {
    const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
    };
    return join(ROOT, `${name}-${version}.vsix`);
}

/** Throws (the suite fails, it does not skip) when a tool the suite needs is missing. */
export function assertToolsInstalled(): void {
    const missing = [
        [CHROMIUM, `Debian chromium is missing: ${SETUP_HINT}`],
        [CODE_SERVER, `code-server is missing: ${SETUP_HINT}`],
        [packagedVsix(), 'the .vsix is missing: run `npm run package`'],
    ].filter(([path]) => !existsSync(path));
    if (missing.length > 0) throw new Error(missing.map(([, why]) => why).join('\n'));
}

export interface Sandbox {
    readonly dir: string;
    readonly userData: string;
    readonly extensions: string;
    readonly env: NodeJS.ProcessEnv;
}

/** A fresh temp folder inside the project (tools/code-server/.tmp, git-ignored) for one run. */
export function makeSandbox(): Sandbox {
    const base = join(TOOL_DIR, '.tmp');
    mkdirSync(base, { recursive: true });
    const dir = mkdtempSync(join(base, 'run-'));
    const sub = (name: string): string => {
        const p = join(dir, name);
        mkdirSync(p, { recursive: true });
        return p;
    };
    const userData = sub('user-data');
    const extensions = sub('extensions');
    // code-server keeps its config and state under the XDG folders; keep them in the sandbox too.
    const env = {
        ...process.env,
        TMPDIR: sub('tmp'),
        XDG_CONFIG_HOME: sub('config'),
        XDG_DATA_HOME: sub('data'),
        XDG_CACHE_HOME: sub('cache'),
    };
    // Quiet, deterministic workbench: no welcome page, no trust prompt, completion only when asked for.
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(
        join(userData, 'User/settings.json'),
        JSON.stringify(
            {
                'workbench.startupEditor': 'none',
                'workbench.tips.enabled': false,
                'workbench.enableExperiments': false,
                'workbench.welcomePage.walkthroughs.openOnInstall': false,
                'security.workspace.trust.enabled': false,
                'telemetry.telemetryLevel': 'off',
                'update.mode': 'none',
                'extensions.autoCheckUpdates': false,
                'extensions.autoUpdate': false,
                'extensions.ignoreRecommendations': true,
                'chat.commandCenter.enabled': false,
                'editor.quickSuggestions': { other: false, comments: false, strings: false },
                'editor.suggestOnTriggerCharacters': false,
                'editor.hover.delay': 100,
                'editor.minimap.enabled': false,
                'files.autoSave': 'off',
                'git.enabled': false,
            },
            null,
            2,
        ),
    );
    return { dir, userData, extensions, env };
}

/** `code-server --install-extension <vsix>` into the sandbox's extensions folder; returns the installed folder. */
export function installExtension(sb: Sandbox, vsix: string): string {
    const r = spawnSync(
        process.execPath,
        [CODE_SERVER, '--extensions-dir', sb.extensions, '--user-data-dir', sb.userData, '--install-extension', vsix],
        {
            env: sb.env,
            encoding: 'utf8',
            timeout: 60_000,
        },
    );
    if (r.status !== 0)
        throw new Error(`code-server --install-extension failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    const installed = readdirSync(sb.extensions).filter((n) => n.startsWith('topo-dev.topo-'));
    if (installed.length !== 1)
        throw new Error(
            `expected one installed topo extension in ${sb.extensions}, found: ${readdirSync(sb.extensions).join(', ')}`,
        );
    return join(sb.extensions, installed[0]);
}

async function freePort(): Promise<number> {
    return new Promise((resolvePort, reject) => {
        const srv = createServer();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const addr = srv.address();
            const port = typeof addr === 'object' && addr ? addr.port : 0;
            srv.close(() => resolvePort(port));
        });
    });
}

export interface CodeServer {
    readonly url: string;
    readonly process: ChildProcess;
    readonly log: () => string;
}

/** Starts code-server on a free loopback port (its own process group, so that stopping it ends its children). */
export async function startCodeServer(sb: Sandbox, workspace: string): Promise<CodeServer> {
    const port = await freePort();
    const args = [
        CODE_SERVER,
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--user-data-dir',
        sb.userData,
        '--extensions-dir',
        sb.extensions,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--ignore-last-opened',
        workspace,
    ];
    const child = spawn(process.execPath, args, { env: sb.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
        output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
        if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
        try {
            if ((await fetch(`${url}/healthz`)).ok) break;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            stopProcessGroup(child);
            throw new Error(`code-server did not listen on ${url} within 30 s:\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 200));
    }
    return { url, process: child, log: () => output };
}

/** Ends a process group this file started (SIGTERM, then SIGKILL if it lingers). */
export function stopProcessGroup(child: ChildProcess): void {
    const pid = child.pid;
    if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
        process.kill(-pid, 'SIGTERM');
    } catch {
        return; // already gone
    }
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
        try {
            process.kill(-pid, 0);
        } catch {
            return;
        }
        spawnSync('sleep', ['0.1']);
    }
    try {
        process.kill(-pid, 'SIGKILL');
    } catch {
        // gone meanwhile
    }
}

export interface Chromium {
    readonly server: BrowserServer;
    readonly browser: Browser;
}

/**
 * Debian chromium with the flags from TOOLCHAIN.md. Launched as a BrowserServer so that its process id is known;
 * its fresh profile goes to os.tmpdir(), which is the sandbox's TMPDIR while it starts.
 */
export async function launchChromium(sb: Sandbox): Promise<Chromium> {
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = sb.env.TMPDIR;
    try {
        const server = await chromium.launchServer({
            executablePath: CHROMIUM,
            headless: true,
            env: sb.env,
            args: [
                '--no-sandbox',
                '--disable-gpu',
                '--disable-quic',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
            ],
        });
        const browser = await chromium.connect(server.wsEndpoint());
        return { server, browser };
    } finally {
        if (savedTmp === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = savedTmp;
    }
}

/** Closes chromium; kills its process by pid if closing hangs. */
export async function closeChromium(c: Chromium | undefined): Promise<void> {
    if (!c) return;
    const pid = c.server.process().pid;
    await Promise.race([
        c.browser
            .close()
            .then(() => c.server.close())
            .catch(() => undefined),
        new Promise((r) => setTimeout(r, 5_000)),
    ]);
    if (pid !== undefined) {
        try {
            process.kill(pid, 'SIGKILL');
        } catch {
            // already closed
        }
    }
}

export function removeSandbox(sb: Sandbox | undefined): void {
    if (sb) rmSync(sb.dir, { recursive: true, force: true, maxRetries: 3 });
}
