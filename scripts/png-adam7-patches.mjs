// Patches to fast-png 8.0.0's Adam7 de-interlacer (lib/helpers/decode_interlace_adam7.js), applied by
// scripts/bundle-codecs.mjs as it bundles the decoder. Each find must match exactly once, or the
// build fails.
//
// Below 8 bits a sample (1, 2 or 4: greyscale and palette PNGs only, one sample a pixel) fast-png
// reads each reduced image's rows as if a pixel took a whole byte, so an interlaced 1-, 2- or 4-bit
// PNG came out as noise or failed ("cannot be prepared"). Here such a file is de-interlaced bit by bit
// into packed rows, ceil(width x depth / 8) bytes each: the layout fast-png gives for the same image
// without interlacing, which the node's sample reader (images/fitting/codec.ts) already reads. Row
// filters work on whole bytes with a pixel distance of 1 at these depths (PNG specification, 9.2).

const PACKED_BRANCH_OLD = `    const bytesPerPixel = Math.ceil(depth / 8) * channels;
    const resultData = new Uint8Array(height * width * bytesPerPixel);`;

const PACKED_BRANCH_NEW = `    if (depth < 8) return decodePackedAdam7(params, passes);
    const bytesPerPixel = Math.ceil(depth / 8) * channels;
    const resultData = new Uint8Array(height * width * bytesPerPixel);`;

const PACKED_DECODER_OLD = `function swap16(val) {`;

const PACKED_DECODER_NEW = `function decodePackedAdam7({ data, width, height, channels, depth }, passes) {
    // PNG allows fewer than 8 bits a sample only for greyscale and palette images: one sample a pixel.
    if (channels !== 1)
        throw new Error(\`a PNG of \${depth} bits a sample must have one sample a pixel, not \${channels}\`);
    const bits = depth;
    const mask = (1 << bits) - 1;
    const rowBytes = Math.ceil((width * bits) / 8);
    const result = new Uint8Array(height * rowBytes);
    let offset = 0;
    for (const pass of passes) {
        const passWidth = Math.ceil((width - pass.x) / pass.xStep);
        const passHeight = Math.ceil((height - pass.y) / pass.yStep);
        if (passWidth <= 0 || passHeight <= 0)
            continue;
        const lineBytes = Math.ceil((passWidth * bits) / 8);
        let prevLine = new Uint8Array(lineBytes);
        for (let y = 0; y < passHeight; y++) {
            const filterType = data[offset++];
            const newLine = new Uint8Array(lineBytes);
            applyUnfilter(filterType, data.subarray(offset, offset + lineBytes), newLine, prevLine, lineBytes, 1);
            offset += lineBytes;
            prevLine = newLine;
            const row = (pass.y + y * pass.yStep) * rowBytes;
            for (let x = 0; x < passWidth; x++) {
                const from = x * bits;
                const value = (newLine[from >> 3] >> (8 - bits - (from & 7))) & mask;
                const to = (pass.x + x * pass.xStep) * bits;
                result[row + (to >> 3)] |= value << (8 - bits - (to & 7));
            }
        }
    }
    return result;
}
function swap16(val) {`;

export const PNG_ADAM7_PATCHES = [
	[PACKED_BRANCH_OLD, PACKED_BRANCH_NEW],
	[PACKED_DECODER_OLD, PACKED_DECODER_NEW],
];
