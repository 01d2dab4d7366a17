/**
 * Runs `fn` after the current test file's last test under jest (every test file has its own
 * module registry and so its own harness), or at process exit elsewhere. Call it while a module
 * loads: jest refuses new hooks once a test is running, and then the exit listener takes over.
 */
export function afterTestFile(fn: () => void | Promise<void>): void {
	if (typeof afterAll === 'function') {
		try {
			afterAll(fn);
			return;
		} catch {
			// "Hooks cannot be defined inside tests": fall back to the exit listener.
		}
	}
	process.once('exit', () => void fn());
}
