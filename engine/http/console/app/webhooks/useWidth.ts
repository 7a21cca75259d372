import { useEffect, useRef, useState } from 'preact/hooks';

/** The width an element is laid out at, followed as the window changes: charts draw at their real size, so their text stays readable. */
export function useWidth<T extends HTMLElement>(fallback: number) {
	const ref = useRef<T>(null);
	const [width, setWidth] = useState(fallback);
	useEffect(() => {
		const element = ref.current;
		if (!element) return;
		const measure = () => setWidth(Math.max(280, Math.floor(element.getBoundingClientRect().width)));
		measure();
		const observer = new ResizeObserver(measure);
		observer.observe(element);
		return () => observer.disconnect();
	}, []);
	return { ref, width };
}
