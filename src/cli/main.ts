/**
 * The `topo` command line. Thin: argument parsing and output; the work is done by the core.
 * Contract (README.md, "Checking" and "Tracing"): exit 0 = clean / reachable, 1 = errors found / blocked, 2 = usage or
 * I/O error. Never prints a stack trace: unexpected failures become one line on stderr.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { checkFiles } from './check.js';
import { exportFiles } from './export.js';
import { collectFiles, parseSize, UsageError, type CliFile } from './files.js';
import { formatJson } from './format/json.js';
import { formatSarif } from './format/sarif.js';
import { escapeControls, formatText } from './format/text.js';
import { formatTraceJson, formatTraceText, traceFiles } from './trace.js';
import { portNumber } from '../language/model-builder/value-issues.js';
import { azProblem } from '../model/az.js';
import { REGION_SHAPE, regionProblem } from '../net/aws-regions.js';

export const VERSION = '0.1.0';

const USAGE = `usage:
  topo check <file|dir>... [--format text|json|sarif]
  topo trace <file|dir>... --from <name> --to <name|service|internet|ip> [--port N] [--format text|json]
  topo export <file|dir>... --out <file.svg|file.png> [--trace <from>:<to>]... [--vpc <name>]...
  topo --version
every command also takes --max-file-size <bytes|NNkb|NNmb> (default 20mb): larger inputs are refused.
only regular files (and symbolic links to them) are read; a file named explicitly is read as Topo.
exit codes: 0 clean / reachable, 1 errors found / blocked, 2 usage or I/O error.`;

export interface Io {
    out(text: string): void;
    err(text: string): void;
}

const stdio: Io = {
    out: (t) => write(process.stdout, t),
    err: (t) => write(process.stderr, t),
};

/**
 * Writes to a standard stream whose reader may be gone (`topo check … | head`): EPIPE then ends the output quietly,
 * and the exit code stays the one the run computes; without a listener it would be an uncaught stack trace.
 */
function write(stream: NodeJS.WriteStream, text: string): void {
    if (stream.listenerCount('error') === 0) stream.on('error', () => stream.destroy());
    if (!stream.destroyed) stream.write(text);
}

export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
    try {
        return await run(argv, io);
    } catch (e) {
        if (e instanceof UsageError) {
            io.err(`topo: ${e.message.split('\n').map(escapeControls).join('\n')}\n`);
            return 2;
        }
        const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
        io.err(`topo: internal error: ${escapeControls(message)}\n`);
        return 2;
    }
}

async function run(argv: readonly string[], io: Io): Promise<number> {
    const [command, ...rest] = argv;
    if (command === '--version' || command === '-v') {
        io.out(`${VERSION}\n`);
        return 0;
    }
    if (!command || command === '--help' || command === '-h' || command === 'help') {
        io.out(USAGE + '\n');
        return command ? 0 : 2;
    }
    switch (command) {
        case 'check':
            return runCheck(rest, io);
        case 'trace':
            return runTrace(rest, io);
        case 'export':
            return runExport(rest, io);
        default:
            throw new UsageError(`unknown command '${command}'\n${USAGE}`);
    }
}

function parse(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>) {
    try {
        return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
    }
}

/** Every command's `--max-file-size`. */
const SIZE_OPTION = { 'max-file-size': { type: 'string' } } as const;

/** The named files and directories, read under the `--max-file-size` limit. */
function inputs(positionals: readonly string[], values: Record<string, unknown>): CliFile[] {
    const limit = values['max-file-size'];
    return typeof limit === 'string'
        ? collectFiles(positionals, process.cwd(), parseSize(limit))
        : collectFiles(positionals);
}

async function runCheck(args: readonly string[], io: Io): Promise<number> {
    const { values, positionals } = parse(args, {
        format: { type: 'string', short: 'f', default: 'text' },
        ...SIZE_OPTION,
    });
    const format = values.format as string;
    if (!['text', 'json', 'sarif'].includes(format))
        throw new UsageError(`unknown --format '${format}' (expected text, json or sarif)`);
    const files = inputs(positionals, values);
    const diagnostics = await checkFiles(files);
    if (format === 'json') io.out(formatJson(diagnostics));
    else if (format === 'sarif') io.out(formatSarif(diagnostics, VERSION));
    else io.out(formatText(diagnostics, files.length));
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

async function runTrace(args: readonly string[], io: Io): Promise<number> {
    const { values, positionals } = parse(args, {
        from: { type: 'string' },
        to: { type: 'string' },
        port: { type: 'string' },
        az: { type: 'string' },
        region: { type: 'string' },
        format: { type: 'string', short: 'f', default: 'text' },
        ...SIZE_OPTION,
    });
    const format = values.format as string;
    if (!['text', 'json'].includes(format))
        throw new UsageError(`unknown --format '${format}' (expected text or json)`);
    if (typeof values.from !== 'string' || typeof values.to !== 'string')
        throw new UsageError('trace needs --from <name> and --to <name|service|internet|ip>');
    let port: number | undefined;
    if (typeof values.port === 'string') {
        // Digits only: Number() would also take '1e3', '0x50' and '' (as 1000, 80 and 0).
        port = portNumber(values.port);
        if (port === undefined)
            throw new UsageError(`--port must be a whole number from 0 to 65535, not '${values.port}'`);
    }
    const region = values.region as string | undefined;
    if (region !== undefined) {
        if (!REGION_SHAPE.test(region))
            throw new UsageError(`--region must be an AWS Region code such as us-east-1, not '${region}'`);
        const unknown = regionProblem(region);
        if (unknown) io.err(`topo: warning: ${escapeControls(unknown)}\n`);
    }
    const zone = values.az as string | undefined;
    const zoneProblem = zone !== undefined ? azProblem(zone, undefined, 'any') : undefined;
    if (zoneProblem) throw new UsageError(`--az: ${zoneProblem}`);
    const files = inputs(positionals, values);
    const { result, from, to } = await traceFiles(files, {
        from: values.from,
        to: values.to,
        port,
        zone,
        region,
    });
    io.out(format === 'json' ? formatTraceJson(result) : formatTraceText(result, from, to));
    return result.verdict === 'reachable' ? 0 : 1;
}

async function runExport(args: readonly string[], io: Io): Promise<number> {
    const { values, positionals } = parse(args, {
        out: { type: 'string', short: 'o' },
        trace: { type: 'string', multiple: true },
        vpc: { type: 'string', multiple: true },
        ...SIZE_OPTION,
    });
    if (typeof values.out !== 'string' || values.out === '')
        throw new UsageError('export needs --out <file.svg|file.png>');
    const files = inputs(positionals, values);
    const r = await exportFiles(files, {
        out: values.out,
        traces: (values.trace as string[] | undefined) ?? [],
        vpcs: (values.vpc as string[] | undefined) ?? [],
    });
    // The name may come from a script's variable: its control characters are shown, never sent to the terminal.
    const shown = escapeControls(values.out);
    io.out(`wrote ${shown} (${r.bytes} bytes, ${r.traces} trace${r.traces === 1 ? '' : 's'})\n`);
    return 0;
}
