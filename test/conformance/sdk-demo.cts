// npx tsx test/conformance/sdk-demo.cts  (with `npm run emulator` running): the official SDK against the emulator, writes sdxl.png.
import { writeFileSync } from 'node:fs';
import { OctoAIClient } from '@octoai/sdk';
const url = process.env.OCTOAI_EMULATOR_URL ?? 'http://127.0.0.1:8787';
const client = new OctoAIClient({ apiKey: process.env.OCTOAI_TOKEN ?? 'test-token', environment: { default: url, imageGen: url, textGen: url } });
client.imageGen.generateSdxl({ prompt: 'a lighthouse at dawn, watercolor', seed: 42 }).then((r) => writeFileSync('sdxl.png', Buffer.from(r.images[0].imageB64!, 'base64')));
