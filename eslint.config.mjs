// ESLint with typescript-eslint's typed rules. The layer rules below say in code what docs/ARCHITECTURE.md says in
// words: the core (src/) knows neither the editor nor the file system, except the CLI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const EDITOR = [
    'vscode',
    'vscode-languageserver',
    'vscode-languageserver/*',
    'vscode-languageclient',
    'vscode-languageclient/*',
];
const FS = ['node:fs', 'node:fs/promises', 'fs', 'fs/promises'];

export default tseslint.config(
    {
        ignores: [
            'out/**',
            'node_modules/**',
            'src/language/generated/**',
            'tools/**',
            'test-output/**',
            '**/*.js',
            '**/*.mjs',
            'vitest.config.ts',
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
            '@typescript-eslint/no-import-type-side-effects': 'error',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
            eqeqeq: ['error', 'smart'],
            'no-console': 'off',
            // Langium's services are async by contract; an override that happens not to wait is still one.
            '@typescript-eslint/require-await': 'off',
        },
    },
    {
        // Tests read JSON the CLI printed: `any` there is the thing under test, asserted field by field.
        files: ['test/**/*.ts'],
        rules: {
            '@typescript-eslint/no-unsafe-assignment': 'off',
            '@typescript-eslint/no-unsafe-member-access': 'off',
            '@typescript-eslint/no-unsafe-call': 'off',
            '@typescript-eslint/no-unsafe-argument': 'off',
        },
    },
    {
        // The pure core: no editor, no LSP, no Langium below the language layer, no file system.
        files: [
            'src/net/**/*.ts',
            'src/model/**/*.ts',
            'src/trace/**/*.ts',
            'src/rules/**/*.ts',
            'src/diagram/**/*.ts',
        ],
        rules: {
            'no-restricted-imports': [
                'error',
                {
                    paths: [...EDITOR, ...FS, 'langium'].map((name) => ({
                        name,
                        message: 'The core below src/language is pure: see docs/ARCHITECTURE.md, Invariants.',
                    })),
                    patterns: [
                        {
                            group: ['langium/*', 'vscode-*'],
                            message: 'The core below src/language is pure: see docs/ARCHITECTURE.md, Invariants.',
                        },
                    ],
                },
            ],
        },
    },
    {
        // src/language, src/webview, src/cli: still no editor; only the CLI does I/O.
        files: ['src/language/**/*.ts', 'src/webview/**/*.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                {
                    paths: [...EDITOR, ...FS].map((name) => ({
                        name,
                        message: 'src/ is the pure core: see docs/ARCHITECTURE.md, Invariants.',
                    })),
                },
            ],
        },
    },
    {
        files: ['src/cli/**/*.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                { paths: EDITOR.map((name) => ({ name, message: 'The CLI never imports the editor.' })) },
            ],
        },
    },
);
