// Patches to jpeg-js 0.4.4 (pinned in package.json), applied by scripts/bundle-codecs.mjs as it
// bundles the decoder, so that a 12-megapixel photo is decoded holding about two copies of its
// pixels instead of six. Each find must match exactly once, or the build fails.
//
// jpeg-js keeps every 8x8 block of DCT coefficients as its own Int32Array(64): 283,000 typed arrays
// for a 4032x3024 photo, about 217 MB with V8's per-array overhead, held until the whole image is
// decoded. Here each component keeps one Int16Array (the range baseline and progressive 8-bit
// coefficients take; pdf.js, jpeg-js's origin, stores them the same way), a block is a short-lived
// view into it, and a component's coefficients are dropped as soon as its sample lines are built.
// JpegImage is exported so that codecs-entry.mjs can take its RGB output without a second copy.

const ALLOCATE_BLOCKS = `            var blocks = [];

            // Each block is a Int32Array of length 64 (4 x 64 = 256 bytes)
            requestMemoryAllocation(blocksToAllocate * 256);

            for (var i = 0; i < blocksPerColumnForMcu; i++) {
              var row = [];
              for (var j = 0; j < blocksPerLineForMcu; j++)
                row.push(new Int32Array(64));
              blocks.push(row);
            }
            component.blocksPerLine = blocksPerLine;
            component.blocksPerColumn = blocksPerColumn;
            component.blocks = blocks;`;

const ALLOCATE_COEFFICIENTS = `            // All blocks of the component in one Int16Array, 64 coefficients each (blockAt).
            requestMemoryAllocation(blocksToAllocate * 128);
            component.blocksPerLine = blocksPerLine;
            component.blocksPerColumn = blocksPerColumn;
            component.blocksPerLineForMcu = blocksPerLineForMcu;
            component.blocksPerColumnForMcu = blocksPerColumnForMcu;
            component.coefficients = new Int16Array(blocksToAllocate * 64);`;

const BLOCK_AT = `  /** The coefficients of one block, a view into its component's array; undefined outside it. */
  function blockAt(component, blockRow, blockCol) {
    if (blockRow >= component.blocksPerColumnForMcu || blockCol >= component.blocksPerLineForMcu) return undefined;
    var at = (blockRow * component.blocksPerLineForMcu + blockCol) * 64;
    return component.coefficients.subarray(at, at + 64);
  }

  function buildComponentData(frame, component) {`;

const DECODE_BLOCK_OLD = `      if (component.blocks[blockRow] === undefined && opts.tolerantDecoding)
        return;
      decode(component, component.blocks[blockRow][blockCol]);`;

const DECODE_BLOCK_NEW = `      var block = blockAt(component, blockRow, blockCol);
      if (block === undefined && opts.tolerantDecoding)
        return;
      decode(component, block);`;

/** [find, replace] pairs, in order. */
export const JPEG_MEMORY_PATCHES = [
	[ALLOCATE_BLOCKS, ALLOCATE_COEFFICIENTS],
	['  function buildComponentData(frame, component) {', BLOCK_AT],
	// decodeMcu's and decodeBlock's block lookups are the same three lines; the second find sees only the one left.
	[`      var blockCol = mcuCol * component.h + col;\n      // If the block is missing and we're in tolerant mode, just skip it.\n${DECODE_BLOCK_OLD}`, `      var blockCol = mcuCol * component.h + col;\n${DECODE_BLOCK_NEW}`],
	[`      var blockCol = mcu % component.blocksPerLine;\n      // If the block is missing and we're in tolerant mode, just skip it.\n${DECODE_BLOCK_OLD}`, `      var blockCol = mcu % component.blocksPerLine;\n${DECODE_BLOCK_NEW}`],
	['        quantizeAndInverse(component.blocks[blockRow][blockCol], r, R);', '        quantizeAndInverse(blockAt(component, blockRow, blockCol), r, R);'],
	// The lines are built: the coefficients are no longer needed.
	['        }\n      }\n    }\n    return lines;\n  }', '        }\n      }\n    }\n    component.coefficients = null;\n    return lines;\n  }'],
	['\tmodule.exports = decode;', '\tmodule.exports = decode;\n\tdecode.JpegImage = JpegImage;'],
];
