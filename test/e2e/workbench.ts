/**
 * Driving VS Code's workbench (code-server in chromium) the way a user does: keyboard shortcuts, the Problems panel,
 * the hover, the quick-fix menu and the suggest widget. Selectors are VS Code 1.100's; each helper waits for what it
 * needs and fails with what it saw.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const SCREENSHOTS = 'test-output/e2e';

/** One row of the Problems panel. */
export interface Problem {
    readonly severity: string;
    readonly code: string;
    readonly message: string;
}

/**
 * Opens the workbench on a folder and waits until the Topo extension's language is up (status bar shows "Topo" later).
 */
export async function openFolder(page: Page, url: string, folder: string): Promise<void> {
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the remote file system answers.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 30_000 });
}

/** Quick Open (Ctrl+P) a file by name; waits for its editor tab to be active and the editor focused. */
export async function openFile(page: Page, name: string): Promise<void> {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await editor(page)
        .click({ position: { x: 5, y: 5 } })
        .catch(() => undefined);
    await page.locator('.monaco-editor.focused').waitFor();
}

/** The active text editor. */
export function editor(page: Page): Locator {
    return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** Moves the cursor with Go to Line (Ctrl+G), 1-based line and column as the status bar shows them. */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    // Go to Line is Quick Open with the ":" prefix; filling the input replaces the prefix, so write it back.
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor({ timeout: 5_000 });
}

/** Runs a command through the command palette (F1), by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
}

/** Shows the Problems panel (Ctrl+Shift+M) and reads its marker rows (not the related-information rows). */
export async function readProblems(page: Page): Promise<Problem[]> {
    const panel = page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
        await page.keyboard.press('Control+Shift+M');
        await panel.waitFor();
    }
    return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
        rows.flatMap((row) => {
            const label = row.getAttribute('aria-label') ?? '';
            const sev = /^(Error|Warning|Info)\b/.exec(label);
            const code = row.querySelector('.marker-code')?.textContent?.trim();
            if (!sev || code === undefined) return [];
            const message = row.querySelector('.marker-message-details, .marker-message')?.textContent?.trim() ?? label;
            return [{ severity: sev[1].toLowerCase(), code, message }];
        }),
    );
}

/** Polls the Problems panel until `accept` takes the rows; returns the last rows either way. */
export async function waitForProblems(
    page: Page,
    accept: (p: Problem[]) => boolean,
    timeoutMs = 30_000,
): Promise<Problem[]> {
    const deadline = Date.now() + timeoutMs;
    let last = await readProblems(page);
    while (!accept(last) && Date.now() < deadline) {
        await page.waitForTimeout(250);
        last = await readProblems(page);
    }
    return last;
}

/**
 * Shows the hover at the cursor (editor.action.showHover, Ctrl+K Ctrl+I) and returns its text once `accept` takes it.
 */
export async function hoverAtCursor(
    page: Page,
    accept: (text: string) => boolean,
    timeoutMs = 15_000,
): Promise<string> {
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents');
    const deadline = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < deadline) {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        try {
            await hover.first().waitFor({ timeout: 3_000 });
            text = (await hover.allInnerTexts()).join('\n');
            if (accept(text)) return text;
        } catch {
            // no hover yet: the server may still be building the workspace
        }
        await page.waitForTimeout(500);
    }
    return text;
}

/** Opens the quick-fix menu (Ctrl+.) at the cursor and returns the titles of its actions. */
export async function quickFixTitles(page: Page): Promise<string[]> {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    const rows = page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ timeout: 10_000 });
    return (await rows.allInnerTexts()).map((t) => t.trim());
}

/**
 * Picks the quick fix whose title starts with `prefix` in the open quick-fix menu, with the keyboard as a user does.
 */
export async function applyQuickFix(page: Page, prefix: string): Promise<void> {
    const rows = page.locator('.action-widget .monaco-list-row.action');
    const count = await rows.count();
    for (let i = 0; i <= count; i++) {
        const focused = await page
            .locator('.action-widget .monaco-list-row.action.focused')
            .getAttribute('aria-label')
            .catch(() => null);
        if (focused?.startsWith(prefix)) {
            await page.keyboard.press('Enter');
            await page.locator('.action-widget').waitFor({ state: 'hidden' });
            return;
        }
        await page.keyboard.press('ArrowDown');
    }
    throw new Error(`no quick fix starting with "${prefix}" among: ${(await rows.allInnerTexts()).join(' | ')}`);
}

/** One row of the suggest widget: label, and the detail VS Code shows for it. */
export interface Suggestion {
    readonly label: string;
    readonly detail: string;
}

/** Triggers completion (Ctrl+Space) at the cursor and reads the suggest widget's rows. */
export async function suggestions(page: Page): Promise<Suggestion[]> {
    // A list VS Code opened by itself while the text was being typed may still show: close it, so the rows read
    // below are the answer for the text as it is now.
    const open = page.locator('.suggest-widget.visible');
    if (await open.count()) {
        await page.keyboard.press('Escape');
        await open.waitFor({ state: 'hidden', timeout: 5_000 });
    }
    await page.keyboard.press('Control+Space');
    const rows = page.locator('.suggest-widget.visible .monaco-list-row');
    await rows.first().waitFor({ timeout: 10_000 });
    return rows.evaluateAll((els) =>
        els.map((el) => ({
            label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
            detail: [
                el.querySelector('.details-label')?.textContent,
                el.querySelector('.label-description')?.textContent,
            ]
                .filter((x): x is string => !!x)
                .join(' ')
                .trim(),
        })),
    );
}

/** The text of the active editor's model, as VS Code holds it (read through the rendered lines is lossy). */
export async function editorText(page: Page): Promise<string> {
    return (await editor(page).locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
}

export async function screenshot(page: Page, root: string, name: string): Promise<void> {
    await page.screenshot({ path: join(root, SCREENSHOTS, `${name}.png`) });
}
