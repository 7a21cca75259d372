/** `work`'s result, or a rejection with `message` once `ms` have passed (the work itself goes on). */
export async function withTimeLimit<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			work,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(message)), ms);
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}
