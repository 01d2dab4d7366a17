// The one recognizer of image inputs (nodes/shared/images/image-source.ts): what the engine nodes
// download or decode, what Image Tools passes on as a URL, how errors name an input and how a list of
// inputs is split all follow from it.
import { describeSource, imageSourceKind, splitImageSources } from '../../nodes/shared/images/image-source';

describe('imageSourceKind', () => {
	it.each([
		['https://example.com/a.png', 'url'],
		['HTTP://example.com/a.png', 'url'],
		['data:image/png;base64,iVBORw0KGgo=', 'data-uri'],
		['DATA:image/jpeg;base64,/9j/', 'data-uri'],
		['iVBORw0KGgoAAAANSUhEUg', 'base64'],
		['/9j/4AAQSkZJRg', 'base64'],
		['UklGRiQAAABXRUJQ', 'base64'],
		['data', 'binary-field'],
		['https', 'binary-field'],
		['http:example.com', 'binary-field'],
		['ftp://example.com/a.png', 'binary-field'],
		['dataUri', 'binary-field'],
	])('%s is a %s', (value, kind) => {
		expect(imageSourceKind(value)).toBe(kind);
	});
});

describe('the readers that follow from it', () => {
	it('describeSource names a URL, keeps inline data out of messages and quotes a field name', () => {
		expect(describeSource(' https://example.com/a.png ')).toBe('the image at "https://example.com/a.png"');
		expect(describeSource('data:image/png;base64,iVBORw0KGgo=')).toBe('the image given inline');
		expect(describeSource('iVBORw0KGgoAAAANSUhEUg')).toBe('the image given inline');
		expect(describeSource('data')).toBe('binary field "data"');
		expect(describeSource({ mimeType: 'image/png' })).toBe('the binary object from the expression');
	});

	it("splitImageSources splits at commas but not at a data URI's own comma", () => {
		expect(splitImageSources('a, data:image/png;base64,iVBORw0KGgo=, https://example.com/b.png,')).toEqual([
			'a',
			'data:image/png;base64,iVBORw0KGgo=',
			'https://example.com/b.png',
		]);
		expect(splitImageSources('data:image/png;base64,AAAA,data:image/png;base64,BBBB')).toEqual([
			'data:image/png;base64,AAAA',
			'data:image/png;base64,BBBB',
		]);
		expect(splitImageSources(['x', 'y'])).toEqual(['x', 'y']);
	});
});
