/**
 * The language server's workspace manager. At startup it loads every `.topo` file of the workspace folders, plus the
 * built-in AWS services document (so `endpoint s3 gateway s3` links in the editor as in the CLI). No entry of the
 * folder can stop or stall that: the walk (workspace-files.ts) follows links with loop detection and passes over
 * pipes and devices without opening them, and a file that cannot be read is skipped. Each skipped entry is one
 * warning in the server's log, and the user gets one notice per startup that names them; everything else loads.
 */
import { relative } from 'node:path';
import { DefaultWorkspaceManager, URI, type LangiumDocument, type Stream, type WorkspaceFolder } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { MessageType, ShowMessageNotification } from 'vscode-languageserver';
import { BUILTIN_URI, builtinDocumentText } from '../src/language/builtin.js';
import { describeFsError, walkFolder, type SkippedEntry } from './workspace-files.js';

/** How many skipped files the notice names; the log names them all. */
const NAMED_IN_NOTICE = 5;

export class TopoWorkspaceManager extends DefaultWorkspaceManager {
    private readonly documentFactory: LangiumSharedServices['workspace']['LangiumDocumentFactory'];
    private readonly connection: LangiumSharedServices['lsp']['Connection'];
    /** Entries skipped since the last report. */
    private skipped: SkippedEntry[] = [];

    constructor(services: LangiumSharedServices) {
        super(services);
        this.documentFactory = services.workspace.LangiumDocumentFactory;
        this.connection = services.lsp.Connection;
    }

    protected override async loadAdditionalDocuments(
        folders: WorkspaceFolder[],
        collector: (document: LangiumDocument) => void,
    ): Promise<void> {
        await super.loadAdditionalDocuments(folders, collector);
        collector(this.documentFactory.fromString(builtinDocumentText(), URI.parse(BUILTIN_URI)));
    }

    /**
     * Langium's startup, with the skipped entries reported once at its end. Should it fail all the same, the
     * workspace is still declared ready with what was loaded: every request waits for `ready`, and a server whose
     * startup never ends answers nothing, ever.
     */
    protected override async performStartup(folders: WorkspaceFolder[]): Promise<LangiumDocument[]> {
        this.skipped = [];
        try {
            return await super.performStartup(folders);
        } catch (e) {
            this.connection?.console.error(`topo: loading the workspace failed: ${describe(e)}`);
            this._ready.resolve();
            return this.langiumDocuments.all.toArray();
        } finally {
            this.report(folders, true);
        }
    }

    /** A `file:` folder is walked by workspace-files.ts; any other scheme by Langium, through its file system. */
    protected override async traverseFolder(folder: URI, uris: URI[]): Promise<void> {
        if (folder.scheme !== 'file') return super.traverseFolder(folder, uris);
        const { files, skipped } = await walkFolder(folder.fsPath, (path, isDirectory) =>
            this.shouldIncludeEntry({ uri: URI.file(path), isFile: !isDirectory, isDirectory }),
        );
        for (const f of files) uris.push(URI.file(f));
        this.skipped.push(...skipped);
    }

    /** A folder searched after startup (a directory created or changed): its skipped entries are logged. */
    override async searchFolder(uri: URI): Promise<URI[]> {
        const uris = await super.searchFolder(uri);
        this.report(this.folders ?? [], false);
        return uris;
    }

    /** Each file is loaded on its own: one that cannot be read is skipped, and the others still load. */
    protected override async loadWorkspaceDocuments(
        uris: Stream<URI>,
        collector: (document: LangiumDocument) => void,
    ): Promise<void> {
        await Promise.all(
            uris
                .map(async (uri) => {
                    try {
                        collector(await this.langiumDocuments.getOrCreateDocument(uri));
                    } catch (e) {
                        this.skipped.push({ path: uri.fsPath, reason: describeFsError(e) });
                    }
                })
                .toArray(),
        );
    }

    /** One warning per skipped entry in the log; at startup, one notice to the user for all of them. */
    private report(folders: readonly WorkspaceFolder[], notify: boolean): void {
        const skipped = this.skipped;
        this.skipped = [];
        if (skipped.length === 0) return;
        const roots = folders.map((f) => URI.parse(f.uri)).filter((u) => u.scheme === 'file');
        const shown = (path: string): string => {
            const root = roots.find((r) => path.startsWith(r.fsPath));
            return root ? relative(root.fsPath, path) || path : path;
        };
        const warn = (m: string): void => (this.connection ? this.connection.console.warn(m) : console.warn(m));
        for (const s of skipped) warn(`topo: skipped ${s.path}: ${s.reason}`);
        if (!notify || !this.connection) return;
        const named = skipped.slice(0, NAMED_IN_NOTICE).map((s) => `${shown(s.path)} (${s.reason})`);
        const more = skipped.length > NAMED_IN_NOTICE ? `, and ${skipped.length - NAMED_IN_NOTICE} more` : '';
        const count = skipped.length === 1 ? 'one entry' : `${skipped.length} entries`;
        // window/showMessage: a notice that asks nothing back (showWarningMessage would be a request).
        void this.connection
            .sendNotification(ShowMessageNotification.type, {
                type: MessageType.Warning,
                message:
                    `Topo skipped ${count} of the workspace it could not read: ${named.join(', ')}${more}. ` +
                    'Every other file is checked; the Topo output lists what was skipped.',
            })
            .catch(() => undefined);
    }
}

function describe(e: unknown): string {
    return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
