export { startEngine, openCore, type RunningEngine, type StartOptions } from './engine';
export { SignflowService, type AuditTrail } from './service';
export type { WorkflowDetail } from './views';
export * as domain from './domain';
export { runCli } from './cli';
export * from './embedded';
