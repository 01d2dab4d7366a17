import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { BAD_INPUT_CASES, LABELS, NODE_ENGINES, NODE_NAMES, type BadCase, type NodeKey } from './bad-input.cases.cts';
import { itemWithFiles, makeInputFiles, withJson } from './support/inputs.cts';
import { expressionOf, leadingLabel, withValue } from './support/params.cts';
import { ReliabilitySuite } from './support/suite.cts';
import { generationsSince, itemMarker, itemOf } from './support/tally.cts';

const suite = new ReliabilitySuite('bad-input');
const env = suite.emulator();
let fileItem: INodeExecutionData;

beforeAll(async () => {
	fileItem = await itemWithFiles(await makeInputFiles(suite.evidence));
});

/** The bad item's index under item delivery: last of three, so two valid items go before it. */
const BAD_ITEM = 2;

/** Parameters and input items of one case, and the index of the item that must fail. */
function setUp(c: BadCase): { parameters: INodeParameters; inputItems: INodeExecutionData[]; badItem: number } {
	if (c.delivery === 'static') {
		const parameters = withValue({ ...c.base, prompt: c.prompt }, c.path, c.asExpression ? expressionOf(c.bad) : c.bad);
		return { parameters, inputItems: [withJson(fileItem, {})], badItem: 0 };
	}
	// The value comes from each item's JSON; the valid items carry a marker so their requests can be told apart.
	// A failing expression is evaluated for the bad item only.
	const fromItem = c.failingExpression
		? `={{ $itemIndex === ${BAD_ITEM} ? ${String(c.bad).replace(/^=\{\{\s*|\s*\}\}$/g, '')} : $json.v }}`
		: '={{ $json.v }}';
	let parameters = withValue({ ...c.base, prompt: '={{ $json.prompt }}' }, c.path, fromItem);
	if (c.path === 'prompt') parameters = withValue(parameters, 'prompt', '={{ $json.v }}');
	const inputItems = [0, 1, 2].map((i) => {
		const prompt = `${c.prompt} ${itemMarker(i)}`;
		const good = c.path === 'prompt' ? prompt : c.good;
		return withJson(fileItem, { prompt, v: (i === BAD_ITEM ? c.bad : good) as never });
	});
	return { parameters, inputItems, badItem: BAD_ITEM };
}

describe(`bad input (${BAD_INPUT_CASES.length} cases): a NodeOperationError naming the field and the item, and no request for it`, () => {
	it.each(BAD_INPUT_CASES.map((c) => [`${c.node}, ${c.delivery}: ${c.name}`, c] as const))('%s', async (_name, c) => {
		const { parameters, inputItems, badItem } = setUp(c);
		const before = suite.mark(env);
		suite.figures.casesTried += 1;
		const result = await suite.run(env, NODE_NAMES[c.node], parameters, { inputItems });

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: badItem } });
		const message = result.error!.message;
		expect({ message, label: leadingLabel(message, LABELS) }).toMatchObject({ label: c.label });
		// The item's own message; what the items before it made (billed, not output) follows it.
		const [own, stopped] = message.split('; the run stopped, ');
		expect(own).toMatch(c.detail(badItem));

		const sent = generationsSince(env.emulator.log, before, env.token);
		suite.count(env, before, () => true);
		expect(sent.filter((entry) => itemOf(entry) === badItem || itemOf(entry) === undefined)).toEqual([]);
		// Static: nothing at all. Item delivery: at most the valid items before the bad one.
		expect(sent.length).toBeLessThanOrEqual(badItem);
		if (sent.length === 0) expect(stopped).toBeUndefined();
		else expect(stopped).toMatch(/^and \d+ (image|video)s? already made for \d+ other items? (is|are) not output$/);
	});
});

interface Row {
	prompt?: string;
	n?: number;
	steps?: number | string;
	seed?: string;
	sampler?: string;
	image?: string;
	/** What the error item must say; absent for a valid row. */
	error?: RegExp;
}

/** Rows of one Continue On Fail run: valid rows between rows each broken in another field. */
const ROWS: Row[] = [
	{ n: 2 },
	{ prompt: 'a (fox', error: /^Prompt has a weighting error/ },
	{},
	{ n: 17, error: /^Number of Images \(17\)/ },
	{ seed: '5, 6', n: 2 },
	{ steps: 0, error: /^Steps \(0\)/ },
	{ seed: '1,,2', error: /^Seed "" is not a whole number/ },
	{ sampler: 'K_EULER' },
	{ sampler: 'EULER', error: /^Sampler \("EULER"\)/ },
	{ image: 'note', error: /(Input|Control) Image: binary field "note" of item 9 is not a PNG/ },
	{ image: 'gone', error: /(Input|Control) Image: item 10 has no binary field "gone"/ },
	{ prompt: '   ', error: /^Prompt is empty/ },
	{ steps: 12 },
	// A sheet's cells are text: a number in text is that number, anything else in text is refused.
	{ steps: ' 25 ' },
	{ steps: '25 steps', error: /^Steps \("25 steps"\)/ },
];

/** Image-to-image on the plain engines, the control image on the ControlNet ones: both take a binary field. */
function mixedRun(node: NodeKey): INodeParameters {
	const imageField = node.startsWith('cn') ? { controlImage: '={{ $json.image }}' } : { mode: 'imageToImage', inputImage: '={{ $json.image }}' };
	return {
		prompt: '={{ $json.prompt }}',
		numImages: '={{ $json.n }}',
		sampler: '={{ $json.sampler }}',
		...imageField,
		options: { steps: '={{ $json.steps }}', seed: '={{ $json.seed }}', concurrency: 3, imageEncoding: 'jpeg' },
	};
}

describe('Continue On Fail: every bad row gets its error item, every other row its images', () => {
	// The rows vary the sampler, so the run covers the engines that take one.
	const withSampler = (Object.keys(NODE_NAMES) as NodeKey[]).filter((node) => NODE_ENGINES[node].capabilities.has('classicSd'));
	it.each(withSampler)('%s', async (node) => {
		const inputItems = ROWS.map((row, i) =>
			withJson(fileItem, {
				prompt: row.prompt ?? `a lighthouse at dawn ${itemMarker(i)}`,
				n: row.n ?? 1,
				steps: row.steps ?? 20,
				seed: row.seed ?? '',
				sampler: row.sampler ?? 'DDIM',
				image: row.image ?? 'data',
			}),
		);
		const before = suite.mark(env);
		suite.figures.casesTried += 1;
		const result = await suite.run(env, NODE_NAMES[node], mixedRun(node), { inputItems, continueOnFail: true });
		expect(result.status).toBe('success');

		const expected = ROWS.flatMap((row, i) => Array.from({ length: row.error ? 1 : (row.n ?? 1) }, () => i));
		expect(result.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(expected);
		let lost = 0;
		ROWS.forEach((row, i) => {
			const outputs = result.items.filter((item) => (item.pairedItem as { item: number }).item === i);
			if (row.error) {
				expect(outputs[0].json.error).toMatch(row.error);
				expect(outputs[0].binary).toBeUndefined();
			} else if (outputs.length !== (row.n ?? 1) || outputs.some((item) => !item.binary?.data)) {
				lost += 1;
			}
		});
		suite.figures.itemsLost += lost;
		expect(lost).toBe(0);

		// One request per valid row, none for a bad one.
		const { groups } = suite.count(env, before, (i) => !ROWS[i].error);
		const validRows = ROWS.flatMap((row, i) => (row.error ? [] : [i]));
		expect([...groups.keys()].sort((a, b) => a - b)).toEqual(validRows);
		for (const attempts of groups.values()) expect(attempts).toHaveLength(1);
		// Steps go out as numbers, numeric text included.
		for (const i of validRows) expect((groups.get(i)![0].body as { steps: unknown }).steps).toBe(Number(ROWS[i].steps ?? 20));
	});
});

suite.hygieneTest();
