/**
 * The bad-input table: each case is a valid request for one node with one parameter made bad.
 * Every case must fail before any request with a NodeOperationError whose message starts with the
 * field's label (as the editor shows it) and whose itemIndex is the bad item.
 */
import type { INodeParameters } from 'n8n-workflow';

import { ENGINES, type EngineSpec } from '../../nodes/shared/fields/engines';
import { parameterProperty } from '../../nodes/shared/editor';
import { engineModes } from '../../nodes/shared/fields/registry';
import type { EngineNodeName } from '../nodes/helpers.cts';

export type NodeKey = 'sdxl' | 'sd15' | 'cnSdxl' | 'cnSd15' | 'sd3' | 'fluxDev' | 'fluxSchnell';

/** Short case keys for the engine rows; node names and which cases apply come from the tables. */
export const NODE_ENGINES: Record<NodeKey, EngineSpec> = {
	sdxl: ENGINES.sdxl,
	sd15: ENGINES.sd,
	cnSdxl: ENGINES['controlnet-sdxl'],
	cnSd15: ENGINES['controlnet-sd15'],
	sd3: ENGINES.sd3,
	fluxDev: ENGINES['flux-dev'],
	fluxSchnell: ENGINES['flux-schnell'],
};

export const NODE_NAMES = Object.fromEntries(
	Object.entries(NODE_ENGINES).map(([key, engine]) => [key, engine.nodeName]),
) as Record<NodeKey, EngineNodeName>;

/** Whether the node shows every parameter a case sets (its path and its base), in a mode it offers. */
function showsCase(node: NodeKey, spec: Spec): boolean {
	const engine = NODE_ENGINES[node];
	const shows = (path: string) => {
		const [first, second] = path.split('.');
		return first === 'options' ? parameterProperty(engine, second, 'options') !== undefined : parameterProperty(engine, first) !== undefined;
	};
	const base = spec.base ?? {};
	if (base.mode !== undefined && !engineModes(engine).includes(base.mode as never)) return false;
	const baseOptions = Object.keys((base.options ?? {}) as object).map((name) => `options.${name}`);
	const basePaths = Object.keys(base).filter((key) => key !== 'options');
	return [spec.path, ...basePaths, ...baseOptions].every(shows);
}

const SDXL_FAMILY: NodeKey[] = ['sdxl', 'cnSdxl'];
const SD15_FAMILY: NodeKey[] = ['sd15', 'cnSd15'];
const CONTROLNET: NodeKey[] = ['cnSdxl', 'cnSd15'];

/** How the bad value reaches the node: typed into the field, or from the item's JSON in one item of three. */
export type Delivery = 'static' | 'item';

export interface BadCase {
	name: string;
	node: NodeKey;
	/** A valid configuration (mode, images, other fields) the case starts from. */
	base: INodeParameters;
	/** The parameter that gets the bad value, as a dotted path (`options.steps`, `loras.entries.0.weight`). */
	path: string;
	bad: unknown;
	/** A valid value for the same parameter; needed for item delivery (the other items use it). */
	good?: unknown;
	/** The value is of a type only an expression can produce (a number in a text field, a list...). */
	asExpression?: boolean;
	/** `bad` is an expression that fails to evaluate; under item delivery it runs for the bad item only. */
	failingExpression?: boolean;
	delivery: Delivery;
	/** The label the message must start with. */
	label: string;
	/** What else the message must say; `item` is the bad item's index. */
	detail: (item: number) => RegExp;
	/** The prompt a valid request of this case uses (photo merge needs its trigger word). */
	prompt: string;
}

const MODES = {
	t2i: {},
	i2i: { mode: 'imageToImage', inputImage: 'data' },
	inpaint: { mode: 'inpainting', inputImage: 'data', maskImage: 'mask' },
	outpaint: { mode: 'outpainting', inputImage: 'data', maskImage: 'mask' },
	merge: { mode: 'photoMerge', transferImages: { entries: [{ triggerWord: 'sks', binaryFields: 'data' }] } },
} satisfies Record<string, INodeParameters>;

const FOX = 'a red fox in the snow';
const MERGE_PROMPT = 'sks sitting on a beach';

type Spec = Omit<BadCase, 'node' | 'delivery' | 'prompt' | 'detail' | 'base'> & {
	base?: INodeParameters;
	detail: RegExp | ((item: number) => RegExp);
	prompt?: string;
	/** Only item delivery (the value cannot be typed into the field). */
	itemOnly?: boolean;
	/** Only static delivery (a fixed collection shape, or a value that needs no expression). */
	staticOnly?: boolean;
};

const weighting = /has a weighting error at character \d+/;
const notImage = (item: number) => new RegExp(`of item ${item} is not a PNG, JPEG or WebP image$`);
const noField = (name: string) => (item: number) => new RegExp(`: item ${item} has no binary field "${name}"$`);
const tooBig = (item: number) => new RegExp(`: the image of item ${item} is 1\\.\\d MB, above the limit of 1\\.0 MB$`);
const outOfRange = (what: string) => new RegExp(`must be ${what}`);
const SYNTAX = /: invalid syntax$/;
const NO_NODE = /: Referenced node doesn't exist$/;
const sheet = (field: string) => `={{ $("Sheet").item.json.${field} }}`;

const PROMPT_CASES: Spec[] = [
	// An empty required field stops n8n itself before the node runs, so the empty text comes from an expression.
	{ name: 'empty prompt', path: 'prompt', bad: '', good: FOX, asExpression: true, label: 'Prompt', detail: /^Prompt is empty$/ },
	{ name: 'whitespace-only prompt', path: 'prompt', bad: ' \n\t ', good: FOX, label: 'Prompt', detail: /^Prompt is empty$/ },
	{ name: 'prompt that is null', path: 'prompt', bad: null, good: FOX, asExpression: true, label: 'Prompt', detail: /is empty$/ },
	{ name: 'prompt that is a number', path: 'prompt', bad: 42, good: FOX, asExpression: true, label: 'Prompt', detail: /must be text, but the expression gave number/ },
	{ name: 'prompt that is a list', path: 'prompt', bad: ['a', 'fox'], good: FOX, asExpression: true, label: 'Prompt', detail: /must be text, but the expression gave object/ },
	{ name: 'unclosed bracket', path: 'prompt', bad: 'a (red fox', good: FOX, label: 'Prompt', detail: /'\(' is never closed/ },
	{ name: 'stray closing bracket', path: 'prompt', bad: 'a red fox)', good: FOX, label: 'Prompt', detail: /'\)' has no matching '\('/ },
	{ name: 'empty brackets', path: 'prompt', bad: 'a () fox', good: FOX, label: 'Prompt', detail: /empty brackets/ },
	{ name: 'weight that is a word', path: 'prompt', bad: 'a (red fox:heavy)', good: FOX, label: 'Prompt', detail: /weight "heavy" is not a number/ },
	{ name: 'weight without words', path: 'prompt', bad: '(:1.3) fox', good: FOX, label: 'Prompt', detail: /a weight without words/ },
	{ name: 'nested bracket left open', path: 'prompt', bad: '((red fox:1.2) in snow', good: FOX, label: 'Prompt', detail: weighting },
	{ name: 'negative prompt with a bad weight', path: 'negativePrompt', bad: '(blurry:lots)', good: 'blurry', label: 'Negative Prompt', detail: /weight "lots" is not a number/ },
	{ name: 'negative prompt with a stray bracket', path: 'negativePrompt', bad: 'blurry)', good: 'blurry', label: 'Negative Prompt', detail: weighting },
	{ name: 'negative prompt that is a number', path: 'negativePrompt', bad: 7, good: 'blurry', asExpression: true, label: 'Negative Prompt', detail: /must be text/ },
];

const NUMBER_CASES: Spec[] = [
	{ name: 'zero steps', path: 'options.steps', bad: 0, good: 20, label: 'Steps', detail: outOfRange('a whole number greater than 0 and at most 200') },
	{ name: 'steps above 200', path: 'options.steps', bad: 201, good: 20, label: 'Steps', detail: /^Steps \(201\)/ },
	{ name: 'fractional steps', path: 'options.steps', bad: 12.5, good: 20, label: 'Steps', detail: /^Steps \(12\.5\)/ },
	{ name: 'negative steps', path: 'options.steps', bad: -3, good: 20, label: 'Steps', detail: /^Steps \(-3\)/ },
	{ name: 'steps as a word', path: 'options.steps', bad: 'many', good: 20, asExpression: true, label: 'Steps', detail: /^Steps \("many"\)/ },
	{ name: 'zero CFG scale', path: 'options.cfgScale', bad: 0, good: 7, label: 'CFG Scale', detail: outOfRange('a number greater than 0 and at most 50') },
	{ name: 'CFG scale above 50', path: 'options.cfgScale', bad: 50.5, good: 7, label: 'CFG Scale', detail: /\(50\.5\)/ },
	{ name: 'negative CFG scale', path: 'options.cfgScale', bad: -1, good: 7, label: 'CFG Scale', detail: /\(-1\)/ },
	{ name: 'CFG scale as a word', path: 'options.cfgScale', bad: 'high', good: 7, asExpression: true, label: 'CFG Scale', detail: /\("high"\)/ },
	{ name: 'zero images', path: 'numImages', bad: 0, good: 1, label: 'Number of Images', detail: outOfRange('a whole number at least 1 and at most 16') },
	{ name: '17 images', path: 'numImages', bad: 17, good: 1, label: 'Number of Images', detail: /\(17\)/ },
	{ name: 'fractional image count', path: 'numImages', bad: 2.5, good: 1, label: 'Number of Images', detail: /\(2\.5\)/ },
	{ name: 'image count as a word', path: 'numImages', bad: 'two', good: 1, asExpression: true, label: 'Number of Images', detail: /\("two"\)/ },
	{ name: 'CLIP skip of 0', path: 'options.clipSkip', bad: 0, good: 1, label: 'CLIP Skip', detail: outOfRange('a whole number at least 1 and at most 12') },
	{ name: 'CLIP skip of 13', path: 'options.clipSkip', bad: 13, good: 1, label: 'CLIP Skip', detail: /\(13\)/ },
	{ name: 'fractional CLIP skip', path: 'options.clipSkip', bad: 1.5, good: 1, label: 'CLIP Skip', detail: /\(1\.5\)/ },
];

const SEED_CASES: Spec[] = [
	{ name: 'seed that is a word', path: 'options.seed', bad: 'abc', good: '42', label: 'Seed', detail: /"abc" is not a whole number/ },
	{ name: 'seed list with an empty entry', path: 'options.seed', bad: '1,,2', good: '42', label: 'Seed', detail: /"" is not a whole number/ },
	{ name: 'seed zero', path: 'options.seed', bad: '0', good: '42', label: 'Seed', detail: outOfRange('a whole number greater than 0 and less than 4294967296') },
	{ name: 'seed of 2^32', path: 'options.seed', bad: '4294967296', good: '42', label: 'Seed', detail: /\(4294967296\)/ },
	{ name: 'fractional seed', path: 'options.seed', bad: '1.5', good: '42', label: 'Seed', detail: /"1\.5" is not a whole number/ },
	{ name: 'negative seed', path: 'options.seed', bad: '-3', good: '42', label: 'Seed', detail: /\(-3\) must be a whole number greater than 0/ },
	{ name: 'more seeds than images', path: 'options.seed', bad: '1, 2, 3', good: '42', label: 'Seed', detail: /lists 3 seeds but Number of Images is 1/ },
	{ name: 'seed list with a word in it', path: 'options.seed', bad: [1, 'x'], good: '42', asExpression: true, label: 'Seed', detail: /"x" is not a whole number/ },
	{ name: 'seeds separated by semicolons', path: 'options.seed', bad: '7; 8', good: '42', label: 'Seed', detail: /"7; 8" is not a whole number/ },
];

const ENUM_AND_SIZE_CASES: Spec[] = [
	{ name: 'unknown sampler', path: 'sampler', bad: 'EULER', good: 'K_EULER', label: 'Sampler', detail: /\("EULER"\) must be one of the samplers/ },
	{ name: 'sampler in lower case', path: 'sampler', bad: 'ddim', good: 'DDIM', label: 'Sampler', detail: /\("ddim"\) must be one of the samplers/ },
	{ name: 'image encoding webp', path: 'options.imageEncoding', bad: 'webp', good: 'jpeg', label: 'Image Encoding', detail: /\("webp"\)/ },
	{ name: 'image encoding in capitals', path: 'options.imageEncoding', bad: 'PNG', good: 'png', label: 'Image Encoding', detail: /\("PNG"\)/ },
	{ name: 'custom size no engine supports', base: { resolution: 'custom', height: 1000 }, path: 'width', bad: 1000, label: 'Width', detail: /1000x1000 is not a resolution/, staticOnly: true },
	{ name: 'zero width', base: { resolution: 'custom', height: 512 }, path: 'width', bad: 0, label: 'Width', detail: /\(0\) must be a whole number at least 1/, staticOnly: true },
	{ name: 'resolution that is not WIDTHxHEIGHT', path: 'resolution', bad: 'big', good: undefined, asExpression: true, label: 'Resolution', detail: /"big" is not of the form WIDTHxHEIGHT/, staticOnly: true },
];

const ASSET_CASES: Spec[] = [
	{ name: 'LoRA listed twice', path: 'loras', bad: { entries: [{ name: 'octoai:add-detail', weight: 1 }, { name: 'octoai:add-detail', weight: 0.5 }] }, label: 'LoRAs', detail: /"octoai:add-detail" is listed twice/, staticOnly: true },
	{ name: 'LoRA without a name', path: 'loras', bad: { entries: [{ name: ' ', weight: 1 }] }, label: 'LoRAs', detail: /an entry has no name/, staticOnly: true },
	{ name: 'textual inversion without a trigger word', path: 'textualInversions', bad: { entries: [{ name: 'octoai:NegativeXL', triggerWord: '' }] }, label: 'Textual Inversions', detail: /needs a trigger word/, staticOnly: true },
	{ name: 'textual inversion trigger word of spaces', path: 'textualInversions', bad: { entries: [{ name: 'octoai:NegativeXL', triggerWord: '   ' }] }, label: 'Textual Inversions', detail: /^Textual Inversions needs a trigger word$/, staticOnly: true },
	{ name: 'checkpoint with a line break', path: 'checkpoint', bad: 'octoai:abc\ndef', good: '', label: 'Checkpoint', detail: /^Checkpoint "octoai:abc\\u000adef" contains control characters$/ },
	{ name: 'checkpoint of 5000 characters', path: 'checkpoint', bad: 'c'.repeat(5000), good: '', label: 'Checkpoint', detail: /^Checkpoint "c{60}…" \(5000 characters\) is too long: an id or a name has at most 200 characters$/ },
	{ name: 'VAE with a control character', path: 'options.vae', bad: 'octoai:vae\u0007', good: '', label: 'VAE', detail: /^VAE "octoai:vae\\u0007" contains control characters$/ },
	{ name: 'LoRA name with a line break', path: 'loras', bad: { entries: [{ name: 'octoai:add\ndetail', weight: 1 }] }, label: 'LoRAs', detail: /^LoRAs name "octoai:add\\u000adetail" contains control characters$/, staticOnly: true },
	{ name: 'textual inversion name of 300 characters', path: 'textualInversions', bad: { entries: [{ name: 'n'.repeat(300), triggerWord: 'x' }] }, label: 'Textual Inversions', detail: /^Textual Inversions name "n{60}…" \(300 characters\) is too long/, staticOnly: true },
	{ name: 'textual inversion listed twice', path: 'textualInversions', bad: { entries: [{ name: 'a', triggerWord: 'x' }, { name: 'a', triggerWord: 'y' }] }, label: 'Textual Inversions', detail: /"a" is listed twice/, staticOnly: true },
];

const IMAGE_CASES: Spec[] = [
	{ name: 'input image field missing', base: MODES.i2i, path: 'inputImage', bad: 'photo', good: 'data', label: 'Input Image', detail: noField('photo') },
	{ name: 'input image that is a text file', base: MODES.i2i, path: 'inputImage', bad: 'note', good: 'data', label: 'Input Image', detail: notImage },
	{ name: 'input image field name empty', base: MODES.i2i, path: 'inputImage', bad: '', good: 'data', asExpression: true, label: 'Input Image', detail: /: no binary field given$/ },
	{ name: 'input image from an expression giving a number', base: MODES.i2i, path: 'inputImage', bad: 5, good: 'data', asExpression: true, label: 'Input Image', detail: /the expression resolved to number/ },
	{ name: 'input image above the size limit', base: { ...MODES.i2i, options: { maxInputImageMB: 1 } }, path: 'inputImage', bad: 'big', good: 'data', label: 'Input Image', detail: tooBig },
	{ name: 'zero strength', base: MODES.i2i, path: 'strength', bad: 0, good: 0.6, label: 'Strength', detail: outOfRange('a number greater than 0 and at most 1') },
	{ name: 'strength above 1', base: MODES.i2i, path: 'strength', bad: 1.5, good: 0.6, label: 'Strength', detail: /\(1\.5\)/ },
	{ name: 'strength as a word', base: MODES.i2i, path: 'strength', bad: 'half', good: 0.6, asExpression: true, label: 'Strength', detail: /\("half"\)/ },
	{ name: 'mask field missing', base: MODES.inpaint, path: 'maskImage', bad: 'nomask', good: 'mask', label: 'Mask Image', detail: noField('nomask') },
	{ name: 'mask that is a text file', base: MODES.inpaint, path: 'maskImage', bad: 'note', good: 'mask', label: 'Mask Image', detail: notImage },
	{ name: 'mask above the size limit', base: { ...MODES.inpaint, options: { maxInputImageMB: 1 } }, path: 'maskImage', bad: 'big', good: 'mask', label: 'Mask Image', detail: tooBig },
	{ name: 'negative full-resolution padding', base: { ...MODES.inpaint, options: { inpaintFullRes: true } }, path: 'options.inpaintFullResPadding', bad: -5, good: 32, label: 'Full Resolution Padding', detail: outOfRange('a whole number at least 0') },
	{ name: 'outpainting without its mask', base: MODES.outpaint, path: 'maskImage', bad: 'canvas', good: 'mask', label: 'Mask Image', detail: noField('canvas') },
	{ name: 'outpainting canvas that is a text file', base: MODES.outpaint, path: 'inputImage', bad: 'note', good: 'data', label: 'Input Image', detail: notImage },
	{ name: 'photo merge without subjects', base: MODES.merge, prompt: MERGE_PROMPT, path: 'transferImages', bad: {}, label: 'Photo Merge Images', detail: /add at least one trigger word with photos/, staticOnly: true },
	{ name: 'photo merge trigger word not in the prompt', base: MODES.merge, prompt: MERGE_PROMPT, path: 'transferImages.entries.0.triggerWord', bad: 'zorp', good: 'sks', label: 'Photo Merge Images', detail: /the prompt does not mention the trigger word "zorp"/ },
	{ name: 'photo merge empty trigger word', base: MODES.merge, prompt: MERGE_PROMPT, path: 'transferImages.entries.0.triggerWord', bad: '  ', good: 'sks', label: 'Photo Merge Images', detail: /a trigger word is empty/ },
	{ name: 'photo merge field missing', base: MODES.merge, prompt: MERGE_PROMPT, path: 'transferImages.entries.0.binaryFields', bad: 'data, selfie', good: 'data', label: 'Photo Merge Images', detail: noField('selfie') },
	{ name: 'photo merge text file', base: MODES.merge, prompt: MERGE_PROMPT, path: 'transferImages.entries.0.binaryFields', bad: 'note', good: 'data', label: 'Photo Merge Images', detail: notImage },
	{ name: 'photo merge with only commas', base: MODES.merge, prompt: MERGE_PROMPT, path: 'transferImages.entries.0.binaryFields', bad: ' , ', good: 'data', label: 'Photo Merge Images', detail: /"sks" has no images/ },
	{ name: 'photo merge image above the size limit', base: { ...MODES.merge, options: { maxInputImageMB: 1 } }, prompt: MERGE_PROMPT, path: 'transferImages.entries.0.binaryFields', bad: 'big', good: 'data', label: 'Photo Merge Images', detail: tooBig },
];

const SDXL_CASES: Spec[] = [
	{ name: 'prompt 2 with an open bracket', path: 'options.prompt2', bad: '(cinematic', good: 'cinematic', label: 'Prompt 2', detail: weighting },
	{ name: 'prompt 2 that is a number', path: 'options.prompt2', bad: 3, good: 'cinematic', asExpression: true, label: 'Prompt 2', detail: /must be text/ },
	{ name: 'negative prompt 2 with a bad weight', path: 'options.negativePrompt2', bad: '(grain:x2)', good: 'grain', label: 'Negative Prompt 2', detail: /weight "x2" is not a number/ },
	{ name: 'high noise fraction above 1', path: 'options.highNoiseFrac', bad: 1.5, good: 0.7, label: 'High Noise Fraction', detail: outOfRange('a number at least 0 and at most 1') },
	{ name: 'negative high noise fraction', path: 'options.highNoiseFrac', bad: -0.1, good: 0.7, label: 'High Noise Fraction', detail: /\(-0\.1\)/ },
	{ name: 'style preset in the wrong case', path: 'options.stylePreset', bad: 'Cinematic', good: 'cinematic', label: 'Style Preset', detail: /\("Cinematic"\) must be one of the SDXL style presets/ },
	{ name: 'unknown style preset', path: 'options.stylePreset', bad: 'vaporwave', good: 'anime', label: 'Style Preset', detail: /\("vaporwave"\)/ },
	{ name: 'refiner switch as text', path: 'options.useRefiner', bad: 'yes', good: true, asExpression: true, label: 'Use Refiner', detail: /\("yes"\) must be true or false/ },
	{ name: 'width as text', base: { resolution: 'custom', height: 1024 }, path: 'width', bad: 'wide', good: 1024, asExpression: true, label: 'Width', detail: /\("wide"\) must be a whole number/, itemOnly: true },
	{ name: 'SD 1.5 size on an SDXL engine', base: { resolution: 'custom', height: 512 }, path: 'width', bad: 512, label: 'Width', detail: /512x512 is not a resolution OctoAI (ControlNet )?SDXL supports/, staticOnly: true },
];

const SD15_CASES: Spec[] = [
	{ name: 'width as text', base: { resolution: 'custom', height: 512 }, path: 'width', bad: 'wide', good: 512, asExpression: true, label: 'Width', detail: /\("wide"\) must be a whole number/, itemOnly: true },
	{ name: 'SDXL size on an SD 1.5 engine', base: { resolution: 'custom', height: 768 }, path: 'width', bad: 1344, label: 'Width', detail: /1344x768 is not a resolution OctoAI (ControlNet )?SD 1\.5 supports/, staticOnly: true },
];

const CONTROLNET_CASES: Spec[] = [
	{ name: 'control image field missing', path: 'controlImage', bad: 'edges', good: 'data', label: 'Control Image', detail: noField('edges') },
	{ name: 'control image that is a text file', path: 'controlImage', bad: 'note', good: 'data', label: 'Control Image', detail: notImage },
	{ name: 'control image field name empty', path: 'controlImage', bad: '', good: 'data', asExpression: true, label: 'Control Image', detail: /: no binary field given$/ },
	{ name: 'control image from an expression giving a list', path: 'controlImage', bad: [1, 2], good: 'data', asExpression: true, label: 'Control Image', detail: /the expression resolved to a list/ },
	{ name: 'control image above the size limit', base: { options: { maxInputImageMB: 1 } }, path: 'controlImage', bad: 'big', good: 'data', label: 'Control Image', detail: tooBig },
	{ name: 'negative conditioning scale', path: 'conditioningScale', bad: -1, good: 0.8, label: 'Conditioning Scale', detail: outOfRange('a number at least 0') },
	{ name: 'conditioning scale as a word', path: 'conditioningScale', bad: 'strong', good: 0.8, asExpression: true, label: 'Conditioning Scale', detail: /\("strong"\)/ },
	{ name: 'early stop above 1', path: 'options.earlyStop', bad: 1.5, good: 0.5, label: 'Early Stop', detail: outOfRange('a number at least 0 and at most 1') },
	{ name: 'negative early stop', path: 'options.earlyStop', bad: -0.2, good: 0.5, label: 'Early Stop', detail: /\(-0\.2\)/ },
	{ name: 'control image expression with a syntax error', path: 'controlImage', bad: '={{ $binary. }}', failingExpression: true, label: 'Control Image', detail: SYNTAX, staticOnly: true },
	{ name: 'conditioning scale from a node not in the workflow', path: 'conditioningScale', bad: sheet('scale'), good: 0.8, failingExpression: true, label: 'Conditioning Scale', detail: NO_NODE },
	{ name: 'preprocess switch as text', path: 'preprocess', bad: 'yes', good: false, asExpression: true, label: 'Preprocess Control Image', detail: /\("yes"\) must be true or false/ },
];

// Expressions n8n cannot evaluate (a syntax error, a node that is not in the workflow). Runtime
// errors inside an expression are not here: n8n turns them into an empty value (bad-input-run-options.test.cts).
const EXPRESSION_CASES: Spec[] = [
	{ name: 'prompt expression with a syntax error', path: 'prompt', bad: '={{ $json.subject + }}', failingExpression: true, label: 'Prompt', detail: SYNTAX, staticOnly: true },
	{ name: 'negative prompt from a node not in the workflow', path: 'negativePrompt', bad: sheet('negative'), good: 'blurry', failingExpression: true, label: 'Negative Prompt', detail: NO_NODE },
	{ name: 'image count from a node not in the workflow', path: 'numImages', bad: sheet('count'), good: 1, failingExpression: true, label: 'Number of Images', detail: NO_NODE },
	{ name: 'sampler expression with a syntax error', path: 'sampler', bad: '={{ "DDIM" + }}', failingExpression: true, label: 'Sampler', detail: SYNTAX, staticOnly: true },
	{ name: 'checkpoint from a node not in the workflow', path: 'checkpoint', bad: sheet('checkpoint'), good: '', failingExpression: true, label: 'Checkpoint', detail: NO_NODE },
	{ name: 'input image from a node not in the workflow', base: MODES.i2i, path: 'inputImage', bad: sheet('file'), good: 'data', failingExpression: true, label: 'Input Image', detail: NO_NODE },
	{ name: 'strength expression with a syntax error', base: MODES.i2i, path: 'strength', bad: '={{ 0.5 * }}', failingExpression: true, label: 'Strength', detail: SYNTAX, staticOnly: true },
];

/**
 * Cases whose valid value is an asset, which the emulator checks against its library: the valid items
 * must name one built for the engine's family. There is no public SD 1.5 LoRA, so there the LoRA
 * cases are typed in only (no valid item is ever sent).
 */
function familyCases(family: 'sdxl' | 'sd15'): Spec[] {
	const lora = { loras: { entries: [{ name: 'octoai:add-detail', weight: 1 }] } };
	const onlyStatic = family === 'sd15' ? { staticOnly: true } : {};
	return [
		{ name: 'LoRA weight that is a word', base: lora, path: 'loras.entries.0.weight', bad: 'heavy', good: 0.8, asExpression: true, label: 'LoRAs', detail: /weights must be numbers/, ...onlyStatic },
		{ name: 'LoRA weight from a node not in the workflow', base: lora, path: 'loras.entries.0.weight', bad: sheet('weight'), good: 0.8, failingExpression: true, label: 'LoRAs', detail: NO_NODE, ...onlyStatic },
	];
}

function controlNetFamilyCases(family: 'sdxl' | 'sd15'): Spec[] {
	const controlNet = family === 'sdxl' ? 'octoai:canny_sdxl' : 'octoai:canny_sd15';
	return [
		{ name: 'custom ControlNet name left empty', base: { controlNet: 'custom' }, path: 'controlNetName', bad: '', good: controlNet, asExpression: true, label: 'ControlNet', detail: /needs a name/, itemOnly: family === 'sdxl' },
	];
}

const COMMON = [...PROMPT_CASES, ...EXPRESSION_CASES, ...NUMBER_CASES, ...SEED_CASES, ...ENUM_AND_SIZE_CASES, ...ASSET_CASES, ...IMAGE_CASES];
const ALL_NODES = Object.keys(NODE_ENGINES) as NodeKey[];

/** Spreads the deliveries: each spec alternates static and item delivery over the nodes it runs on. */
function expand(specs: Spec[], nodes: NodeKey[]): BadCase[] {
	return specs.flatMap((spec, s) =>
		nodes.filter((node) => showsCase(node, spec)).map((node, n) => {
			const canItem = spec.good !== undefined && !spec.staticOnly;
			const delivery: Delivery = spec.itemOnly ? 'item' : canItem && (s + n) % 2 === 1 ? 'item' : 'static';
			const { itemOnly: _itemOnly, staticOnly: _staticOnly, detail, base, prompt, ...rest } = spec;
			return {
				...rest,
				node,
				delivery,
				base: base ?? {},
				prompt: prompt ?? FOX,
				detail: typeof detail === 'function' ? detail : () => detail,
			};
		}),
	);
}

export const BAD_INPUT_CASES: BadCase[] = [
	...expand(COMMON, ALL_NODES),
	...expand([...SDXL_CASES, ...familyCases('sdxl')], SDXL_FAMILY),
	...expand([...SD15_CASES, ...familyCases('sd15')], SD15_FAMILY),
	...expand(CONTROLNET_CASES, CONTROLNET),
	...expand(controlNetFamilyCases('sdxl'), ['cnSdxl']),
	...expand(controlNetFamilyCases('sd15'), ['cnSd15']),
];

/** Every label a case expects, to tell "Prompt" from "Prompt 2" at the start of a message. */
export const LABELS = [...new Set(BAD_INPUT_CASES.map((c) => c.label))];
