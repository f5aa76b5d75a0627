import { describe, expect, test } from 'vitest';
import { DEFAULT_MAX_MEMORY_MB, serverExecArgv } from '../../server/process-options.js';

describe('server process options', () => {
    test('the server gets a heap limit, 1 GB unless the user sets topo.server.maxMemory', () => {
        expect(serverExecArgv()[0]).toBe(`--max-old-space-size=${DEFAULT_MAX_MEMORY_MB}`);
        expect(DEFAULT_MAX_MEMORY_MB).toBe(1024);
        expect(serverExecArgv(2048)[0]).toBe('--max-old-space-size=2048');
    });

    test('small young-generation semi-spaces keep the garbage of an analysis from swelling the resident set', () => {
        expect(serverExecArgv()).toContain('--max-semi-space-size=4');
        expect(serverExecArgv(2048)).toContain('--max-semi-space-size=4');
    });

    test('a setting too small to run in, or not a number, falls back to the default', () => {
        expect(serverExecArgv(64)[0]).toBe(`--max-old-space-size=${DEFAULT_MAX_MEMORY_MB}`);
        expect(serverExecArgv(Number.NaN)[0]).toBe(`--max-old-space-size=${DEFAULT_MAX_MEMORY_MB}`);
        expect(serverExecArgv(300.4)[0]).toBe('--max-old-space-size=300');
    });
});
