/**
 * The token check must be able to fail: these controls plant a secret where each kind of evidence
 * comes from and expect the collector to find it. (Each reliability file closes with the real
 * check over its own runs; scripts/reliability-summary.mjs repeats it across all files.)
 */
import { base64Windows, Evidence } from './support/evidence.cts';
import { ReliabilitySuite } from './support/suite.cts';

const suite = new ReliabilitySuite('hygiene');
const env = suite.emulator();

describe('the leak detector finds what it looks for', () => {
	it('a token in a message, in a hidden field, in a cause chain, in a log line', () => {
		const evidence = new Evidence();
		evidence.addToken('planted', 'sk-planted-1234567890');
		const hidden = new Error('nothing here');
		Object.defineProperty(hidden, 'config', { value: { headers: { authorization: 'Bearer sk-planted-1234567890' } }, enumerable: false });
		evidence.addError('hidden field', hidden);
		evidence.addError('cause', new Error('outer', { cause: new Error('inner sk-planted-1234567890') }));
		evidence.addError('message', new Error('token sk-planted-1234567890 rejected'));
		evidence.addLogs('log', [{ level: 'debug', message: 'request', text: 'request with sk-planted-1234567890' }]);
		evidence.addText('clean', 'nothing to see');
		expect(evidence.scan().map((hit) => hit.where)).toEqual([
			'hidden field: error object',
			'cause: error object',
			'message: message',
			'message: error object',
			'log',
		]);
	});

	it('the start, or a slice from the middle, of an image in base64', () => {
		const image = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
		const text = image.toString('base64');
		const evidence = new Evidence();
		evidence.addImage('image', image);
		evidence.addText('truncated dump', `body: {"init_image":"${text.slice(0, 500)}..."}`);
		evidence.addText('middle slice', `... ${text.slice(1500, 2600)} ...`);
		evidence.addText('other image', Buffer.alloc(3000, 1).toString('base64'));
		expect(base64Windows(image).length).toBeGreaterThan(1);
		expect([...new Set(evidence.scan().map((hit) => hit.where))]).toEqual(['truncated dump', 'middle slice']);
	});

	it('a secret that reaches an error, the logs, an error item and the run data of a real run', async () => {
		// A user pasting the token into the Seed field: the node echoes the value, as it should for a seed.
		const planted = `planted-${env.token.slice(-12)}`;
		const evidence = new Evidence();
		evidence.addToken('planted', planted);
		const failing = await suite.run(env, 'octoAiSd15', { prompt: 'a fox', options: { seed: planted } });
		evidence.addRun('failing run', failing);
		const continued = await suite.run(env, 'octoAiSd15', { prompt: 'a fox', options: { seed: planted } }, { continueOnFail: true });
		evidence.addRun('continued run', continued);
		const places = [...new Set(evidence.scan().map((hit) => hit.where))];
		// Every channel the suites collect: the error, the run data, what n8n logged, and the output items.
		expect(places).toEqual(
			expect.arrayContaining([
				'failing run: execution error: message',
				'failing run: execution error: error object',
				'failing run: run data',
				'failing run: logs',
				'continued run: output items',
			]),
		);
	});
});

suite.hygieneTest();
