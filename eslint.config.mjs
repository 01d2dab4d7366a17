// n8n's official lint config (@n8n/node-cli, with its n8n Cloud rules), applied to everything the
// package ships: nodes/, credentials/ and package.json. test/ and scripts/ are repository tools that
// never ship (package.json "files" is dist only) and must use process, fs and console, which the
// Cloud rules forbid, so they are ignored here. This one line of ignores is why "strict" is off:
// n8n's strict mode accepts only the unmodified default config, which lints every folder but dist.
import { globalIgnores } from 'eslint/config';
import { config } from '@n8n/node-cli/eslint';

export default [globalIgnores(['test/', 'scripts/', 'demo-output/']), ...config];
