// The registry through n8n's engine, for every engine node: a mode the engine does not offer is
// refused before any request with an error naming the mode, the value and the item; a parameter of a
// field the engine does not take never reaches the API (n8n drops parameters the node does not
// declare, and the request schema refuses the wire key if one got through: test/unit/properties).
import type { INodeParameters } from 'n8n-workflow';

import { ENGINE_LIST } from '../../nodes/shared/fields/engines';
import { engineModes, engineTakes, FIELDS, type EngineRow } from '../../nodes/shared/fields/registry';
import { MODES } from '../../nodes/shared/fields/registry/modes';
import { sdkRequestErrors } from '../conformance/sdk-schema.cts';
import { imageItem, picture, runEngineNode, useEmulator } from './helpers.cts';

const env = useEmulator();

/** A workflow-JSON value for a row's parameter, as a user (or an AI agent) could write it. */
function parameterValue(row: EngineRow): unknown {
	if (row.read === 'asset') return { __rl: true, mode: 'name', value: 'octoai:something' };
	if (row.read === 'pairs') return { entries: [{ name: { __rl: true, mode: 'name', value: 'x' }, [row.entry!.valueField.name]: 1 }] };
	if (row.read === 'photos') return { entries: [{ triggerWord: 'fox', binaryFields: 'data' }] };
	if (row.read === 'controlnet') return 'octoai:canny_sdxl';
	switch (row.value.type) {
		case 'number':
			return row.value.limit.max ?? row.value.limit.min + 1;
		case 'boolean':
			return true;
		case 'enum':
			return row.value.values[0];
		default:
			return 'data';
	}
}

describe.each(ENGINE_LIST)('$displayName', (engine) => {
	const controlInput = async () =>
		engine.capabilities.has('controlnet') ? [await imageItem({ data: await picture(512, 512) })] : undefined;

	const missing: string[][] = MODES.filter((mode) => !engineModes(engine).includes(mode.value)).map((mode) => [mode.value]);
	// Engines with every mode still get one case: a mode no engine has.
	if (missing.length === 0) missing.push(['sketchToImage']);
	it.each(missing)(
		'refuses mode %s before any request',
		async (mode) => {
			const before = env.generateRequests().length;
			const result = await runEngineNode(env, engine.nodeName, { prompt: 'a red fox', mode }, { inputItems: await controlInput() });
			expect(result.error?.message).toBe(`Mode "${mode}" is not offered by ${engine.displayName}`);
			expect(result.error).toMatchObject({ context: { itemIndex: 0 } });
			expect(env.generateRequests()).toHaveLength(before);
		},
	);

	it('sends none of the fields it does not take, even when the workflow JSON sets them', async () => {
		const refused = FIELDS.filter((row) => !engineTakes(engine, row) && row.read !== 'mode');
		const top: INodeParameters = {};
		const options: INodeParameters = {};
		for (const row of refused) (row.place === 'options' ? options : top)[row.param] = parameterValue(row) as never;
		const before = env.generateRequests().length;
		const result = await runEngineNode(env, engine.nodeName, { prompt: 'a red fox', ...top, options }, { inputItems: await controlInput() });
		expect(result.error).toBeUndefined();
		const [request] = env.generateRequests().slice(before);
		expect(Object.keys(request.body).filter((key) => refused.some((row) => row.wire === key))).toEqual([]);
		expect(await sdkRequestErrors(request.body)).toEqual([]);
	});
});
