import type { FieldRow } from '../../../shared/fields/registry';
import { MAX_PROMPT_CHARS, SEED_LIMIT } from '../../../shared/fields/registry/values';

/** The operations of the Image Tools node, each one media-utility endpoint. */
export type Operation = 'upscale' | 'removeBackground' | 'fixFaces' | 'segment' | 'productScene';

/** A request field of one utility: the shared row shape, keyed by the operation that sends it. */
export type UtilityRow = FieldRow & { op: Operation };

// The request fields of the media utilities, transcribed from the service's own export (the
// image-gen-util OpenAPI document; see the README's "OctoAI Image Tools"). Images are not rows:
// each operation reads its picture with putImage (shared/images/image-source.ts) and sends it as base64 or as the URL field.

/** A list of one seed from an expression ([5]) goes out as that seed, as Image Tools always sent it. */
const IMAGE_TOOLS_SEED = { type: 'seed', limit: SEED_LIMIT, unwrapOne: true } as const;
const SEED_HELP = 'Whole number from 1 to 4294967295; a comma-separated list gives one seed per image. Empty: random.';
const WEIGHTS_HELP = 'JSON object of LoRA names (or asset IDs) to weights, e.g. {"octoai:add-detail": 0.5}';

export const UPSCALING_MODELS = [
	'real-esrgan-x4-plus',
	'real-esrgan-x4-v3',
	'real-esrgan-x4-v3-wdn',
	'real-esrgan-animevideo-v3',
	'real-esrgan-x4-plus-anime',
	'real-esrgan-x2-plus',
];
export const REMOVAL_DRIVERS: Record<string, string[]> = {
	birefnet: ['birefnet-dis-epoch540'],
	rembg: ['isnet-general-use', 'u2net', 'u2netp', 'u2net_human_seg', 'u2net_cloth_seg'],
};
export const DETECTORS = [
	'face_yolov8n',
	'hand_yolov8n',
	'face_full_mediapipe',
	'face_short_mediapipe',
	'face_mesh_mediapipe',
	'eyes_mesh_mediapipe',
	'face_hair_mediapipe',
];
/** The utilities' own sampler list (17 values), which differs from the generation API's. */
export const UTILITY_SAMPLERS = [
	'PNDM', 'LMS', 'KLMS', 'DDIM', 'DDPM', 'HEUN', 'K_HEUN', 'K_EULER', 'K_EULER_ANCESTRAL', 'DPM_SOLVER_MULTISTEP',
	'DPM_PLUS_PLUS_2M_KARRAS', 'DPM_SINGLE', 'DPM_2', 'DPM_2_ANCESTRAL', 'DPM_PLUS_PLUS_SDE_KARRAS', 'UNI_PC', 'LCM',
];
/** The sizes the image must have for each ADetailer base model (from the export's init_image description). */
export const DETAILER_SIZES: Record<string, string[]> = {
	sdxl: ['640x1536', '768x1344', '832x1216', '896x1152', '1024x1024', '1152x896', '1216x832', '1344x768', '1536x640', '1664x2432', '2048x2048', '2432x1664'],
	sd15: [
		'384x704', '448x576', '512x512', '512x704', '512x768', '512x832', '576x448', '576x768', '576x1024', '640x512', '640x640', '640x768',
		'704x384', '704x1216', '768x512', '768x576', '768x1024', '832x512', '896x896', '1024x576', '1024x768', '1024x1024', '1024x1536',
		'1216x704', '1536x1024',
	],
};
export const SCENE_SIZES = ['1024x1024', '1152x896', '896x1152', '1216x832', '832x1216', '1344x768', '768x1344', '1536x640', '640x1536'];
const MAX_PROMPT = MAX_PROMPT_CHARS;
const byte = { min: 0, max: 255, integer: true };
const pixels = { min: 0, integer: true };

export const FIELDS: readonly UtilityRow[] = [
	// POST /upscaling
	{ wire: 'model', param: 'upscalingModel', op: 'upscale', place: 'main', label: 'Model', value: { type: 'enum', values: UPSCALING_MODELS }, default: 'real-esrgan-x4-plus', description: 'Real-ESRGAN variant; x2 models double, x4 models quadruple the size unless a size is given' },
	{ wire: 'scale', param: 'scale', op: 'upscale', place: 'main', label: 'Scale', value: { type: 'number', limit: { min: 0, minExclusive: true }, precision: 2 }, default: 2, show: { sizeBy: ['scale'] }, description: 'Multiply the input width and height by this factor' },
	{ wire: 'output_image_width', param: 'outputWidth', op: 'upscale', place: 'main', label: 'Output Width', value: { type: 'number', limit: { min: 1, integer: true } }, default: 2048, show: { sizeBy: ['width'] }, description: 'Width in pixels; the height follows the aspect ratio' },
	{ wire: 'output_image_height', param: 'outputHeight', op: 'upscale', place: 'main', label: 'Output Height', value: { type: 'number', limit: { min: 1, integer: true } }, default: 2048, show: { sizeBy: ['height'] }, description: 'Height in pixels; the width follows the aspect ratio' },
	{ wire: 'face_enhance', param: 'faceEnhance', op: 'upscale', place: 'options', label: 'Face Enhance', value: { type: 'boolean' }, default: false, description: 'Whether to use the face-enhancing model variant' },
	{ wire: 'output_image_encoding', param: 'outputEncoding', op: 'upscale', place: 'options', label: 'Output Encoding', value: { type: 'enum', values: ['jpeg', 'png'], names: { jpeg: 'JPEG', png: 'PNG' } }, default: 'jpeg', description: 'Image format of the result' },

	// POST /background-removal
	{ wire: 'driver', param: 'driver', op: 'removeBackground', place: 'main', label: 'Driver', value: { type: 'enum', values: ['birefnet', 'rembg'], names: { birefnet: 'BiRefNet', rembg: 'Rembg' } }, default: 'birefnet', description: 'Background removal technique' },
	{ wire: 'model', param: 'rembgModel', op: 'removeBackground', place: 'main', label: 'Model', value: { type: 'enum', values: REMOVAL_DRIVERS.rembg }, default: 'isnet-general-use', show: { driver: ['rembg'] }, description: 'Rembg model to use' },
	{ wire: 'only_mask', param: 'onlyMask', op: 'removeBackground', place: 'main', label: 'Only Mask', value: { type: 'boolean' }, default: false, description: 'Whether to return the subject mask (white subject on black) instead of the cut-out' },
	{ wire: 'bgcolor', param: 'backgroundRgba', op: 'removeBackground', place: 'options', label: 'Background Color (RGBA)', value: { type: 'integers', count: 4, limit: byte }, default: '255, 255, 255, 255', placeholder: 'e.g. 255, 255, 255, 255', description: 'Paste the subject onto this colour instead of leaving the background transparent: red, green, blue, alpha (0-255)' },
	{ wire: 'post_process_mask', param: 'postProcessMask', op: 'removeBackground', place: 'options', label: 'Post-Process Mask', value: { type: 'boolean' }, default: true, description: 'Whether to clean up the mask (Rembg only; ignored by BiRefNet)' },
	{ wire: 'alpha_matting', param: 'alphaMatting', op: 'removeBackground', place: 'options', label: 'Alpha Matting', value: { type: 'boolean' }, default: false, description: 'Whether to refine the edges with alpha matting (Rembg only)' },
	{ wire: 'alpha_matting_foreground_threshold', param: 'alphaMattingForegroundThreshold', op: 'removeBackground', place: 'options', label: 'Alpha Matting Foreground Threshold', value: { type: 'number', limit: byte }, default: 240, description: 'Applies when Alpha Matting is on (0-255)' },
	{ wire: 'alpha_matting_background_threshold', param: 'alphaMattingBackgroundThreshold', op: 'removeBackground', place: 'options', label: 'Alpha Matting Background Threshold', value: { type: 'number', limit: byte }, default: 10, description: 'Applies when Alpha Matting is on (0-255)' },
	{ wire: 'alpha_matting_erode_size', param: 'alphaMattingErodeSize', op: 'removeBackground', place: 'options', label: 'Alpha Matting Erode Size', value: { type: 'number', limit: byte }, default: 10, description: 'Applies when Alpha Matting is on (0-255)' },

	// POST /adetailer
	{ wire: 'detector', param: 'detector', op: 'fixFaces', place: 'main', label: 'Detector', value: { type: 'enum', values: DETECTORS }, default: 'face_yolov8n', required: true, description: 'What to find and repaint: faces (several models), hands, eyes or face and hair' },
	{ wire: 'inpainting_base_model', param: 'baseModel', op: 'fixFaces', place: 'main', label: 'Base Model', value: { type: 'enum', values: ['sdxl', 'sd15'], names: { sdxl: 'SDXL', sd15: 'SD 1.5' } }, default: 'sdxl', description: 'Model that repaints the found regions; should match the one that made the image, whose size must be one it supports' },
	{ wire: 'prompt', param: 'prompt', op: 'fixFaces', place: 'main', label: 'Prompt', value: { type: 'text' }, rows: 2, default: '', description: 'What the repainted regions should show' },
	{ wire: 'negative_prompt', param: 'negativePrompt', op: 'fixFaces', place: 'options', label: 'Negative Prompt', value: { type: 'text' }, rows: 2, default: 'Blurry photo, distortion, low-res, bad quality', description: 'What to keep out of the repainted regions' },
	{ wire: 'confidence', param: 'confidence', op: 'fixFaces', place: 'options', label: 'Detection Confidence', value: { type: 'number', precision: 2 }, default: 0.3, description: 'Detector sensitivity: lower finds more regions' },
	{ wire: 'max_num_detections', param: 'maxDetections', op: 'fixFaces', place: 'options', label: 'Max Detections', value: { type: 'number', limit: { min: 1, integer: true } }, default: 1, description: 'Repaint at most this many regions, the most confident first' },
	{ wire: 'checkpoint', param: 'checkpoint', op: 'fixFaces', place: 'options', label: 'Checkpoint', value: { type: 'text' }, default: '', description: 'Checkpoint (name or asset ID) to repaint with' },
	{ wire: 'loras', param: 'loras', op: 'fixFaces', place: 'options', label: 'LoRAs', value: { type: 'nameMap', of: 'number' }, default: '{}', description: WEIGHTS_HELP },
	{ wire: 'style_preset', param: 'stylePreset', op: 'fixFaces', place: 'options', label: 'Style Preset', value: { type: 'text' }, default: 'base', description: 'SDXL style for the repainting' },
	{ wire: 'sampler', param: 'sampler', op: 'fixFaces', place: 'options', label: 'Sampler', value: { type: 'enum', values: UTILITY_SAMPLERS }, default: 'K_EULER_ANCESTRAL', description: 'Sampler used for the repainting' },
	{ wire: 'steps', param: 'steps', op: 'fixFaces', place: 'options', label: 'Steps', value: { type: 'number', limit: { min: 1, integer: true } }, default: 20, description: 'Number of inference steps' },
	{ wire: 'cfg_scale', param: 'cfgScale', op: 'fixFaces', place: 'options', label: 'CFG Scale', value: { type: 'number', limit: { min: 0, minExclusive: true, max: 50 }, precision: 1 }, default: 7.5, description: 'How closely to follow the prompt (above 0, at most 50)' },
	{ wire: 'strength', param: 'strength', op: 'fixFaces', place: 'options', label: 'Strength', value: { type: 'number', limit: { min: 0, minExclusive: true, max: 1 }, precision: 2 }, default: 0.9, description: 'How much the regions change (above 0, at most 1)' },
	{ wire: 'seed', param: 'seed', op: 'fixFaces', place: 'options', label: 'Seed', value: IMAGE_TOOLS_SEED, default: '', description: SEED_HELP },
	{ wire: 'use_refiner', param: 'useRefiner', op: 'fixFaces', place: 'options', label: 'Use Refiner', value: { type: 'boolean' }, default: false, description: 'Whether to apply the SDXL refiner' },
	{ wire: 'union_masks', param: 'unionMasks', op: 'fixFaces', place: 'options', label: 'Union Masks', value: { type: 'boolean' }, default: false, description: 'Whether to repaint all found regions in one pass' },
	{ wire: 'mask_blur', param: 'maskBlur', op: 'fixFaces', place: 'options', label: 'Mask Blur', value: { type: 'number', limit: pixels }, default: 4, description: 'Blur radius in pixels (best below 64)' },
	{ wire: 'mask_dilation', param: 'maskDilation', op: 'fixFaces', place: 'options', label: 'Mask Dilation', value: { type: 'number', limit: pixels }, default: 4, description: 'Grow each region by this many pixels (best below 64)' },
	{ wire: 'mask_padding', param: 'maskPadding', op: 'fixFaces', place: 'options', label: 'Mask Padding', value: { type: 'number', limit: pixels }, default: 32, description: 'Context in pixels around each region given to the repainting' },
	{ wire: 'image_encoding', param: 'outputEncoding', op: 'fixFaces', place: 'options', label: 'Output Encoding', value: { type: 'enum', values: ['jpeg', 'png'], names: { jpeg: 'JPEG', png: 'PNG' } }, default: 'jpeg', description: 'Image format of the result' },

	// POST /segment
	{ wire: 'prompt', param: 'segmentPrompt', op: 'segment', place: 'main', label: 'Prompt', value: { type: 'text' }, default: '', required: true, show: { selectBy: ['prompt'] }, placeholder: 'e.g. sky', description: 'What to mask, in words' },
	{ wire: 'bounding_box', param: 'box', op: 'segment', place: 'main', label: 'Box', value: { type: 'integers', count: 4, limit: pixels, corners: true }, default: '', required: true, show: { selectBy: ['box'] }, placeholder: 'e.g. 100, 50, 400, 300', description: 'Left, top, right, bottom in pixels: the object inside this box is masked' },
	{ wire: 'foreground_points', param: 'foregroundPoints', op: 'segment', place: 'main', label: 'Points on the Object', value: { type: 'points' }, default: '', required: true, show: { selectBy: ['points'] }, placeholder: 'e.g. 320, 240; 330, 400', description: 'Pixel points (x, y) inside the object, separated by semicolons' },
	{ wire: 'background_points', param: 'backgroundPoints', op: 'segment', place: 'main', label: 'Points Off the Object', value: { type: 'points' }, default: '', show: { selectBy: ['points'] }, placeholder: 'e.g. 10, 10', description: 'Pixel points (x, y) outside the object, separated by semicolons (optional)' },
	{ wire: 'max_num_bounds', param: 'maxBounds', op: 'segment', place: 'options', label: 'Max Objects', value: { type: 'number', limit: pixels }, default: 0, description: 'With a prompt: keep at most this many found objects, best first (0 = all)' },
	{ wire: 'max_num_masks', param: 'maxMasks', op: 'segment', place: 'options', label: 'Max Masks', value: { type: 'number', limit: pixels }, default: 0, description: 'At most this many masks per request, or per object with a prompt (0 = all)' },
	{ wire: 'prompt_object_detection_threshold', param: 'objectThreshold', op: 'segment', place: 'options', label: 'Object Detection Threshold', value: { type: 'number', precision: 2 }, default: 0.35, description: 'With a prompt: report only objects scoring above this' },
	{ wire: 'prompt_token_detection_threshold', param: 'tokenThreshold', op: 'segment', place: 'options', label: 'Token Detection Threshold', value: { type: 'number', precision: 2 }, default: 0.25, description: 'With a prompt: words scoring above this name an object in its phrase' },

	// POST /creative-generator
	{ wire: 'prompt', param: 'scenePrompt', op: 'productScene', place: 'main', label: 'Scene Prompt', value: { type: 'text', maxLength: MAX_PROMPT }, rows: 2, default: '', required: true, placeholder: 'e.g. on a marble kitchen counter, morning light', description: 'The scene to place the product in' },
	{ wire: 'target_product_height_px', param: 'productHeight', op: 'productScene', place: 'main', label: 'Product Height (Pixels)', value: { type: 'number', limit: { min: 10, integer: true } }, default: 512, required: true, description: 'Height of the product in the scene; its width keeps the aspect ratio. The product photo should be larger.' },
	{ wire: 'width', param: 'sceneSize', op: 'productScene', place: 'main', label: 'Size', value: { type: 'size', sizes: SCENE_SIZES }, default: '1024x1024', description: 'Width x height of the scene' },
	{ wire: 'num_images', param: 'numImages', op: 'productScene', place: 'options', label: 'Number of Images', value: { type: 'number', limit: { min: 0, minExclusive: true, max: 16, integer: true } }, default: 1, description: 'Scenes to make (1-16), one output item each' },
	{ wire: 'negative_prompt', param: 'negativePrompt', op: 'productScene', place: 'options', label: 'Negative Prompt', value: { type: 'text', maxLength: MAX_PROMPT }, rows: 2, default: '', description: 'What to keep out of the scene' },
	{ wire: 'rotate_deg', param: 'rotate', op: 'productScene', place: 'options', label: 'Rotate Product (Degrees)', value: { type: 'number', limit: { min: -360, max: 360 } }, default: 0, description: 'Rotate the product before placing it (-360 to 360)' },
	{ wire: 'style_preset', param: 'stylePreset', op: 'productScene', place: 'options', label: 'Style Preset', value: { type: 'enum', values: ['base', 'cinematic', 'photographic', 'Advertising'] }, default: 'cinematic', description: 'Style of the scene' },
	{ wire: 'loras', param: 'loras', op: 'productScene', place: 'options', label: 'LoRAs', value: { type: 'nameMap', of: 'number' }, default: '{}', description: WEIGHTS_HELP },
	{ wire: 'seed', param: 'seed', op: 'productScene', place: 'options', label: 'Seed', value: IMAGE_TOOLS_SEED, default: '', description: SEED_HELP },
];

export const rowsOf = (op: Operation) => FIELDS.filter((row) => row.op === op);
