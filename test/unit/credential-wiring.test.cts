import { OctoAiAssetLibrary } from '../../nodes/OctoAiAssetLibrary/OctoAiAssetLibrary.node';
import { OctoAiControlNetSd15 } from '../../nodes/OctoAiControlNetSd15/OctoAiControlNetSd15.node';
import { OctoAiControlNetSdxl } from '../../nodes/OctoAiControlNetSdxl/OctoAiControlNetSdxl.node';
import { OctoAiFineTuning } from '../../nodes/OctoAiFineTuning/OctoAiFineTuning.node';
import { OctoAiImageTools } from '../../nodes/OctoAiImageTools/OctoAiImageTools.node';
import { OctoAiStableVideoDiffusion } from '../../nodes/OctoAiStableVideoDiffusion/OctoAiStableVideoDiffusion.node';
import { OctoAiSd15 } from '../../nodes/OctoAiSd15/OctoAiSd15.node';
import { OctoAiSdxl } from '../../nodes/OctoAiSdxl/OctoAiSdxl.node';
import { OctoAiSd3 } from '../../nodes/OctoAiSd3/OctoAiSd3.node';
import { OctoAiFluxDev } from '../../nodes/OctoAiFluxDev/OctoAiFluxDev.node';
import { OctoAiFluxSchnell } from '../../nodes/OctoAiFluxSchnell/OctoAiFluxSchnell.node';
import { OctoAiApi } from '../../credentials/OctoAiApi.credentials';
import { CREDENTIAL_TEST_NAME, testOctoAiCredential } from '../../nodes/shared/http/credential-test';

// n8n runs a node's `testedBy` function for the credential's Test button; the platform nodes spell
// the names as literals for n8n's lint, so this checks every node names the same test and type.
it.each([OctoAiSdxl, OctoAiSd15, OctoAiControlNetSdxl, OctoAiControlNetSd15, OctoAiSd3, OctoAiFluxDev, OctoAiFluxSchnell, OctoAiAssetLibrary, OctoAiFineTuning, OctoAiImageTools, OctoAiStableVideoDiffusion])(
	'%p names the credential and its test function',
	(Node) => {
		const node = new Node();
		expect(node.description.credentials).toEqual([{ name: new OctoAiApi().name, required: true, testedBy: CREDENTIAL_TEST_NAME }]);
		expect(node.methods.credentialTest[CREDENTIAL_TEST_NAME]).toBe(testOctoAiCredential);
	},
);
