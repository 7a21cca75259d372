/** pako (pdf-lib's compressor) ships no types; nativeZlib.ts only swaps its deflate. */
declare module 'pako' {
	const pako: { deflate(input: Uint8Array, options?: unknown): Uint8Array };
	export default pako;
}
