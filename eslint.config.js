// Lint rules that keep the layering honest: src/shared is pure (no Node, DOM-only APIs or electron),
// and only the Electron adapters and the preload may import electron.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'fs', 'path', 'os', 'url', 'util', 'events', 'stream', 'crypto', 'child_process', 'worker_threads',
  'zlib', 'http', 'https', 'net', 'module', 'buffer', 'process', 'readline', 'timers',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'tmp/', 'test-results/', 'playwright-report/', 'native/*/build/', 'src/renderer/**/*.vue'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/electron and src/preload may import electron.' }] },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/shared must stay free of electron.' }],
          patterns: [
            { group: ['node:*', ...NODE_BUILTINS], message: 'src/shared must stay free of Node imports.' },
            { group: ['vue', 'pinia', 'naive-ui', '**/renderer/**', '**/main/**'], message: 'src/shared is imported by every process; keep it pure.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['src/main/electron/**/*.ts', 'src/preload/**/*.ts', 'test/unit/main/electron/**/*.ts', 'test/e2e/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // CommonJS entry points of the native addon (node-gyp build script and loader).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
