/**
 * Preloaded into a CLI process under test (`node -r`): at exit it writes the path of every module
 * the process loaded to the file LOADED_MODULES_FILE names, so a test can see what a command loads.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.LOADED_MODULES_FILE;
if (file) process.on('exit', () => writeFileSync(file, Object.keys(require.cache).join('\n')));
