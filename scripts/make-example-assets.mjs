// Draws the example workflows' input pictures (examples/assets/). Run once; the files are committed.
import sharp from 'sharp';
const out = 'examples/assets/';
const svg = (w, h, body) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${body}</svg>`);
const room = svg(1024, 1024, `<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#e8d9c0"/><stop offset="1" stop-color="#8a6e4b"/></linearGradient></defs>
<rect width="1024" height="1024" fill="url(#g)"/><rect x="0" y="700" width="1024" height="324" fill="#5b4632"/>
<rect x="380" y="260" width="264" height="300" fill="#9cc7e8" stroke="#ffffff" stroke-width="16"/><line x1="512" y1="260" x2="512" y2="560" stroke="#fff" stroke-width="10"/>
<rect x="120" y="560" width="220" height="180" fill="#7b3f2a"/><circle cx="820" cy="620" r="90" fill="#3f7b4a"/>`);
await sharp(room).png().toFile(out + 'room.png');
await sharp(svg(1024, 1024, `<rect width="1024" height="1024" fill="#000"/><rect x="352" y="220" width="320" height="380" fill="#fff"/>`)).png().toFile(out + 'room-mask.png');
// Outpainting: the 832x832 room picture on the left of a 1216x832 canvas; the mask marks the new strip.
const small = await sharp(room).resize(832, 832).png().toBuffer();
await sharp({ create: { width: 1216, height: 832, channels: 3, background: '#000000' } }).composite([{ input: small, left: 0, top: 0 }]).png().toFile(out + 'outpaint-canvas.png');
await sharp(svg(1216, 832, `<rect width="1216" height="832" fill="#000"/><rect x="832" y="0" width="384" height="832" fill="#fff"/>`)).png().toFile(out + 'outpaint-mask.png');
// ControlNet: a canny-style line drawing of a house.
await sharp(svg(1024, 1024, `<rect width="1024" height="1024" fill="#000"/><g fill="none" stroke="#fff" stroke-width="6">
<polyline points="212,520 512,260 812,520"/><rect x="262" y="520" width="500" height="340"/><rect x="452" y="680" width="120" height="180"/>
<rect x="312" y="580" width="100" height="90"/><rect x="612" y="580" width="100" height="90"/><circle cx="840" cy="180" r="70"/></g>`)).png().toFile(out + 'control-house-edges.png');
for (const [i, color] of [[1, '#c8553d'], [2, '#2f6690']]) {
  await sharp(svg(512, 512, `<rect width="512" height="512" fill="#f2e9e4"/><circle cx="256" cy="190" r="90" fill="#e0ac69"/><rect x="150" y="290" width="212" height="222" rx="60" fill="${color}"/><circle cx="225" cy="180" r="10" fill="#222"/><circle cx="287" cy="180" r="10" fill="#222"/>`)).jpeg({ quality: 85 }).toFile(out + `subject-${i}.jpg`);
}
// Fitting (issue 29): a portrait phone photo (3:4, 1512x2016: a sun that must stay round) and a product cut-out with a transparent background.
await sharp(svg(1512, 2016, `<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#6fa8dc"/><stop offset="1" stop-color="#f6d7a7"/></linearGradient></defs>
<rect width="1512" height="2016" fill="url(#s)"/><circle cx="756" cy="700" r="300" fill="#f28c28"/><rect x="0" y="1300" width="1512" height="716" fill="#2e5e3a"/>`)).jpeg({ quality: 80 }).toFile(out + 'phone-photo.jpg');
await sharp(svg(512, 512, `<rect x="196" y="96" width="120" height="80" rx="12" fill="#3d5a80"/><rect x="146" y="160" width="220" height="300" rx="40" fill="#98c1d9"/><rect x="176" y="250" width="160" height="90" fill="#e0fbfc"/>`)).png().toFile(out + 'cutout.png');
