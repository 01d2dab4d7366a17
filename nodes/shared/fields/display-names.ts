import type { INodePropertyOptions } from 'n8n-workflow';

import type { Resolution } from './engines';

/**
 * What a person reads in the dropdowns, for API values that are ids. One table for every option
 * list; the value sent stays the API's, and each option shows it underneath as its description.
 */
const NAMES: Record<string, string> = {
	// ControlNets: the kind of guidance the control image gives.
	'octoai:canny_sdxl': 'Canny Edges',
	'octoai:depth_sdxl': 'Depth Map',
	'octoai:openpose_sdxl': 'OpenPose Body Pose',
	'octoai:canny_sd15': 'Canny Edges',
	'octoai:depth_sd15': 'Depth Map',
	'octoai:openpose_sd15': 'OpenPose Body Pose',
	// Samplers (schedulers), by the names image tools commonly give them.
	DDIM: 'DDIM',
	DDPM: 'DDPM',
	DPM_PLUS_PLUS_2M_KARRAS: 'DPM++ 2M Karras',
	DPM_SINGLE: 'DPM Single-Step',
	DPM_SOLVER_MULTISTEP: 'DPM Solver Multistep',
	K_EULER: 'Euler',
	K_EULER_ANCESTRAL: 'Euler Ancestral',
	PNDM: 'PNDM',
	UNI_PC: 'UniPC',
	DPM_2: 'DPM2',
	DPM_2_ANCESTRAL: 'DPM2 Ancestral',
	DPM_PLUS_PLUS_SDE_KARRAS: 'DPM++ SDE Karras',
	HEUN: 'Heun',
	KLMS: 'KLMS',
	LMS: 'LMS',
	K_HEUN: 'K-Heun',
	DPM_PLUS_PLUS_2M_SDE: 'DPM++ 2M SDE',
	DPM_PLUS_PLUS_2M_SDE_KARRAS: 'DPM++ 2M SDE Karras',
	DPM_2_KARRAS: 'DPM2 Karras',
	DPM_2_ANCESTRAL_KARRAS: 'DPM2 Ancestral Karras',
	LCM: 'LCM (Latent Consistency)',
	// Style presets whose API spelling is a lower-case slug.
	'3d-model': '3D Model',
	base: 'Base (No Style)',
	// Image Tools: upscaling models, background-removal models, face and hand detectors.
	'real-esrgan-x4-plus': 'Real-ESRGAN X4 Plus',
	'real-esrgan-x4-v3': 'Real-ESRGAN X4 V3',
	'real-esrgan-x4-v3-wdn': 'Real-ESRGAN X4 V3 (Denoise)',
	'real-esrgan-animevideo-v3': 'Real-ESRGAN Anime Video V3',
	'real-esrgan-x4-plus-anime': 'Real-ESRGAN X4 Plus Anime',
	'real-esrgan-x2-plus': 'Real-ESRGAN X2 Plus',
	'isnet-general-use': 'IS-Net General Use',
	u2net: 'U2-Net',
	u2netp: 'U2-Net Lite',
	u2net_human_seg: 'U2-Net Human Segmentation',
	u2net_cloth_seg: 'U2-Net Cloth Segmentation',
	face_yolov8n: 'Face (YOLOv8 Nano)',
	hand_yolov8n: 'Hand (YOLOv8 Nano)',
	face_full_mediapipe: 'Face Full Range (MediaPipe)',
	face_short_mediapipe: 'Face Short Range (MediaPipe)',
	face_mesh_mediapipe: 'Face Mesh (MediaPipe)',
	eyes_mesh_mediapipe: 'Eyes Mesh (MediaPipe)',
	face_hair_mediapipe: 'Face and Hair (MediaPipe)',
	// File extensions of plain-file assets.
	jpeg: 'JPEG Image (.jpeg)',
	jpg: 'JPEG Image (.jpg)',
	jsonl: 'JSON Lines (.jsonl)',
	mp3: 'MP3 Audio (.mp3)',
	png: 'PNG Image (.png)',
	txt: 'Text (.txt)',
	wav: 'WAV Audio (.wav)',
};

/** The readable name of an API value: the table's, else a slug in Title Case ("line-art" → "Line Art"). */
export function displayName(value: string): string {
	if (NAMES[value]) return NAMES[value];
	if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) return value;
	return value
		.split('-')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

/** A dropdown option for an API value: readable name, the value itself underneath. */
export function apiOption(value: string, note?: string): INodePropertyOptions {
	const name = displayName(value);
	return {
		name: note ? `${name} ${note}` : name,
		value,
		description: `API value: ${value}`,
	};
}

/** Options sorted by their readable names, as n8n's lint asks of dropdowns. */
export function apiOptions(values: readonly string[], noteOf?: (value: string) => string | undefined): INodePropertyOptions[] {
	return values.map((value) => apiOption(value, noteOf?.(value))).sort((a, b) => a.name.localeCompare(b.name));
}

function gcd(a: number, b: number): number {
	return b === 0 ? a : gcd(b, a % b);
}

/**
 * Dropdown label such as "Landscape 1152 × 896 (9:7)". The orientation comes first so that the
 * alphabetical order n8n's lint asks for groups the sizes usefully.
 */
export function resolutionLabel([width, height]: Resolution): string {
	const d = gcd(width, height);
	const shape = width === height ? 'Square' : width > height ? 'Landscape' : 'Portrait';
	return `${shape} ${width} × ${height} (${width / d}:${height / d})`;
}
