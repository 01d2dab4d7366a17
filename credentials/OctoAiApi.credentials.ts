import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The token plus the three API bases. Base URLs are user-editable so the nodes work with any
 * OctoAI-compatible server (the project's emulator, a proxy, a self-hosted gateway); a path
 * prefix and a trailing slash are both fine because every request joins paths through
 * `joinUrl` in nodes/shared/http/api-request.ts (and the test request below trims the slash itself).
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
			description: 'The token of your OctoAI-compatible server, sent as a Bearer token to the three base URLs below only',
		},
		{
			displayName: 'Image API Base URL',
			name: 'imageBaseUrl',
			type: 'string',
			default: 'https://image.octoai.run',
			description:
				'Where the image generation API answers (/generate/sdxl, …). The default is the hosted OctoAI API, which is offline: enter the URL of an OctoAI-compatible server, such as this package\'s emulator.',
		},
		{
			displayName: 'Platform API Base URL',
			name: 'platformBaseUrl',
			type: 'string',
			default: 'https://api.octoai.cloud',
			description:
				'Where the asset library and fine-tuning API answers (/v1/assets, /v1/tune); the credential test lists one asset there. The default hosted API is offline: enter your OctoAI-compatible server\'s URL.',
		},
		{
			displayName: 'Async API Base URL',
			name: 'asyncBaseUrl',
			type: 'string',
			default: 'https://async.octoai.run',
			description:
				'Where the status and result of asynchronous requests are read (/v1/requests/{id}, /v1/responses/{id}; the nodes\' Wait Mode "Asynchronous"); the credential test asks it for an unknown request. An OctoAI-compatible server such as this package\'s emulator serves them at its own URL. The token goes only to these configured bases, never to a URL an answer names.',
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

	// No declarative `test`: n8n allows it one request (with `rules` on its answer only), and the
	// image, platform and async APIs may be three servers, each to check, and every base URL's form
	// (no user:password@) is checked before any request. Every node names the test function in
	// nodes/shared/http/credential-test.ts (`testedBy`), which n8n's "Test" button runs.
}
