// The image codecs the shipped nodes use, bundled by scripts/bundle-codecs.mjs into
// dist/nodes/shared/images/vendor/codecs.js at build (n8n takes no runtime dependencies). Both are pure
// JavaScript: fast-png (with pako for zlib) and jpeg-js; nothing here reaches a Node built-in.
export { decode as decodePng, encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
export const decodeJpeg = jpeg.decode;
