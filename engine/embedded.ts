// The one entry point of the engine that the credential loads (built: dist/engine/embedded.js).
export * from './runtime/embedded';
