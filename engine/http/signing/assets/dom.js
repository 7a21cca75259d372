// Building the page: every sender- or signer-typed value goes in as a text node, never as HTML.

export function el(tag, attributes = {}, ...children) {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === false || value === null || value === undefined) continue;
		if (name === 'class') node.className = value;
		else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
		else node.setAttribute(name, value === true ? '' : String(value));
	}
	for (const child of children.flat()) {
		if (child === null || child === undefined || child === false) continue;
		node.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return node;
}

/** Shrinks a line of text (a typed signature, a filled value) until it fits its box's width, as the stamp does. */
export function fitWidth(node) {
	const fit = () => {
		const box = node.parentElement;
		if (!box || !node.isConnected) return;
		node.style.fontSize = '';
		const available = box.clientWidth * 0.94;
		const width = node.getBoundingClientRect().width;
		if (width > available && width > 0) node.style.fontSize = `${(parseFloat(getComputedStyle(node).fontSize) * available) / width}px`;
	};
	// Once placed, and again once its font has loaded (fonts swap in).
	requestAnimationFrame(fit);
	document.fonts.ready.then(fit);
}
