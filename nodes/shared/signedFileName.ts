/**
 * The name a signed PDF is handed to n8n under: contract.pdf -> contract-signed.pdf.
 * The engine names its downloads the same way; the nodes keep their own copy
 * because they reach the engine only through its REST API.
 */
export function signedFileName(name: string): string {
	return name.replace(/(\.pdf)?$/i, '-signed.pdf');
}
