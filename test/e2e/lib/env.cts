import { isN8nV1 } from './paths.cts';

/**
 * A fixed key so credentials imported by one CLI run decrypt in the next, and in `n8n start`
 * (n8n otherwise generates one into `<user folder>/.n8n/config` on first start).
 */
export const E2E_ENCRYPTION_KEY = 'n8n-nodes-octoai-e2e-encryption-key';

export interface N8nEnvOptions {
	/** The task runner broker's port; each n8n process needs its own (n8n's default is 5679). */
	brokerPort: number;
	/** The editor/API port, for `n8n start`. */
	port?: number;
	/** Added last, so a test can override any of the above. */
	extra?: Record<string, string>;
}

/**
 * The environment for one n8n process with its data in `userFolder` (`<userFolder>/.n8n/`:
 * SQLite database, community packages, binary data). It starts from this process's
 * environment without the variables that would change n8n's behaviour (N8N_*, DB_*, NODE_ENV,
 * ...), and turns off everything that would reach the internet.
 */
export function n8nEnv(userFolder: string, options: N8nEnvOptions): NodeJS.ProcessEnv {
	// jest sets NODE_ENV=test, in which n8n refuses to load nodes and logs nothing.
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => !/^(N8N_|DB_|EXECUTIONS_|QUEUE_|JEST_|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$)/.test(key),
		),
	);
	return {
		...inherited,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		// Community packages: on (the default, stated because the tests depend on it), loaded from
		// <userFolder>/.n8n/nodes/node_modules; unverified ones allowed (says so explicitly to keep
		// the deprecation notice quiet).
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// filesystem unless the version matrix asks for another (scripts/matrix.sh: `default`, n8n 1.x's
		// in-memory mode, or `database`).
		N8N_DEFAULT_BINARY_DATA_MODE: process.env.N8N_E2E_BINARY_MODE ?? 'filesystem',
		// The emulator listens on 127.0.0.1, which n8n's SSRF protection would block if it were on.
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		// One JSON object per log line, so the CLI's execution result can be parsed reliably;
		// `n8n execute` prints its result at level info.
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_OUTPUT: 'console',
		NO_COLOR: '1',
		// No calls home: the machine (and CI) has no internet, and tests should not depend on it.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		// n8n's list of vetted community packages and its MCP server registry come from api.n8n.io.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// (n8n 1.x has no such module and refuses to start when told to disable an unknown one.)
		...(isN8nV1() ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		// Plain http on localhost: a secure cookie would never be sent back, so login would fail.
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		...(options.port === undefined ? {} : { N8N_PORT: String(options.port) }),
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...options.extra,
	};
}
