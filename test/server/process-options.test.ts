import { describe, expect, test } from 'vitest';
import { DEFAULT_MAX_MEMORY_MB, serverExecArgv } from '../../server/process-options.js';

describe('server process options', () => {
    test('the server gets a heap limit, 1 GB unless the user sets topo.server.maxMemory', () => {
        expect(serverExecArgv()).toEqual([`--max-old-space-size=${DEFAULT_MAX_MEMORY_MB}`]);
        expect(DEFAULT_MAX_MEMORY_MB).toBe(1024);
        expect(serverExecArgv(2048)).toEqual(['--max-old-space-size=2048']);
    });

    test('a setting too small to run in, or not a number, falls back to the default', () => {
        expect(serverExecArgv(64)).toEqual([`--max-old-space-size=${DEFAULT_MAX_MEMORY_MB}`]);
        expect(serverExecArgv(Number.NaN)).toEqual([`--max-old-space-size=${DEFAULT_MAX_MEMORY_MB}`]);
        expect(serverExecArgv(300.4)).toEqual(['--max-old-space-size=300']);
    });
});
