// The envelope's floor, a bare script doing only the work an envelope cannot do without:
// pdf-lib loads the 1-page PDF, stamps the two drawn signatures (PNG), the engine's own PAdES
// seal (LocalP12Sealer: placeholder, save, CMS by padesSigner) signs it, and 15 SQLite commits
// are fsynced (WAL, synchronous=FULL, as the engine opens its file).
//   node --require tsx/cjs bench/envelope-floor.js FILE.pdf ITERATIONS [WARMUP]
// Warms up (WARMUP iterations, default 2), prints "ready", waits for a line on stdin (so several run at once), runs, prints JSON.
'use strict';
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Database = require('libsql');
const { PDFDocument } = require('pdf-lib');
const { LocalP12Sealer } = require('../engine/pdf/localP12Sealer');
const { identityFromP12, selfSignedP12 } = require('../engine/pdf/sealIdentity');
const { strokePng: signaturePng } = require('../test/helpers/pdf/pngs');

const COMMITS = 15;
const [file, iterations = '20', warmup = '2'] = process.argv.slice(2);
const bytes = readFileSync(file);
const png = signaturePng();
const sealer = new LocalP12Sealer(identityFromP12(selfSignedP12('Floor Org', 'pw'), 'pw'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'signflow-bench-floor-'));
const db = new Database(path.join(dir, 'floor.sqlite'));
db.exec('pragma journal_mode = WAL; pragma synchronous = FULL;');
db.exec('create table events (id integer primary key, workflow_id text not null, type text not null, data text not null)');
const insert = db.prepare('insert into events (workflow_id, type, data) values (?, ?, ?)');
const begin = db.prepare('begin');
const commit = db.prepare('commit');

async function once(n) {
	const document = await PDFDocument.load(bytes, { updateMetadata: false });
	const page = document.getPage(0);
	for (const y of [90, 200]) page.drawImage(await document.embedPng(png), { x: 60, y, width: 180, height: 60 });
	const sealed = await sealer.seal(document, { signingTime: new Date(), reason: 'Signed by all parties', location: 'Floor Org', contactInfo: 'Floor Org' });
	for (let i = 0; i < COMMITS; i += 1) {
		begin.run();
		insert.run(`wf-${n}`, 'signer.signed', JSON.stringify({ signerId: `s-${i}`, name: 'Zoë Ångström', at: new Date().toISOString() }));
		commit.run();
	}
	return sealed.length;
}

(async () => {
	try {
		for (let n = 1; n <= Number(warmup); n += 1) await once(-n);
		process.stdout.write('ready\n');
		await new Promise((resolve) => process.stdin.once('data', resolve));
		const cpu = process.cpuUsage();
		const start = Date.now();
		for (let n = 0; n < Number(iterations); n += 1) await once(n);
		const end = Date.now();
		const used = process.cpuUsage(cpu);
		process.stdout.write(`${JSON.stringify({ start, end, iterations: Number(iterations), cpuMs: (used.user + used.system) / 1000 })}\n`);
	} finally {
		db.close();
		rmSync(dir, { recursive: true, force: true });
	}
})();
