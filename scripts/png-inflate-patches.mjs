// Patches to fast-png 8.0.0 (pinned in package.json), applied by scripts/bundle-codecs.mjs as it
// bundles the decoder, so that a PNG inflates no more than its header implies. Each find must match
// exactly once, or the build fails.
//
// fast-png hands each IDAT chunk whole to fflate's streaming inflater, which inflates all of it in
// one call before anyone sees the result: a 199 KB IDAT declaring 64x64 inflated 200 MB, and under
// the 20 MB input limit about 20 GB could be asked for. Here an IDAT is pushed in 4 KB slices (at
// most about 4.2 MB of output each, deflate's ratio being under 1032:1), the output is counted as
// it comes, and the decoding stops with a plain Error once the count passes what the header implies:
// per row a filter byte and ceil(width x channels x depth / 8) bytes, and with Adam7 interlacing
// the rows of each of the seven reduced images. The iCCP profile, which the node does not use, is
// skipped rather than inflated (it could be a bomb of its own).
//
// The limit is only as good as the header it is computed from, so the IHDR must be the first chunk
// and the only one (fast-png would read one anywhere, and a second would replace the first: a file
// whose first IHDR said 64x64 decoded to 9000x9000). The samples the IHDR declares (width x height x
// channels x bytes a sample) may be at most MAX_PNG_SAMPLE_BYTES, 256 MiB: every 8-bit PNG within
// the 64-megapixel limit, a 16-bit one up to 32 megapixels (RGBA) or 42 (RGB). The inflated data is
// written as it comes into one buffer of the size the header implies, instead of fast-png keeping
// every piece and then their concatenation; with the unfiltered samples that is about twice the
// budget, 512 MiB, the JPEG decoder's memory limit (a 498 KB 8000x8000 16-bit RGBA PNG, now refused,
// used to peak at 1.27 GB; decoding a 4000x4000 16-bit RGBA one, 128 MB of samples, raised the peak
// by 373 MB and now by 320 MB).

export const MAX_PNG_SAMPLE_BYTES = 256 * 1024 * 1024;

const SLICE = 4 * 1024;

const COUNT_OUTPUT_OLD = `        this._checkCrc = checkCrc;
        this._inflator = new Inflator((chunk, final) => {
            this._chunks.push(chunk);
            if (final) {
                const totalLength = this._chunks.reduce((sum, c) => sum + c.length, 0);
                this._inflatorResult = new Uint8Array(totalLength);
                let offset = 0;
                for (const chunk of this._chunks) {
                    this._inflatorResult.set(chunk, offset);
                    offset += chunk.length;
                }
                this._chunks = [];
            }
        });`;

const COUNT_OUTPUT_NEW = `        this._checkCrc = checkCrc;
        this._inflated = 0;
        this._inflator = new Inflator((chunk, final) => {
            // Into one buffer of the implied size; what would not fit is counted, and refused after the push.
            this._imageData ??= new Uint8Array(imageDataBytes(this._png, this._interlaceMethod));
            const room = Math.max(0, this._imageData.length - this._inflated);
            this._imageData.set(chunk.length <= room ? chunk : chunk.subarray(0, room), Math.min(this._inflated, this._imageData.length));
            this._inflated += chunk.length;
            if (final) this._inflatorResult = this._imageData.subarray(0, this._inflated);
        });`;

const HEADER_FIRST_OLD = `    decodeChunk(length, type) {
        const offset = this.offset;`;

const HEADER_FIRST_NEW = `    decodeChunk(length, type) {
        const offset = this.offset;
        if (type === 'IHDR' && this._headerRead) throw new Error('it has a second PNG header (IHDR chunk); the decoder would take its size');
        if (type !== 'IHDR' && !this._headerRead) throw new Error(\`its first PNG chunk is \${JSON.stringify(type)}, not the header (IHDR)\`);
        this._headerRead = true;`;

const SAMPLE_BUDGET_OLD = `        this._interlaceMethod = this.readUint8();
    }
    decodeACTL() {`;

const SAMPLE_BUDGET_NEW = `        this._interlaceMethod = this.readUint8();
        refuseExcessSamples(this._png);
    }
    decodeACTL() {`;

const PUSH_IDAT_OLD = `        try {
            this._inflator.push(new Uint8Array(this.buffer, dataOffset, dataLength), false);
        }
        catch (error) {
            throw new Error('Error while decompressing the data:', { cause: error });
        }
        this.skip(length);
    }
    decodeFDAT(length) {`;

const PUSH_IDAT_NEW = `        for (let at = 0; at < dataLength; at += ${SLICE}) {
            try {
                this._inflator.push(new Uint8Array(this.buffer, dataOffset + at, Math.min(${SLICE}, dataLength - at)), false);
            }
            catch (error) {
                throw new Error('Error while decompressing the data:', { cause: error });
            }
            refuseExcessImageData(this);
        }
        this.skip(length);
    }
    decodeFDAT(length) {`;

const FINAL_PUSH_OLD = `        this._inflator.push(new Uint8Array(0), true);
        this.decodeImage();`;

const FINAL_PUSH_NEW = `        this._inflator.push(new Uint8Array(0), true);
        refuseExcessImageData(this);
        this.decodeImage();`;

const ICCP_OLD = `        const compressedProfile = this.readBytes(length - name.length - 2);
        this._png.iccEmbeddedProfile = {
            name,
            profile: unzlibSync(compressedProfile),
        };`;

const ICCP_NEW = `        this.skip(length - name.length - 2);`;

const LIMIT = `/** The bytes of filtered image data the header implies (the seven reduced images of Adam7 each have their rows). */
function imageDataBytes(png, interlace) {
    const rowBytes = (width) => 1 + Math.ceil((width * png.channels * png.depth) / 8);
    if (!(png.width > 0 && png.height > 0 && png.channels > 0)) return 0;
    if (interlace !== 1) return png.height * rowBytes(png.width);
    let total = 0;
    for (const [x0, y0, dx, dy] of [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]]) {
        const width = Math.ceil((png.width - x0) / dx);
        const height = Math.ceil((png.height - y0) / dy);
        if (width > 0 && height > 0) total += height * rowBytes(width);
    }
    return total;
}
function refuseExcessSamples(png) {
    const bytes = png.height * Math.ceil((png.width * png.channels * png.depth) / 8);
    if (bytes > ${MAX_PNG_SAMPLE_BYTES}) {
        const mib = (value) => Math.ceil(value / 1048576);
        throw new Error(\`it is a \${png.width}x\${png.height} PNG of \${png.channels} channels at \${png.depth} bits, \${mib(bytes)} MB of samples, above the \${mib(${MAX_PNG_SAMPLE_BYTES})} MB that can be decoded; save it with 8 bits a sample or smaller\`);
    }
}
function refuseExcessImageData(decoder) {
    const limit = imageDataBytes(decoder._png, decoder._interlaceMethod);
    if (decoder._inflated > limit) {
        throw new Error(\`its PNG image data inflates to more than the \${limit} bytes its \${decoder._png.width}x\${decoder._png.height} header implies\`);
    }
}
function checkBitDepth(value) {`;

/** [find, replace] pairs, in order. */
export const PNG_INFLATE_PATCHES = [
	[COUNT_OUTPUT_OLD, COUNT_OUTPUT_NEW],
	[HEADER_FIRST_OLD, HEADER_FIRST_NEW],
	[SAMPLE_BUDGET_OLD, SAMPLE_BUDGET_NEW],
	[PUSH_IDAT_OLD, PUSH_IDAT_NEW],
	[FINAL_PUSH_OLD, FINAL_PUSH_NEW],
	[ICCP_OLD, ICCP_NEW],
	['function checkBitDepth(value) {', LIMIT],
];
