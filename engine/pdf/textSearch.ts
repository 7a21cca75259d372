import { tagSpans } from '../domain';

/** What to look for in a PDF's text: its text tags, or every occurrence of an anchor text. */
export type TextSearch = { tags: true } | { anchor: string };

type Select = (text: string) => Array<{ start: number; end: number }>;

export function searchOf(search: TextSearch): Select {
	if ('tags' in search)
		// An unclosed tag is reported by its `{{` alone.
		return (text) => tagSpans(text).map(({ start, end }) => ({ start, end: end === -1 ? start + 2 : end }));
	const anchor = search.anchor;
	return (text) => {
		const spans: Array<{ start: number; end: number }> = [];
		if (anchor === '') return spans;
		for (let at = text.indexOf(anchor); at !== -1; at = text.indexOf(anchor, at + anchor.length))
			spans.push({ start: at, end: at + anchor.length });
		return spans;
	};
}
