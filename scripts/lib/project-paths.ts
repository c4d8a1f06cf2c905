// Where the project and its git-ignored tool and data folders are, for every script.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Folders of the project that scripts share; `.tools` and `.data` are git-ignored. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TOOLS_BIN = path.join(PROJECT_ROOT, '.tools', 'bin');
export const DATA_DIR = path.join(PROJECT_ROOT, '.data');
export const NODE_BIN = path.join(PROJECT_ROOT, 'node_modules', '.bin');
