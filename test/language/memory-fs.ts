/** An in-memory FileSystemProvider, so tests can change a file and let Langium re-read it as the editor would. */
import type { FileSystemNode, FileSystemProvider } from 'langium';
import { URI } from 'langium';

export class MemoryFileSystem implements FileSystemProvider {
    readonly files = new Map<string, string>();

    write(uri: string, text: string): void {
        this.files.set(uri, text);
    }

    private node(uri: URI): FileSystemNode {
        return { isFile: this.files.has(uri.toString()), isDirectory: false, uri };
    }

    async stat(uri: URI): Promise<FileSystemNode> {
        return this.node(uri);
    }
    statSync(uri: URI): FileSystemNode {
        return this.node(uri);
    }
    async exists(uri: URI): Promise<boolean> {
        return this.files.has(uri.toString());
    }
    existsSync(uri: URI): boolean {
        return this.files.has(uri.toString());
    }
    async readBinary(uri: URI): Promise<Uint8Array> {
        return new TextEncoder().encode(this.readFileSync(uri));
    }
    readBinarySync(uri: URI): Uint8Array {
        return new TextEncoder().encode(this.readFileSync(uri));
    }
    async readFile(uri: URI): Promise<string> {
        return this.readFileSync(uri);
    }
    readFileSync(uri: URI): string {
        const text = this.files.get(uri.toString());
        if (text === undefined) throw new Error(`no such file: ${uri.toString()}`);
        return text;
    }
    async readDirectory(): Promise<FileSystemNode[]> {
        return [...this.files.keys()].map((u) => this.node(URI.parse(u)));
    }
    readDirectorySync(): FileSystemNode[] {
        return [...this.files.keys()].map((u) => this.node(URI.parse(u)));
    }
}
