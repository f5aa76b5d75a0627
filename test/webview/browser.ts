/**
 * The diagram panel's page in headless Debian chromium (playwright-core), outside VS Code: the page built by
 * src/webview/diagram-html.ts with the bundled webview script, served from a fake origin so the real CSP
 * applies, and `acquireVsCodeApi` stubbed to record what the page posts. The profile lives under
 * test-output/ and is made fresh per run. A missing chromium fails the tests (it never skips them).
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { diagramPage } from '../../src/webview/diagram-html.js';
import type { FromWebview, ToWebview } from '../../src/webview/protocol.js';

export const ROOT = resolve(__dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const OUT = join(ROOT, 'test-output/webview');
const ORIGIN = 'http://topo.test';
const FLAGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

export interface Panel {
    readonly page: Page;
    /** Messages the page posted to the extension, oldest first. */
    posted(): Promise<FromWebview[]>;
    send(m: ToWebview): Promise<void>;
    /** Console errors and CSP violations seen so far. */
    readonly problems: string[];
}

export async function launch(): Promise<BrowserContext> {
    if (!existsSync(CHROMIUM))
        throw new Error(
            `Debian chromium is missing at ${CHROMIUM}: run \`npm run setup:test-env\` (as root), or apt-get install chromium`,
        );
    mkdirSync(OUT, { recursive: true });
    const script = join(OUT, 'diagram-view.js');
    await build({
        entryPoints: [join(ROOT, 'src/webview/diagram-view.ts')],
        outfile: script,
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'chrome120',
        logLevel: 'warning',
    });
    const profile = join(OUT, `profile-${process.pid}`);
    rmSync(profile, { recursive: true, force: true });
    return chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1400, height: 900 },
    });
}

export async function close(context: BrowserContext | undefined): Promise<void> {
    await context?.close();
    rmSync(join(OUT, `profile-${process.pid}`), { recursive: true, force: true });
}

/** A fresh panel page: the real HTML (CSP and all), the bundled script, a recording `acquireVsCodeApi`. */
export async function openPanel(
    context: BrowserContext,
    options: { theme?: 'light' | 'dark' | 'high-contrast' } = {},
): Promise<Panel> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
        if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    const html = diagramPage({ nonce: 'dGVzdC1ub25jZQ==', scriptUri: `${ORIGIN}/diagram-view.js`, cspSource: ORIGIN });
    const script = readFileSync(join(OUT, 'diagram-view.js'), 'utf8');
    await page.route(`${ORIGIN}/**`, (route) => {
        const url = route.request().url();
        if (url.endsWith('/diagram-view.js')) return route.fulfill({ contentType: 'text/javascript', body: script });
        if (url === `${ORIGIN}/` || url.endsWith('/index.html'))
            return route.fulfill({ contentType: 'text/html', body: html });
        return route.fulfill({ status: 404, body: '' });
    });
    await page.addInitScript((theme: string) => {
        const w = window as unknown as { __posted: unknown[]; acquireVsCodeApi: () => unknown };
        w.__posted = [];
        let state: unknown;
        w.acquireVsCodeApi = () => ({
            postMessage: (m: unknown) => w.__posted.push(m),
            getState: () => state,
            setState: (s: unknown) => (state = s),
        });
        // What VS Code does for a webview: a theme class on <body> and the theme's colours as CSS variables.
        const vars: Record<string, Record<string, string>> = {
            light: { '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#1f1f1f' },
            dark: {
                '--vscode-editor-background': '#1e1e1e',
                '--vscode-editor-foreground': '#cccccc',
                '--vscode-charts-green': '#89d185',
                '--vscode-charts-blue': '#3794ff',
                '--vscode-charts-orange': '#d18616',
                '--vscode-editorWidget-background': '#252526',
                '--vscode-descriptionForeground': '#9d9d9d',
                '--vscode-panel-border': '#454545',
            },
            'high-contrast': {
                '--vscode-editor-background': '#000000',
                '--vscode-editor-foreground': '#ffffff',
                '--vscode-contrastBorder': '#6fc3df',
                '--vscode-contrastActiveBorder': '#f38518',
            },
        };
        document.addEventListener('DOMContentLoaded', () => {
            document.body.classList.add(
                theme === 'light' ? 'vscode-light' : theme === 'dark' ? 'vscode-dark' : 'vscode-high-contrast',
            );
            for (const [k, v] of Object.entries(vars[theme] ?? {})) document.documentElement.style.setProperty(k, v);
        });
    }, options.theme ?? 'light');
    await page.goto(`${ORIGIN}/index.html`);
    return {
        page,
        problems,
        posted: () => page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted.slice()),
        send: (m) => page.evaluate((msg) => window.postMessage(msg, '*'), m as unknown as Record<string, unknown>),
    };
}
