/**
 * End-to-end, in real VS Code: code-server 4.100.3 with the INSTALLED .vsix (what `npm run package` made), driven
 * through chromium like a user: the Problems panel, hover, the quick-fix menu, the diagram panel and completion.
 * Needs `npm run setup:test-env` (done by `npm test`): without chromium or code-server the suite fails, it never skips.
 * Screenshots go to test-output/e2e/.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
    assertToolsInstalled,
    closeChromium,
    installExtension,
    launchChromium,
    makeSandbox,
    packagedVsix,
    removeSandbox,
    ROOT,
    startCodeServer,
    stopProcessGroup,
    type Chromium,
    type CodeServer,
    type Sandbox,
} from './code-server.js';
import {
    applyQuickFix,
    editorText,
    goTo,
    hoverAtCursor,
    openFile,
    openFolder,
    quickFixTitles,
    runCommand,
    screenshot,
    SCREENSHOTS,
    suggestions,
    waitForProblems,
    type Problem,
} from './workbench.js';

const BROKEN = 'gwlbe-missing-in-az.topo';
const NOT_CANONICAL = 'cidr-not-canonical.topo';
const SEED = 'gwlb-inspection.topo';

let sb: Sandbox | undefined;
let server: CodeServer | undefined;
let browser: Chromium | undefined;
let page: Page;
let installedDir = '';
const folders: Record<'broken' | 'fix' | 'seed', string> = { broken: '', fix: '', seed: '' };

/** A workspace folder in the sandbox holding copies of the given examples. */
function workspace(name: string, examples: readonly string[]): string {
    const dir = join(sb!.dir, 'workspaces', name);
    mkdirSync(dir, { recursive: true });
    for (const ex of examples) cpSync(join(ROOT, 'examples', ex), join(dir, ex.split('/').pop()!));
    return dir;
}

/** The codes a broken example promises on its first line (`// expect: code-a, code-b`), sorted. */
function expectedCodes(text: string): string[] {
    const m = /^\/\/ expect:(.*)$/m.exec(text.split('\n', 1)[0] ?? '');
    if (!m) throw new Error('a broken example starts with "// expect: …"');
    return m[1]
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c.length > 0)
        .sort();
}

/** 1-based line and column of `needle` (+ delta characters) in `text`, as VS Code's status bar counts them. */
function lineCol(text: string, needle: string, delta = 0): { line: number; column: number } {
    const offset = text.indexOf(needle);
    if (offset < 0) throw new Error(`"${needle}" not in the example`);
    const before = text.slice(0, offset + delta).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
}

const codes = (ps: readonly Problem[]): string[] => ps.map((p) => p.code).sort();

/** Runs a step and leaves a screenshot of how the workbench looked, pass or fail. */
async function step(name: string, body: () => Promise<void>): Promise<void> {
    try {
        await body();
    } finally {
        await screenshot(page, ROOT, name).catch(() => undefined);
    }
}

/**
 * Set-up failures (no chromium, no code-server, no .vsix) are rethrown by every test, so that each one FAILS:
 * a throwing beforeAll would make vitest report the tests as skipped.
 */
let setupError: unknown;
function ready(): void {
    if (setupError)
        throw setupError instanceof Error ? setupError : new Error(`setup failed: ${JSON.stringify(setupError)}`);
}

describe('real VS Code (code-server) with the installed Topo .vsix', () => {
    beforeAll(async () => {
        try {
            assertToolsInstalled();
            mkdirSync(join(ROOT, SCREENSHOTS), { recursive: true });
            sb = makeSandbox();
            installedDir = installExtension(sb, packagedVsix());
            folders.broken = workspace('broken', [`broken/${BROKEN}`]);
            folders.fix = workspace('fix', [`broken/${NOT_CANONICAL}`]);
            folders.seed = workspace('seed', [`seed/${SEED}`]);
            server = await startCodeServer(sb, folders.broken);
            browser = await launchChromium(sb);
            page = await browser.browser.newPage({ viewport: { width: 1400, height: 900 } });
        } catch (e) {
            setupError = e;
        }
    }, 120_000);

    afterAll(async () => {
        await closeChromium(browser);
        if (server) stopProcessGroup(server.process);
        removeSandbox(sb);
    }, 30_000);

    test('the .vsix installs: bundled client and server, rule docs, no node_modules', () => {
        ready();
        const manifest = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8')) as {
            main: string;
            activationEvents: string[];
        };
        expect(manifest.activationEvents).toContain('onLanguage:topo');
        expect(existsSync(join(installedDir, manifest.main))).toBe(true);
        expect(existsSync(join(installedDir, 'out/server/main.js'))).toBe(true);
        expect(existsSync(join(installedDir, 'docs/rules/cidr-not-canonical.md'))).toBe(true);
        expect(readdirSync(installedDir)).not.toContain('node_modules');
        expect(readdirSync(installedDir)).not.toContain('src');
    });

    test('opening a broken example shows its expected diagnostics in the Problems panel', async () => {
        ready();
        const expected = expectedCodes(readFileSync(join(ROOT, 'examples/broken', BROKEN), 'utf8'));
        expect(expected.length).toBeGreaterThan(0);
        await step('a-problems-panel', async () => {
            await openFolder(page, server!.url, folders.broken);
            await openFile(page, BROKEN);
            const problems = await waitForProblems(page, (ps) => codes(ps).join() === expected.join());
            expect(codes(problems), JSON.stringify(problems, null, 1)).toEqual(expected);
        });
    }, 90_000);

    test('the cidr-not-canonical quick fix rewrites the CIDR and its diagnostic goes away', async () => {
        ready();
        const text = readFileSync(join(ROOT, 'examples/broken', NOT_CANONICAL), 'utf8');
        const at = lineCol(text, 'app-a 10.0.1.7/24', 'app-a '.length);
        await step('c-quick-fix-menu', async () => {
            await openFolder(page, server!.url, folders.fix);
            await openFile(page, NOT_CANONICAL);
            const before = await waitForProblems(page, (ps) => codes(ps).join() === 'cidr-not-canonical');
            expect(codes(before)).toEqual(['cidr-not-canonical']);
            await goTo(page, at.line, at.column + 2);
            // The diagnostic's own hover: message and code, as in any VS Code language.
            const squiggle = await hoverAtCursor(page, (t) => t.includes('host bits'));
            expect(squiggle).toContain('cidr-not-canonical');
            const titles = await quickFixTitles(page);
            expect(
                titles.some((t) => t.startsWith('Canonicalise CIDR')),
                `quick fixes offered: ${JSON.stringify(titles)}`,
            ).toBe(true);
        });
        await step('c-after-quick-fix', async () => {
            await applyQuickFix(page, 'Canonicalise CIDR');
            const after = await waitForProblems(page, (ps) => ps.length === 0);
            expect(codes(after)).toEqual([]);
            expect(await editorText(page)).toContain('subnet app-a 10.0.1.0/24 az a');
            await page.keyboard.press('Control+S');
            await expect
                .poll(() => readFileSync(join(folders.fix, NOT_CANONICAL), 'utf8'), { timeout: 10_000 })
                .toContain('subnet app-a 10.0.1.0/24 az a');
        });
    }, 90_000);

    test('hovering a subnet shows its resolved routes, the implicit local route included', async () => {
        ready();
        const text = readFileSync(join(ROOT, 'examples/seed', SEED), 'utf8');
        const at = lineCol(text, 'subnet app-a', 'subnet '.length + 2);
        await step('b-hover-resolved-routes', async () => {
            await openFolder(page, server!.url, folders.seed);
            await openFile(page, SEED);
            await waitForProblems(page, (ps) => ps.length === 0, 15_000);
            await goTo(page, at.line, at.column);
            const hover = await hoverAtCursor(page, (t) => t.includes('Resolved routes'));
            expect(hover).toContain('Resolved routes');
            // app-a's table: the VPC's own CIDR is the implicit local route; 0.0.0.0/0 goes to the GWLBE.
            expect(hover).toMatch(/10\.0\.0\.0\/24[\s\S]*\blocal\b|\blocal\b[\s\S]*10\.0\.0\.0\/24/);
            expect(hover).toContain('ep-a');
        });
    }, 90_000);

    test('the diagram opens beside the editor; clicking a node moves the cursor to its source, and the cursor highlights its node', async () => {
        ready();
        const text = readFileSync(join(ROOT, 'examples/seed', SEED), 'utf8');
        const webC = lineCol(text, 'instance web-c');
        const webA = lineCol(text, 'instance web-a', 'instance '.length);
        await step('e-diagram-click-reveals-source', async () => {
            // Same folder as the hover test: the seed is open and checked. Start with the cursor far from web-c.
            await goTo(page, 1, 1);
            await runCommand(page, 'Topo: Open Diagram to the Side');
            // A webview is an iframe holding the page's own iframe.
            const view = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
            const node = view.locator('g.topo-node[data-element="instance:web.web-c"]');
            await node.waitFor({ timeout: 30_000 });
            await node.click();
            await page
                .locator('.statusbar-item', { hasText: new RegExp(`^Ln ${webC.line}, Col \\d+`) })
                .waitFor({ timeout: 10_000 });
        });
        await step('e-diagram-cursor-highlights-node', async () => {
            await goTo(page, webA.line, webA.column + 1);
            const view = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
            await view
                .locator('g.topo-node.topo-highlight[data-element="instance:web.web-a"]')
                .waitFor({ timeout: 10_000 });
            expect(await view.locator('g.topo-node.topo-highlight').count()).toBeGreaterThan(0);
            // Back to the text editor for the next test.
            await page.keyboard.press('Control+1');
        });
    }, 120_000);

    test('completion after `subnet new-one ` inside a VPC offers the next free CIDR', async () => {
        ready();
        const text = readFileSync(join(ROOT, 'examples/seed', SEED), 'utf8');
        const last = lineCol(text, 'subnet app-c');
        await step('d-completion-next-free-cidr', async () => {
            // Same folder as the hover test: the seed is open and checked.
            await goTo(page, last.line, 1);
            await page.keyboard.press('End');
            await page.keyboard.press('Enter');
            await page.keyboard.type('subnet new-one ');
            const items = await suggestions(page);
            const next = items.find((i) => /^next free/i.test(i.detail));
            expect(next, `no suggestion with a "next free" detail among: ${JSON.stringify(items)}`).toBeDefined();
            // The web VPC is 10.0.0.0/24 and its subnets fill 10.0.0.0-10.0.0.63: the next free block starts at .64.
            expect(next!.label).toMatch(/^10\.0\.0\.64\/2[6-8]$/);
        });
    }, 90_000);
});
