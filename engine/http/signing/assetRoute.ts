import type { FastifyReply, FastifyRequest } from 'fastify';
import { chooseCoding } from './assetEncoding';
import type { SigningAssets } from './servedAssets';

/** A hashed name never changes its bytes: cached for a year, never revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A bare name (or an earlier build's) answers with this build's file, which the next upgrade changes: a short cache. */
export const SHORT = 'public, max-age=300';

/**
 * GET /sign/assets/*: the file in the best coding the client accepts
 * (br, gzip, none), with its length, an ETag per coding, and 304 for a
 * matching If-None-Match.
 */
export async function sendAsset(assets: SigningAssets, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
	const found = assets.find((request.params as { '*': string })['*']);
	if (!found) return reply.status(404).send({ error: { code: 'asset_not_found', message: 'No such file of the signing page.', details: [] } });
	const { entry, immutable } = found;
	let coding = chooseCoding(request.headers['accept-encoding'], assets.codings(entry));
	let body = await assets.body(entry, coding);
	if (!body) {
		coding = null;
		body = (await assets.body(entry, null))!;
	}
	const etag = `"${entry.digest}${coding ? `-${coding}` : ''}"`;
	reply.header('cache-control', immutable ? IMMUTABLE : SHORT).header('vary', 'accept-encoding').header('etag', etag).type(entry.contentType);
	if (noneMatch(request.headers['if-none-match'], etag)) return reply.status(304).send();
	if (coding) reply.header('content-encoding', coding);
	return reply.send(body);
}

function noneMatch(header: string | undefined, etag: string): boolean {
	if (!header) return false;
	return header.split(',').some((candidate) => {
		const tag = candidate.trim().replace(/^W\//, '');
		return tag === etag || tag === '*';
	});
}
