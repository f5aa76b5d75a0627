/**
 * How the language server process is started, shared by the extension (client/) and the LSP benchmark, so that
 * what is measured is what users run.
 *
 * The heap limit: V8 sizes its heap growth to the machine (a 4 GB limit on a 24 GB machine), letting garbage from
 * re-analyses pile up to ~400 MB on a 10k-line workspace before collecting it. With a limit the live data stays the
 * same (~70 MB at 10k lines) but V8 collects sooner: about 230 MB resident instead of 340-400 MB on a 20-file workspace
 * (`npm run bench`). 1 GB is generous; users with huge workspaces can raise it (`topo.server.maxMemory`).
 *
 * The young generation: an analysis after an edit makes much short-lived garbage, and V8's default semi-spaces
 * (16 MB each on this size of heap) let it reach the resident set before a scavenge. 4 MB semi-spaces took the peak
 * on the 20-file bench workspace from 254-307 MB to 223-225 MB, and on one 10k-line document from 278-300 MB to
 * 252-276 MB, with keystroke latency unchanged (more, smaller scavenges).
 */
export const DEFAULT_MAX_MEMORY_MB = 1024;

const SEMI_SPACE_MB = 4;

/** Node flags for the server process. */
export function serverExecArgv(maxMemoryMb: number = DEFAULT_MAX_MEMORY_MB): string[] {
    const mb = Number.isFinite(maxMemoryMb) && maxMemoryMb >= 256 ? Math.round(maxMemoryMb) : DEFAULT_MAX_MEMORY_MB;
    return [`--max-old-space-size=${mb}`, `--max-semi-space-size=${SEMI_SPACE_MB}`];
}
