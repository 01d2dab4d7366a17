import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The token plus the three API bases. Base URLs are user-editable so the nodes work with any
 * OctoAI-compatible server (the project's emulator, a proxy, a self-hosted gateway); a path
 * prefix and a trailing slash are both fine because every request joins paths through
 * `joinUrl` in nodes/shared/transport.ts (and the test request below trims the slash itself).
 */
export class OctoAiApi implements ICredentialType {
	name = 'octoAiApi';

	displayName = 'OctoAI API';

	icon: Icon = { light: 'file:../icons/octoai.svg', dark: 'file:../icons/octoai.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-octoai/n8n-nodes-octoai#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The OctoAI API token, sent as a Bearer token',
		},
		{
			displayName: 'Image API Base URL',
			name: 'imageBaseUrl',
			type: 'string',
			default: 'https://image.octoai.run',
			description: 'Base URL of the image generation API. Change it to use an OctoAI-compatible server.',
		},
		{
			displayName: 'Platform API Base URL',
			name: 'platformBaseUrl',
			type: 'string',
			default: 'https://api.octoai.cloud',
			description: 'Base URL of the platform API (asset library, fine-tuning, credential check)',
		},
		{
			displayName: 'Async API Base URL',
			name: 'asyncBaseUrl',
			type: 'string',
			default: 'https://async.octoai.run',
			description:
				'Base URL that answers the status and result of asynchronous requests (Wait Mode "Asynchronous"). An OctoAI-compatible server such as the emulator serves them at its own URL. The token is sent only to these configured bases, never to a URL an answer names.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	// Listing one asset is free and needs a valid token, unlike a generation request.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.platformBaseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/assets',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'OctoAI rejected the API token (401). Copy a valid token into the credential.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No OctoAI platform API at this base URL (404). Check "Platform API Base URL".',
				},
			},
		],
	};
}
